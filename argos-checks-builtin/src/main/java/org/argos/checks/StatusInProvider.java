package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code status-in}: the response status is one of the given codes (Argos). */
public final class StatusInProvider extends BuiltinProvider {
  static final String NAME = "status-in";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public StatusInProvider() {
    super(NAME,
        "Fails (critical) unless the response status is one of the given codes.",
        "a non-empty list of HTTP status codes, e.g. [200, 204]",
        List.of(List.of(200, 204), List.of(301, 302, 307, 308)),
        Arrays.asList(null, 200, List.of(), List.of(200, "x"), List.of(1000)));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new StatusIn(Params.statusList(NAME, parameter));
  }

  private record StatusIn(List<Integer> expected) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      int actual = response.status();
      return expected.contains(actual)
          ? Results.success("status " + actual, expected, actual)
          : Results.failure("expected a status in " + expected + ", got " + actual, expected, actual);
    }
  }
}
