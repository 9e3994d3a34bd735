package org.argos.api;

import static org.argos.api.Severity.CRITICAL;
import static org.argos.api.Severity.OK;
import static org.argos.api.Severity.UNKNOWN;
import static org.argos.api.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The k-of-n verdict: the k-th worst of the reported severities; partial when some location is worse than it. */
class QuorumTest {
  private static final Quorum TWO_OF_THREE = new Quorum(List.of("par1", "fra1", "ams1"), 2, false);

  @Test
  void theVerdictIsTheKthWorstSeverity() {
    assertThat(TWO_OF_THREE.verdict(List.of(CRITICAL, WARNING, OK))).isEqualTo(WARNING);
    assertThat(TWO_OF_THREE.verdict(List.of(OK, CRITICAL, OK))).isEqualTo(OK);
    assertThat(TWO_OF_THREE.verdict(List.of(CRITICAL, UNKNOWN, OK))).isEqualTo(CRITICAL);
    assertThat(TWO_OF_THREE.verdict(List.of(CRITICAL))).as("one location reported: k shrinks to 1").isEqualTo(CRITICAL);
    assertThat(TWO_OF_THREE.verdict(List.of())).isEqualTo(UNKNOWN);
    assertThat(Quorum.DEFAULT.verdict(List.of(WARNING))).isEqualTo(WARNING);
  }

  @Test
  void fewerThanKFailingIsPartialAndAlertOnPartialTakesTheWorst() {
    assertThat(TWO_OF_THREE.partial(List.of(OK, CRITICAL, OK))).isTrue();
    assertThat(TWO_OF_THREE.partial(List.of(CRITICAL, CRITICAL, OK))).isFalse();
    assertThat(TWO_OF_THREE.partial(List.of(OK, OK, OK))).isFalse();
    Quorum loud = new Quorum(TWO_OF_THREE.locations(), 2, true);
    assertThat(loud.verdict(List.of(OK, CRITICAL, OK))).isEqualTo(CRITICAL);
    assertThat(loud.partial(List.of(OK, CRITICAL, OK))).isTrue();
  }

  @Test
  void locationsAndQuorumAreBounded() {
    assertThatThrownBy(() -> new Quorum(List.of("par1"), 2, false)).hasMessageContaining("between 1 and");
    assertThatThrownBy(() -> new Quorum(List.of(), 1, false)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new Quorum(List.of("PAR"), 1, false)).hasMessageContaining("a-z 0-9");
    assertThatThrownBy(() -> new Quorum(List.of("a", "a"), 1, false)).hasMessageContaining("twice");
    assertThatThrownBy(() -> new Quorum(java.util.stream.IntStream.range(0, 21).mapToObj(i -> "l" + i).toList(), 1,
        false)).hasMessageContaining("at most 20");
  }
}
