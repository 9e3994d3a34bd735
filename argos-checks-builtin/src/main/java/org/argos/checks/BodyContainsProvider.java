package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code body-contains}: the body contains the given text (Argos). */
public final class BodyContainsProvider extends BuiltinProvider {
  static final String NAME = "body-contains";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public BodyContainsProvider() {
    super(NAME,
        "Fails (critical) unless the response body contains the given text (case-sensitive).",
        "a non-empty string, e.g. \"Welcome\"",
        List.of("Welcome", "<title>"),
        Arrays.asList(null, "", 42, List.of("a")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new Body(Params.nonEmptyString(NAME, parameter, "a non-empty string"));
  }

  private record Body(String expected) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String body = response.bodyText();
      return body.contains(expected)
          ? Results.success("body contains " + Params.render(expected), expected, null)
          : Results.failure("body does not contain " + Params.render(expected) + Bodies.truncationNote(response),
              expected, Bodies.excerpt(response));
    }
  }
}
