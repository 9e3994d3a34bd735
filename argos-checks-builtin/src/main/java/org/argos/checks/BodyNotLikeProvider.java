package org.argos.checks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code body-not-like}: no part of the body matches a regular expression (beyond Argos). */
public final class BodyNotLikeProvider extends BuiltinProvider {
  static final String NAME = "body-not-like";

  private final Duration budget;

  /**
   * Creates the provider with the default matching budget, 2 s per evaluation; used by
   * {@link java.util.ServiceLoader}.
   */
  public BodyNotLikeProvider() {
    this(Regex.DEFAULT_BUDGET);
  }

  /**
   * @param matchBudget the time one evaluation may spend matching; past it the result is an error (unknown) saying so
   * @throws org.argos.api.InvalidValueException when the budget is not positive
   */
  public BodyNotLikeProvider(Duration matchBudget) {
    super(NAME,
        "Fails (critical) when the regular expression (RE2 syntax, Python spellings accepted) is found anywhere in the "
            + "response body; a search that runs out of its time budget is an error (unknown).",
        "a regular expression searched in the body, e.g. \"(?i)fatal error\"",
        List.of("(?i)fatal error", "Exception in thread"),
        Arrays.asList(null, "", "(oops", List.of(), "(?!ok)", "a{1001}"));
    this.budget = Regex.positive(NAME, matchBudget);
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return new Body(Params.regex(NAME, parameter, parameter), budget);
  }

  private record Body(Regex regex, Duration budget) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String body = response.bodyText();
      Regex.Budget b = Regex.Budget.start(budget);
      String found;
      try {
        found = regex.find(body, b);
      } catch (Regex.OutOfBudget e) {
        return CheckResult.error(b.exhausted(NAME, regex, "the body", body.length()))
            .with("expected", "not " + regex.source());
      }
      return found != null
          ? Results.failure("body matches " + Params.render(regex.source()), "not " + regex.source(),
              Params.abbreviate(found, 200))
          : Results.success("body does not match " + Params.render(regex.source()) + Bodies.truncationNote(response),
              "not " + regex.source(), null);
    }
  }
}
