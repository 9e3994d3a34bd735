package org.argos.checks;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code json-contains}: the JSON body has a value at every given pointer (Argos). */
public final class JsonContainsProvider extends BuiltinProvider {
  static final String NAME = "json-contains";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public JsonContainsProvider() {
    super(NAME,
        "Fails (critical) unless the JSON body has a value (possibly null) at every given JSON pointer; "
                + "a body that is not JSON is an error (unknown).",
        "a non-empty list of RFC 6901 JSON pointers, e.g. [\"/status\", \"/items/0/id\"]",
        List.of(List.of("/status"), List.of("/items/0/id", "/meta/a~1b", "")),
        Arrays.asList(null, "/status", List.of(), List.of("status"), List.of(3)));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (!(parameter instanceof List<?> list) || list.isEmpty()) {
      throw Params.invalid(NAME, parameter, "expected a non-empty list of RFC 6901 JSON pointers, e.g. [\"/status\"]");
    }
    List<JsonPointer> pointers = new ArrayList<>();
    for (Object o : list) {
      pointers.add(Params.pointer(NAME, parameter, o));
    }
    return new JsonContains(List.copyOf(pointers));
  }

  private record JsonContains(List<JsonPointer> pointers) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      List<String> expected = pointers.stream().map(JsonPointer::toString).toList();
      Json.Parsed parsed = Json.parse(response);
      if (parsed.node() == null) {
        return parsed.error().with("expected", expected);
      }
      List<String> missing = new ArrayList<>();
      for (JsonPointer p : pointers) {
        if (parsed.node().at(p).isMissingNode()) {
          missing.add(p.toString());
        }
      }
      return missing.isEmpty()
          ? Results.success("all " + pointers.size() + " JSON pointers found", expected, null)
          : Results.failure("missing JSON pointers: " + String.join(", ", missing), expected, null).with("missing", missing);
    }
  }
}
