package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Severities rank ok < warning < critical < unknown, and counts of them report the worst one present. */
class SeverityTest {
  @Test
  void severitiesRankWithUnknownWorst() {
    assertThat(Severity.UNKNOWN.isWorseThan(Severity.CRITICAL)).isTrue();
    assertThat(Severity.CRITICAL.isWorseThan(Severity.WARNING)).isTrue();
    assertThat(Severity.WARNING.isWorseThan(Severity.OK)).isTrue();
    assertThat(Severity.OK.isWorseThan(Severity.OK)).isFalse();
    assertThat(Severity.OK.isWorseThan(Severity.UNKNOWN)).isFalse();
    assertThat(Severity.worst(null, Severity.OK)).isEqualTo(Severity.OK);
    assertThat(Severity.worst(Severity.CRITICAL, Severity.WARNING)).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.worst(Severity.WARNING, Severity.UNKNOWN)).isEqualTo(Severity.UNKNOWN);
    assertThat(Severity.worst(Severity.WARNING, Severity.WARNING)).isEqualTo(Severity.WARNING);
  }

  @Test
  void labelsAreLowerCaseAndParsedInAnyCase() {
    for (Severity s : Severity.values()) {
      assertThat(s.label()).isEqualTo(s.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(Severity.fromLabel(" " + s.name() + " ")).isEqualTo(s);
    }
    assertThatThrownBy(() -> Severity.fromLabel("fatal")).isInstanceOf(InvalidValueException.class)
        .hasMessage("unknown severity 'fatal', expected one of ok, warning, critical, unknown");
  }

  @Test
  void countsGiveEachSeverityTheTotalAndTheWorstPresent() {
    SeverityCounts c = new SeverityCounts(5, 4, 3, 2, 1);
    assertThat(c.of(Severity.OK)).isEqualTo(5);
    assertThat(c.of(Severity.WARNING)).isEqualTo(4);
    assertThat(c.of(Severity.CRITICAL)).isEqualTo(3);
    assertThat(c.of(Severity.UNKNOWN)).isEqualTo(2);
    assertThat(c.total()).isEqualTo(15);
    assertThat(c.worst()).isEqualTo(Severity.UNKNOWN);
    assertThat(new SeverityCounts(5, 4, 3, 0, 1).worst()).isEqualTo(Severity.CRITICAL);
    assertThat(new SeverityCounts(5, 4, 0, 0, 1).worst()).isEqualTo(Severity.WARNING);
    assertThat(new SeverityCounts(5, 0, 0, 0, 1).worst()).isEqualTo(Severity.OK);
    assertThat(new SeverityCounts(0, 0, 0, 0, 9).worst()).as("pending only").isEqualTo(Severity.OK);
    assertThat(new SeverityCounts(0, 0, 0, 0, 0).total()).isZero();
  }

  @Test
  void resultStatusesHaveTheirDefaultSeverity() {
    assertThat(CheckResult.success().severity()).isEqualTo(Severity.OK);
    assertThat(CheckResult.failure("x").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(CheckResult.error("x").severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(ResultStatus.SUCCESS.defaultSeverity()).isEqualTo(Severity.OK);
    assertThat(ResultStatus.FAILURE.defaultSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(ResultStatus.ERROR.defaultSeverity()).isEqualTo(Severity.UNKNOWN);
    assertThat(ResultStatus.FAILURE.label()).isEqualTo("failure");
  }
}
