package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code body-not-contains}: the body does not contain the given text (beyond Argos). */
public final class BodyNotContainsProvider extends BuiltinProvider {
  static final String NAME = "body-not-contains";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public BodyNotContainsProvider() {
    super(NAME,
        "Fails (critical) when the response body contains the given text (case-sensitive).",
        "a non-empty string, e.g. \"Internal Server Error\"",
        List.of("Internal Server Error", "maintenance"),
        Arrays.asList(null, "", 42, List.of("a")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new Body(Params.nonEmptyString(NAME, parameter, "a non-empty string"));
  }

  private record Body(String refused) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String body = response.bodyText();
      int at = body.indexOf(refused);
      if (at < 0) {
        return Results.success("body does not contain " + Params.render(refused) + Bodies.truncationNote(response),
            "not " + refused, null);
      }
      int from = Math.max(0, at - 40);
      String around = body.substring(from, Math.min(body.length(), at + refused.length() + 40));
      return Results.failure("body contains " + Params.render(refused), "not " + refused, around);
    }
  }
}
