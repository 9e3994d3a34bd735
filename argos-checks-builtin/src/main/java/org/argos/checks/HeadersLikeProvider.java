package org.argos.checks;

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

/** {@code headers-like}: named headers match regular expressions (Argos). */
public final class HeadersLikeProvider extends BuiltinProvider {
  static final String NAME = "headers-like";

  private final Duration budget;

  /**
   * Creates the provider with the default matching budget, 2 s per evaluation; used by
   * {@link java.util.ServiceLoader}.
   */
  public HeadersLikeProvider() {
    this(Regex.DEFAULT_BUDGET);
  }

  /**
   * @param matchBudget the time one evaluation may spend matching; past it the result is an error (unknown) saying so
   * @throws org.argos.api.InvalidValueException when the budget is not positive
   */
  public HeadersLikeProvider(Duration matchBudget) {
    super(NAME,
        "Fails (critical) unless each named header is present and the regular expression (RE2 syntax, Python "
            + "spellings accepted) is found in its value; a header sent several times passes when one of its values, "
            + "or all of them joined with \", \", matches.",
        "a map of header name to regular expression, e.g. {\"cache-control\": \"max-age=[0-9]+\"}",
        List.of(Map.of("content-type", "^application/json"), Map.of("Cache-Control", "max-age=[0-9]+")),
        Arrays.asList(null, Map.of(), Map.of("content-type", "[broken"), Map.of("x", 3), "content-type",
            Map.of("server", "(?!nginx)")));
    this.budget = Regex.positive(NAME, matchBudget);
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Map<String, Regex> patterns = new LinkedHashMap<>();
    Params.map(NAME, parameter, "header names to regular expressions")
        .forEach((k, v) -> patterns.put(k, Regex.compile(NAME, parameter, k, v)));
    return new HeadersLike(Collections.unmodifiableMap(patterns), budget);
  }

  private static final class HeadersLike implements Check {
    private final Map<String, Regex> patterns;
    private final Map<String, String> expected = new LinkedHashMap<>();
    private final Duration budget;

    HeadersLike(Map<String, Regex> patterns, Duration budget) {
      this.patterns = patterns;
      this.budget = budget;
      patterns.forEach((k, p) -> expected.put(k, p.source()));
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      Map<String, @Nullable Object> actual = new LinkedHashMap<>();
      List<String> wrong = new ArrayList<>();
      Regex.Budget b = Regex.Budget.start(budget);
      for (Map.Entry<String, Regex> e : patterns.entrySet()) {
        List<String> values = Headers.values(response, e.getKey());
        String joined = Headers.joined(values);
        actual.put(e.getKey(), joined);
        boolean ok;
        try {
          ok = Headers.anyMatches(values, v -> e.getValue().find(v, b) != null);
        } catch (Regex.OutOfBudget x) {
          int length = joined == null ? 0 : joined.length();
          return CheckResult.error(b.exhausted(NAME, e.getValue(), "header " + e.getKey(), length))
              .with("expected", expected);
        }
        if (!ok) {
          wrong.add(e.getKey() + " (" + (joined == null ? "missing" : Params.render(joined)) + ")");
        }
      }
      return wrong.isEmpty()
          ? Results.success("headers match", expected, actual)
          : Results.failure("headers do not match: " + String.join(", ", wrong), expected, actual);
    }
  }
}
