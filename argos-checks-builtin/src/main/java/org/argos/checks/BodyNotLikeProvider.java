package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code body-not-like}: no part of the body matches a regular expression (beyond Argos). */
public final class BodyNotLikeProvider extends BuiltinProvider {
  static final String NAME = "body-not-like";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public BodyNotLikeProvider() {
    super(NAME,
        "Fails (critical) when the regular expression (Java syntax) is found anywhere in the response body.",
        "a regular expression searched in the body, e.g. \"(?i)fatal error\"",
        List.of("(?i)fatal error", "Exception in thread"),
        Arrays.asList(null, "", "(oops", List.of()));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new Body(Params.regex(NAME, parameter, parameter));
  }

  private record Body(Pattern pattern) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String body = response.bodyText();
      var m = pattern.matcher(body);
      return m.find()
          ? Results.failure("body matches " + Params.render(pattern.pattern()), "not " + pattern.pattern(), m.group())
          : Results.success("body does not match " + Params.render(pattern.pattern()) + Bodies.truncationNote(response),
              "not " + pattern.pattern(), null);
    }
  }
}
