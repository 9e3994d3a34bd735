package org.argos.benchmarks.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outage benchmark on a short outage: it counts runs on both sides and finds none lost, so its figure means it. */
class OutageBenchTest {
  @Test
  void aShortOutageLosesNoRunAndChecksResume() throws Exception {
    OutageBench.Round r = OutageBench.round("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", 10,
        Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertThat(r.probed()).isGreaterThan(50);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isZero();
    assertThat(r.firstWriteAfter()).isLessThan(Duration.ofSeconds(30));
    assertThat(OutageBench.markdown(List.of(r), 10, Duration.ofSeconds(1), Duration.ofSeconds(3)))
        .contains("| 1 | " + r.probed() + " | " + r.stored() + " | 0 | 0 |");
  }
}
