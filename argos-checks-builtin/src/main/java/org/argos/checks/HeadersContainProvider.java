package org.argos.checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code headers-contain}: the response has every named header (Argos). */
public final class HeadersContainProvider extends BuiltinProvider {
  static final String NAME = "headers-contain";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public HeadersContainProvider() {
    super(NAME,
        "Fails (critical) unless the response has every named header (names are case-insensitive).",
        "a non-empty list of header names, e.g. [\"content-type\", \"strict-transport-security\"]",
        List.of(List.of("content-type"), List.of("Content-Type", "Cache-Control"), "etag"),
        Arrays.asList(null, List.of(), List.of(""), 42, Map.of("a", "b")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new HeadersContain(Params.names(NAME, parameter, "header names"));
  }

  private record HeadersContain(List<String> names) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", names);
      }
      List<String> missing = new ArrayList<>();
      for (String n : names) {
        if (Headers.values(response, n).isEmpty()) {
          missing.add(n);
        }
      }
      List<String> present = List.copyOf(response.headers().keySet());
      return missing.isEmpty()
          ? Results.success("all " + names.size() + " headers present", names, present)
          : Results.failure("missing headers: " + String.join(", ", missing), names, present).with("missing", missing);
    }
  }
}
