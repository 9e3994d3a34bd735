package org.argos.checks;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

/** {@code json-like}: the JSON values at the given pointers match regular expressions (Argos). */
public final class JsonLikeProvider extends BuiltinProvider {
  static final String NAME = "json-like";

  private final Duration budget;

  /**
   * Creates the provider with the default matching budget, 2 s per evaluation; used by
   * {@link java.util.ServiceLoader}.
   */
  public JsonLikeProvider() {
    this(Regex.DEFAULT_BUDGET);
  }

  /**
   * @param matchBudget the time one evaluation may spend matching; past it the result is an error (unknown) saying so
   * @throws org.argos.api.InvalidValueException when the budget is not positive
   */
  public JsonLikeProvider(Duration matchBudget) {
    super(NAME,
        "Fails (critical) unless the JSON body has a value at each pointer in which the regular expression (RE2 "
                + "syntax, Python spellings accepted) is found (a string is searched as is, other values as their JSON "
                + "text); a body that is not JSON, or a search that runs out of its time budget, is an error "
                + "(unknown).",
        "a map of RFC 6901 JSON pointer to regular expression, e.g. {\"/version\": \"^2\\\\.\"}",
        List.of(Map.of("/version", "^2\\."), Map.of("/status", "(?i)^(ok|up)$", "/count", "^[0-9]+$")),
        Arrays.asList(null, Map.of(), Map.of("/a", "(unclosed"), Map.of("a", "x"), Map.of("/a", 3), List.of("/a"),
            Map.of("/a", "(?P<x>a)(?P=x)")));
    this.budget = Regex.positive(NAME, matchBudget);
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Map<JsonPointer, Regex> patterns = new LinkedHashMap<>();
    Map<String, String> shown = new LinkedHashMap<>();
    Params.map(NAME, parameter, "JSON pointers to regular expressions").forEach((k, v) -> {
      Regex p = Regex.compile(NAME, parameter, k, v);
      patterns.put(Params.pointer(NAME, parameter, k), p);
      shown.put(k, p.source());
    });
    return new JsonLike(Collections.unmodifiableMap(patterns), Collections.unmodifiableMap(shown), budget);
  }

  private record JsonLike(Map<JsonPointer, Regex> patterns, Map<String, String> shown, Duration budget)
      implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      Json.Parsed parsed = Json.parse(response);
      if (parsed.node() == null) {
        return parsed.error().with("expected", shown);
      }
      Map<String, @Nullable Object> actual = new LinkedHashMap<>();
      List<String> wrong = new ArrayList<>();
      Regex.Budget b = Regex.Budget.start(budget);
      for (Map.Entry<JsonPointer, Regex> e : patterns.entrySet()) {
        JsonNode found = parsed.node().at(e.getKey());
        actual.put(e.getKey().toString(), Json.forContext(found));
        if (found.isMissingNode()) {
          wrong.add(e.getKey() + " missing");
          continue;
        }
        String text = found.isTextual() ? found.textValue() : found.toString();
        boolean matched;
        try {
          matched = e.getValue().find(text, b) != null;
        } catch (Regex.OutOfBudget x) {
          return CheckResult.error(b.exhausted(NAME, e.getValue(), "the value at " + e.getKey(), text.length()))
              .with("expected", shown);
        }
        if (!matched) {
          wrong.add(e.getKey() + " is " + Params.abbreviate(found.toString(), 80));
        }
      }
      return wrong.isEmpty()
          ? Results.success("JSON values match", shown, actual)
          : Results.failure("JSON values do not match: " + String.join(", ", wrong), shown, actual);
    }
  }
}
