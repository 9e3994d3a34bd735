package org.argos.checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.jspecify.annotations.Nullable;

/** {@code headers-have}: named headers have exactly the given values (Argos). */
public final class HeadersHaveProvider extends BuiltinProvider {
  static final String NAME = "headers-have";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public HeadersHaveProvider() {
    super(NAME,
        "Fails (critical) unless each named header is present with exactly the given value; a header sent several "
            + "times passes when one of its values, or all of them joined with \", \", is equal.",
        "a map of header name to exact value, e.g. {\"content-type\": \"application/json\"}",
        List.of(Map.of("content-type", "application/json"), Map.of("X-Frame-Options", "DENY", "X-Count", 3)),
        Arrays.asList(null, "content-type", Map.of(), Map.of("x", List.of("a")), List.of("content-type")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Map<String, String> expected = new LinkedHashMap<>();
    Params.map(NAME, parameter, "header names to values");
    Settings headers = Setting.checkParameter(NAME, parameter).asObject();
    for (String name : headers.keys()) {
      Setting value = headers.get(name);
      if (!(value.raw() instanceof String) && !(value.raw() instanceof Number) && !(value.raw() instanceof Boolean)) {
        throw Params.invalid(value, "expected the header's value, a string");
      }
      expected.put(name, String.valueOf(value.raw()));
    }
    return new HeadersHave(java.util.Collections.unmodifiableMap(expected));
  }

  private record HeadersHave(Map<String, String> expected) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      Map<String, @Nullable Object> actual = new LinkedHashMap<>();
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, String> e : expected.entrySet()) {
        List<String> values = Headers.values(response, e.getKey());
        String joined = Headers.joined(values);
        actual.put(e.getKey(), joined);
        if (!Headers.anyMatches(values, e.getValue()::equals)) {
          wrong.add(e.getKey() + " (" + (joined == null ? "missing" : Params.render(joined)) + ")");
        }
      }
      return wrong.isEmpty()
          ? Results.success("headers have the expected values", expected, actual)
          : Results.failure("unexpected header values: " + String.join(", ", wrong), expected, actual);
    }
  }
}
