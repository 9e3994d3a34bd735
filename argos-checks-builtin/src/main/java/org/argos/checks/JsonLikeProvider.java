package org.argos.checks;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code json-like}: the JSON values at the given pointers match regular expressions (Argos). */
public final class JsonLikeProvider extends BuiltinProvider {
  static final String NAME = "json-like";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public JsonLikeProvider() {
    super(NAME,
        "Fails (critical) unless the JSON body has a value at each pointer in which the regular expression is "
                + "found (a string is searched as is, other values as their JSON text); a body that is not JSON is an error "
                + "(unknown).",
        "a map of RFC 6901 JSON pointer to regular expression, e.g. {\"/version\": \"^2\\\\.\"}",
        List.of(Map.of("/version", "^2\\."), Map.of("/status", "(?i)^(ok|up)$", "/count", "^[0-9]+$")),
        Arrays.asList(null, Map.of(), Map.of("/a", "(unclosed"), Map.of("a", "x"), Map.of("/a", 3), List.of("/a")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Map<JsonPointer, Pattern> patterns = new LinkedHashMap<>();
    Map<String, String> shown = new LinkedHashMap<>();
    Params.map(NAME, parameter, "JSON pointers to regular expressions").forEach((k, v) -> {
      Pattern p = Params.regex(NAME, parameter, v);
      patterns.put(Params.pointer(NAME, parameter, k), p);
      shown.put(k, p.pattern());
    });
    return new JsonLike(Collections.unmodifiableMap(patterns), Collections.unmodifiableMap(shown));
  }

  private record JsonLike(Map<JsonPointer, Pattern> patterns, Map<String, String> shown) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      Json.Parsed parsed = Json.parse(response);
      if (parsed.node() == null) {
        return parsed.error().with("expected", shown);
      }
      Map<String, @Nullable Object> actual = new LinkedHashMap<>();
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<JsonPointer, Pattern> e : patterns.entrySet()) {
        JsonNode found = parsed.node().at(e.getKey());
        actual.put(e.getKey().toString(), Json.forContext(found));
        if (found.isMissingNode()) {
          wrong.add(e.getKey() + " missing");
          continue;
        }
        String text = found.isTextual() ? found.textValue() : found.toString();
        if (!e.getValue().matcher(text).find()) {
          wrong.add(e.getKey() + " is " + Params.abbreviate(found.toString(), 80));
        }
      }
      return wrong.isEmpty()
          ? Results.success("JSON values match", shown, actual)
          : Results.failure("JSON values do not match: " + String.join(", ", wrong), shown, actual);
    }
  }
}
