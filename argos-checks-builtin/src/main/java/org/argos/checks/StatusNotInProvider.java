package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code status-not-in}: the response status is none of the given codes (beyond Argos). */
public final class StatusNotInProvider extends BuiltinProvider {
  static final String NAME = "status-not-in";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public StatusNotInProvider() {
    super(NAME,
        "Fails (critical) when the response status is one of the given codes.",
        "a non-empty list of HTTP status codes, e.g. [500, 502, 503]",
        List.of(List.of(500, 502, 503, 504), List.of(404)),
        Arrays.asList(null, 500, List.of(), List.of("boom")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new StatusNotIn(Params.statusList(NAME, parameter));
  }

  private record StatusNotIn(List<Integer> refused) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", "not in " + refused);
      }
      int actual = response.status();
      return refused.contains(actual)
          ? Results.failure("status " + actual + " is one of the refused " + refused, "not in " + refused, actual)
          : Results.success("status " + actual, "not in " + refused, actual);
    }
  }
}
