package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 19: one no-agent alert per silent location, until one of its agents is seen again. */
class LocationWatchTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private final LocationWatch watch = new LocationWatch();

  @Test
  void aSilentLocationIsAlertedOnceUntilItsAgentsAreBack() {
    Set<String> listed = Set.of("par1", "fra1");
    Instant later = T0.plus(Duration.ofMinutes(6));
    Map<String, Instant> seen = Map.of("par1", later.minusSeconds(10)); // fra1 never seen
    assertThat(watch.check(listed, seen, T0, T0.plusSeconds(60), LIMIT, false)).isEmpty(); // not silent long enough
    assertThat(watch.check(listed, seen, T0, later, LIMIT, false)).extracting(LocationWatch.Silent::location)
        .containsExactly("fra1");
    assertThat(watch.check(listed, seen, T0, later.plusSeconds(30), LIMIT, false)).as("once").isEmpty();

    Map<String, Instant> back = Map.of("par1", later, "fra1", later);
    assertThat(watch.check(listed, back, T0, later.plusSeconds(60), LIMIT, false)).isEmpty();
    assertThat(watch.check(listed, Map.of("par1", later.plus(LIMIT)), T0, later.plus(LIMIT).plusSeconds(60), LIMIT,
        false)).as("silent again: alerted again").extracting(LocationWatch.Silent::location).containsExactly("fra1");
  }

  @Test
  void whenEveryAgentIsSilentTheSingleNoAgentAlertSpeaksForThem() {
    assertThat(watch.check(Set.of("par1", "fra1"), Map.of(), T0, T0.plus(Duration.ofMinutes(6)), LIMIT, true))
        .isEmpty();
  }
}
