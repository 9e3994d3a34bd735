package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code body-like}: the body matches a regular expression somewhere (Argos). */
public final class BodyLikeProvider implements CheckProvider {
  static final String NAME = "body-like";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public BodyLikeProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new Body(Params.regex(NAME, parameter, parameter));
  }

  @Override
  public String description() {
    return "Fails (critical) unless the regular expression (Java syntax) is found somewhere in the response body.";
  }

  @Override
  public String parameterHelp() {
    return "a regular expression searched in the body, e.g. \"Version [0-9]+\\.[0-9]+\"";
  }

  @Override
  public List<@Nullable Object> exampleParameters() {
    return List.of("Version [0-9]+\\.[0-9]+", "(?i)welcome");
  }

  @Override
  public List<@Nullable Object> invalidParameters() {
    return Arrays.asList(null, "", "[unclosed", 42);
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
