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

/** {@code json-has}: the JSON body has the given values at the given pointers (Argos). */
public final class JsonHasProvider extends BuiltinProvider {
  static final String NAME = "json-has";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public JsonHasProvider() {
    super(NAME,
        "Fails (critical) unless the JSON body has, at each pointer, a value equal to the given one (numbers by "
                + "value, objects ignoring key order); a body that is not JSON is an error (unknown).",
        "a map of RFC 6901 JSON pointer to expected JSON value, e.g. {\"/status\": \"ok\", \"/count\": 3}",
        List.of(Map.of("/status", "ok"), Map.of("/count", 3, "/tags", List.of("a", "b"), "/meta", Map.of("v", true))),
        Arrays.asList(null, Map.of(), Map.of("status", "ok"), List.of("/status"), "/status"));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Map<JsonPointer, JsonNode> expected = new LinkedHashMap<>();
    Map<String, @Nullable Object> shown = new LinkedHashMap<>();
    Params.map(NAME, parameter, "JSON pointers to values").forEach((k, v) -> {
      expected.put(Params.pointer(NAME, parameter, k), Json.toTree(v));
      shown.put(k, v);
    });
    return new JsonHas(Collections.unmodifiableMap(expected), Collections.unmodifiableMap(shown));
  }

  private record JsonHas(Map<JsonPointer, JsonNode> expected, Map<String, @Nullable Object> shown) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      Json.Parsed parsed = Json.parse(response);
      if (parsed.node() == null) {
        return parsed.error().with("expected", shown);
      }
      Map<String, @Nullable Object> actual = new LinkedHashMap<>();
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<JsonPointer, JsonNode> e : expected.entrySet()) {
        JsonNode found = parsed.node().at(e.getKey());
        actual.put(e.getKey().toString(), Json.forContext(found));
        if (found.isMissingNode()) {
          wrong.add(e.getKey() + " missing");
        } else if (!Json.sameValue(found, e.getValue())) {
          wrong.add(e.getKey() + " is " + Params.abbreviate(found.toString(), 80));
        }
      }
      return wrong.isEmpty()
          ? Results.success("JSON values as expected", shown, actual)
          : Results.failure("unexpected JSON values: " + String.join(", ", wrong), shown, actual);
    }
  }
}
