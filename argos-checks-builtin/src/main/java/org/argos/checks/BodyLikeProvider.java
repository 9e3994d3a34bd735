package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code body-like}: the body matches a regular expression somewhere (Argos). */
public final class BodyLikeProvider extends BuiltinProvider {
  static final String NAME = "body-like";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public BodyLikeProvider() {
    super(NAME,
        "Fails (critical) unless the regular expression (Java syntax) is found somewhere in the response body.",
        "a regular expression searched in the body, e.g. \"Version [0-9]+\\.[0-9]+\"",
        List.of("Version [0-9]+\\.[0-9]+", "(?i)welcome"),
        Arrays.asList(null, "", "[unclosed", 42));
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
          ? Results.success("body matches " + Params.render(pattern.pattern()), pattern.pattern(), m.group())
          : Results.failure("body does not match " + Params.render(pattern.pattern()) + Bodies.truncationNote(response),
              pattern.pattern(), Bodies.excerpt(response));
    }
  }
}
