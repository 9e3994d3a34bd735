package org.argos.checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code headers-like}: named headers match regular expressions (Argos). */
public final class HeadersLikeProvider extends BuiltinProvider {
  static final String NAME = "headers-like";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public HeadersLikeProvider() {
    super(NAME,
        "Fails (critical) unless each named header is present and the regular expression is found in its value.",
        "a map of header name to regular expression, e.g. {\"cache-control\": \"max-age=[0-9]+\"}",
        List.of(Map.of("content-type", "^application/json"), Map.of("Cache-Control", "max-age=[0-9]+")),
        Arrays.asList(null, Map.of(), Map.of("content-type", "[broken"), Map.of("x", 3), "content-type"));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    Params.map(NAME, parameter, "header names to regular expressions")
        .forEach((k, v) -> patterns.put(k, Params.regex(NAME, parameter, v)));
    return new HeadersLike(patterns);
  }

  private static final class HeadersLike implements Check {
    private final Map<String, Pattern> patterns;
    private final Map<String, String> expected = new LinkedHashMap<>();

    HeadersLike(Map<String, Pattern> patterns) {
      this.patterns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
      patterns.forEach((k, p) -> expected.put(k, p.pattern()));
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      Map<String, @Nullable Object> actual = new LinkedHashMap<>();
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, Pattern> e : patterns.entrySet()) {
        List<String> values = response.headers().get(e.getKey().toLowerCase(Locale.ROOT));
        String joined = values == null ? null : String.join(", ", values);
        actual.put(e.getKey(), joined);
        if (joined == null || !e.getValue().matcher(joined).find()) {
          wrong.add(e.getKey() + " (" + (joined == null ? "missing" : Params.render(joined)) + ")");
        }
      }
      return wrong.isEmpty()
          ? Results.success("headers match", expected, actual)
          : Results.failure("headers do not match: " + String.join(", ", wrong), expected, actual);
    }
  }
}
