package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void argosUnitsAndBareNumbers() {
    assertThat(Durations.parse("30s", ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h", ChronoUnit.MINUTES)).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("7d", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("2w", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("1M", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(30));
    assertThat(Durations.parse("1y", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(365));
    assertThat(Durations.parse("1h30m", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse(10, ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("10", ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse(1.5, ChronoUnit.DAYS)).isEqualTo(Duration.ofHours(36));
  }

  @Test
  void refusalsSayWhatIsAccepted() {
    assertThatThrownBy(() -> Durations.parse("5 minutes", ChronoUnit.MINUTES)).hasMessageContaining("30s, 5m, 1h, 7d, 1M")
        .hasMessageContaining("'5 minutes'");
    assertThatThrownBy(() -> Durations.parse(-1, ChronoUnit.MINUTES)).hasMessageContaining("negative");
  }

  @Test
  void aLongSumIsReadWithoutOverflowingTheStack() {
    // "1s" a thousand times once overflowed the stack of the thread parsing a site sent to the API
    assertThat(Durations.parse("1s".repeat(5000), ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(5000));
    assertThat(Durations.parse(" 1h 30m ".repeat(2000), ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(90 * 2000));
    assertThatThrownBy(() -> Durations.parse("1s".repeat(5000) + "x", ChronoUnit.MINUTES))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a duration");
  }

  @Test
  void formatIsShort() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("2d");
  }
}
