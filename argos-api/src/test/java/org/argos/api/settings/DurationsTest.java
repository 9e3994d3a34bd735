package org.argos.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.argos.api.InvalidValueException;
import org.junit.jupiter.api.Test;

/** The one duration grammar: Argos' units and bare numbers, our additions, sums, bounds and refusals. */
class DurationsTest {
  @Test
  void argosUnitsAndBareNumbers() {
    assertThat(Durations.parse("30s", ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h", ChronoUnit.MINUTES)).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("7d", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("1M", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(30));
    assertThat(Durations.parse(10, ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("10", ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse(" 10 ", ChronoUnit.DAYS)).isEqualTo(Duration.ofDays(10));
    assertThat(Durations.parse(1.5, ChronoUnit.DAYS)).isEqualTo(Duration.ofHours(36));
    assertThat(Durations.parse(new BigDecimal("0.5"), ChronoUnit.SECONDS)).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse(10L, ChronoUnit.MILLIS)).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void ourAdditions() {
    assertThat(Durations.parse("250ms", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2min", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("2w", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("1y", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(365));
    assertThat(Durations.parse("1.5h", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse(Duration.ofSeconds(3), ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void unitsAreCaseSensitiveMinuteAndMonthDiffer() {
    assertThat(Durations.parse("1m", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse("1M", ChronoUnit.SECONDS)).isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> Durations.parse("1H", ChronoUnit.SECONDS)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void sums() {
    assertThat(Durations.parse("1h30m", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1h 30m 15s", ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(5415));
    assertThat(Durations.parse("1d1d", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("1s500ms", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void zeroIsADurationAndBoundsAreTheCallersExceptTheMaximum() {
    assertThat(Durations.parse("0s", ChronoUnit.MINUTES)).isZero();
    assertThat(Durations.parse(0, ChronoUnit.MINUTES)).isZero();
    assertThat(Durations.parse("100y", ChronoUnit.MINUTES)).isEqualTo(Durations.MAX);
    assertThatThrownBy(() -> Durations.parse("100y1ms", ChronoUnit.MINUTES)).hasMessageContaining("at most 100 years");
    assertThatThrownBy(() -> Durations.parse(36_501, ChronoUnit.DAYS)).hasMessageContaining("at most 100 years");
  }

  @Test
  void overflowIsRefusedNotWrapped() {
    assertThatThrownBy(() -> Durations.parse("9223372036854775807y", ChronoUnit.MINUTES))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("at most 100 years");
    assertThatThrownBy(() -> Durations.parse("9".repeat(400) + "d", ChronoUnit.MINUTES))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("at most 100 years");
    assertThatThrownBy(() -> Durations.parse("1000000000000000000d".repeat(20), ChronoUnit.MINUTES))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("at most 100 years");
    assertThatThrownBy(() -> Durations.parse(Long.MAX_VALUE, ChronoUnit.DAYS))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("at most 100 years");
    assertThatThrownBy(() -> Durations.parse(Duration.ofDays(40_000), ChronoUnit.DAYS))
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void junkIsRefusedSayingWhatIsAccepted() {
    assertThatThrownBy(() -> Durations.parse("5 minutes", ChronoUnit.MINUTES))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("30s, 5m, 1h, 7d, 1M").hasMessageContaining("'5 minutes'")
        .hasMessageContaining("number of minutes");
    for (Object junk : new Object[] {"", " ", "m", "5x", "-5m", "5m-", "1.m", ".5m", "5mm", "1e3s", "P1D", true}) {
      assertThatThrownBy(() -> Durations.parse(junk, ChronoUnit.MINUTES)).as("%s", junk)
          .isInstanceOf(InvalidValueException.class).hasMessageContaining("expected a duration");
    }
    assertThatThrownBy(() -> Durations.parse(null, ChronoUnit.MINUTES)).hasMessageContaining("got null");
    assertThatThrownBy(() -> Durations.parse(-1, ChronoUnit.MINUTES)).hasMessageContaining("negative");
    assertThatThrownBy(() -> Durations.parse(Double.NaN, ChronoUnit.MINUTES)).hasMessageContaining("finite");
    assertThatThrownBy(() -> Durations.parse(Duration.ofSeconds(-1), ChronoUnit.MINUTES))
        .hasMessageContaining("negative");
  }

  @Test
  void aLongSumIsReadWithoutOverflowingTheStack() {
    // "1s" a thousand times once overflowed the stack of the thread parsing a site sent to the API
    String sum = "1s".repeat(50_000); // 100,000 characters
    assertThat(sum).hasSize(100_000);
    assertThat(Durations.parse(sum, ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(50_000));
    assertThat(Durations.parse(" 1h 30m ".repeat(2000), ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(90 * 2000));
    assertThatThrownBy(() -> Durations.parse(sum + "x", ChronoUnit.MINUTES))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("expected a duration")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300)); // the value is abbreviated
  }

  @Test
  void formatIsShortAndReadsBack() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("2d");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    for (Duration d : new Duration[] {Duration.ofMillis(1500), Duration.ofDays(400).plusMillis(7), Durations.MAX}) {
      assertThat(Durations.parse(Durations.format(d), ChronoUnit.MINUTES)).isEqualTo(d);
    }
  }
}
