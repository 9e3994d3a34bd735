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

/** {@code json-is}: the JSON body equals the given document, ignoring key order (Argos). */
public final class JsonIsProvider extends BuiltinProvider {
  static final String NAME = "json-is";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public JsonIsProvider() {
    super(NAME,
        "Fails (critical) unless the JSON body equals the given document (object key order ignored, numbers "
                + "compared by value); a body that is not JSON is an error (unknown).",
        "a JSON document as text ('{\"status\": \"ok\"}') or as a YAML/JSON structure ({status: ok})",
        List.of("{\"status\": \"ok\", \"count\": 2}", Map.of("status", "ok"), List.of(1, 2, 3), "\"up\"", "null"),
        Arrays.asList(null, "{not json", "", "{\"a\": 1} trailing"));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    JsonNode expected;
    if (parameter instanceof String s) {
      // As in Argos the parameter is JSON text; a JSON string document is written with its quotes ('"up"').
      try {
        expected = Json.MAPPER.readTree(s);
      } catch (java.io.IOException e) {
        throw Params.invalid(NAME, parameter, "expected a JSON document (text that parses as JSON, or a structure)");
      }
      if (expected == null || expected.isMissingNode()) {
        throw Params.invalid(NAME, parameter, "expected a JSON document, not empty text");
      }
    } else if (parameter instanceof Map || parameter instanceof List || parameter instanceof Number
        || parameter instanceof Boolean) {
      expected = Json.toTree(parameter);
    } else {
      throw Params.invalid(NAME, parameter, "expected a JSON document as text or as a structure");
    }
    return new JsonIs(expected);
  }

  private record JsonIs(JsonNode expected) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      Object shown = Json.forContext(expected);
      Json.Parsed parsed = Json.parse(response);
      if (parsed.node() == null) {
        return parsed.error().with("expected", shown);
      }
      return Json.sameValue(parsed.node(), expected)
          ? Results.success("JSON document as expected", shown, null)
          : Results.failure("JSON document differs from the expected one", shown, Json.forContext(parsed.node()));
    }
  }
}
