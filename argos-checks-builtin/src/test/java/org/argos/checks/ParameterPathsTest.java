package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.settings.ValuePositions;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.testkit.SyntheticResponses;
import org.junit.jupiter.api.Test;

/** Built-in checks refuse a bad part of their parameter at its path, as argos-api's reader reports it. */
class ParameterPathsTest {
  @Test
  void aBadEntryOfAListIsNamedByItsIndex() {
    assertThatThrownBy(() -> new StatusInProvider().create(List.of(200, 700)))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessage("status-in: [1]: expected an HTTP status code between 100 and 599, got 700");
    assertThatThrownBy(() -> new HeadersContainProvider().create(List.of("server", " ")))
        .hasMessage("headers-contain: [1]: expected a non-empty string, got \" \"");
  }

  @Test
  void aBadValueOfAMapIsNamedByItsKey() {
    assertThatThrownBy(() -> new ResponseTimeProvider().create(Map.of("critical", -5)))
        .hasMessage("response-time: critical: thresholds are positive durations such as 500ms or 2s (a bare number "
            + "is milliseconds), got -5");
    assertThatThrownBy(() -> new ResponseTimeProvider().create(Map.of("critical", 1000, "warn", 1)))
        .hasMessage("response-time: warn: unknown key \"warn\"; known keys are critical, warning");
    assertThatThrownBy(() -> new HeadersHaveProvider().create(Map.of("x-count", List.of(1))))
        .hasMessage("headers-have: x-count: expected the header's value, a string, got [1]");
  }

  @Test
  void theConfigPlacesTheErrorAtItsFilePosition() {
    InvalidCheckParameterException refused = (InvalidCheckParameterException) org.assertj.core.api.Assertions
        .catchThrowable(() -> new ResponseTimeProvider().create(Map.of("critical", "soon")));
    ValuePositions yaml = path -> path.equals("websites[0].paths[0].checks[1].response-time.critical")
        ? "argos.yaml:9:32" : null;
    assertThat(refused.within("websites[0].paths[0].checks[1].response-time", yaml))
        .hasMessageStartingWith("argos.yaml:9:32: response-time: websites[0].paths[0].checks[1].response-time.critical: ");
  }

  @Test
  void responseTimeThresholdsUseTheOneDurationGrammar() {
    Check check = new ResponseTimeProvider().create(Map.of("warning", "800ms", "critical", "1.5s"));
    CheckContext now = new CheckContext(java.time.Instant.now());
    var slow = SyntheticResponses.response(200).took(Duration.ofMillis(1000)).build();
    var slower = SyntheticResponses.response(200).took(Duration.ofMillis(1500)).build();
    assertThat(check.evaluate(slow, now).severity()).isEqualTo(Severity.WARNING);
    assertThat(check.evaluate(slower, now).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(new ResponseTimeProvider().create(3000).evaluate(slower, now).status()).isEqualTo(ResultStatus.SUCCESS);
  }
}
