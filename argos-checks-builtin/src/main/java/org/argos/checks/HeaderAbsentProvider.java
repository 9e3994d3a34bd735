package org.argos.checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code header-absent}: the response has none of the named headers (beyond Argos). */
public final class HeaderAbsentProvider extends BuiltinProvider {
  static final String NAME = "header-absent";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public HeaderAbsentProvider() {
    super(NAME,
        "Fails (critical) when the response has any of the named headers (names are case-insensitive).",
        "a header name or a non-empty list of them, e.g. [\"x-powered-by\", \"server\"]",
        List.of("x-powered-by", List.of("X-Powered-By", "X-AspNet-Version")),
        Arrays.asList(null, "", List.of(), List.of(1), Map.of("server", "nginx")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new HeaderAbsent(Params.names(NAME, parameter, "header names"));
  }

  private record HeaderAbsent(List<String> names) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", "absent: " + names);
      }
      Map<String, String> present = new LinkedHashMap<>();
      for (String n : names) {
        String v = Headers.joined(Headers.values(response, n)); // every value of a repeated header is shown
        if (v != null) {
          present.put(n.toLowerCase(Locale.ROOT), v);
        }
      }
      return present.isEmpty()
          ? Results.success("none of " + names + " present", "absent: " + names, null)
          : Results.failure("unwanted headers present: " + String.join(", ", present.keySet()), "absent: " + names, present);
    }
  }
}
