package org.argos.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The pause between claim (and write) attempts while the store fails stays short, so checks resume within about 3 s
 * of a database's return (each attempt also waits the pool's ~1 s connection timeout); a 10 s cap made it ~9 s.
 */
class SchedulerBackoffTest {

  @Test
  void doublesFromATenthOfASecondThenStaysAtTwoSeconds() {
    assertThat(Scheduler.backoff(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(Scheduler.backoff(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(Scheduler.backoff(4)).isEqualTo(Duration.ofMillis(1600));
    for (long failures = 5; failures <= 1_000_000; failures = failures * 3 + 1) {
      assertThat(Scheduler.backoff(failures)).as("after %d failures", failures).isEqualTo(Duration.ofSeconds(2));
    }
    assertThat(Scheduler.backoff(Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
  }
}
