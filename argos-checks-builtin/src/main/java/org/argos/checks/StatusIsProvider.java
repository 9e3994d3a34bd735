package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code status-is}: the response status equals the given code (Argos). */
public final class StatusIsProvider extends BuiltinProvider {
  static final String NAME = "status-is";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public StatusIsProvider() {
    super(NAME,
        "Fails (critical) unless the response status equals the given code.",
        "an HTTP status code, e.g. 200",
        List.of(200, 301, "204"),
        Arrays.asList(null, "ok", 99, 600, 200.5, List.of(200), true));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new StatusIs(Params.statusCode(NAME, parameter));
  }

  private record StatusIs(int expected) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      int actual = response.status();
      return actual == expected
          ? Results.success("status " + actual, expected, actual)
          : Results.failure("expected status " + expected + ", got " + actual, expected, actual);
    }
  }
}
