package org.argos.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.CheckResult;
import org.junit.jupiter.api.Test;

/** What stores exchange with the engine is validated and bounded where it comes from outside (agents, peers). */
class StoreValuesTest {
  @Test
  void aTaskOutcomesReservedIdIsPositiveAndItsAuthorBounded() {
    CheckResult ok = CheckResult.success();
    assertThat(new TaskOutcome(1, ok)).satisfies(o -> {
      assertThat(o.resultId()).isNull();
      assertThat(o.producedBy()).isNull();
    });
    assertThat(new TaskOutcome(1, ok, 5L, "agent-1").resultId()).isEqualTo(5L);
    assertThatThrownBy(() -> new TaskOutcome(1, null)).hasMessage("task 1: result is required");
    assertThatThrownBy(() -> new TaskOutcome(1, ok, 0L, null))
        .hasMessage("task 1: a reserved result id is positive, got 0");
    assertThatThrownBy(() -> new TaskOutcome(1, ok, null, " ")).hasMessageContaining("producedBy must be 1 to 200");
    assertThatThrownBy(() -> new TaskOutcome(1, ok, null, "a".repeat(201))).hasMessageContaining("producedBy");
    assertThat(new TaskOutcome(1, ok, null, "a".repeat(200)).producedBy()).hasSize(200);
  }

  @Test
  void anOutboxMessageHoldsSortedDistinctAlerts() {
    assertThat(new OutboxMessage("k", "mail", List.of(3L, 1L, 3L)).alertIds()).containsExactly(1L, 3L);
    assertThatThrownBy(() -> new OutboxMessage("k", "mail", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutboxMessage(" ", "mail", List.of(1L))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutboxMessage("k", "", List.of(1L))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConfigVersionIsBoundedAndDescribesItself() {
    Instant at = Instant.parse("2026-02-01T10:00:00Z");
    ConfigVersion v = new ConfigVersion("0123456789abcdef", null, at, null);
    assertThat(v.label()).isEmpty();
    assertThat(v.setBy()).isEmpty();
    assertThat(v.describe()).isEqualTo("0123456789ab (, set 2026-02-01T10:00:00Z by node )");
    assertThat(new ConfigVersion("abc", "v1", at, "n1").describe()).isEqualTo("abc (v1, set 2026-02-01T10:00:00Z by node n1)");
    assertThat(new ConfigVersion("h", "l".repeat(1001), at, "n".repeat(201))).satisfies(c -> {
      assertThat(c.label()).hasSize(1000);
      assertThat(c.setBy()).hasSize(200);
    });
    assertThatThrownBy(() -> new ConfigVersion("", "v", at, "n")).hasMessage("a config hash is 1 to 128 characters");
    assertThatThrownBy(() -> new ConfigVersion("h".repeat(129), "v", at, "n")).hasMessageContaining("1 to 128");
    assertThatThrownBy(() -> new ConfigVersion("h", "v", null, "n")).hasMessageContaining("needs the time");
  }

  @Test
  void groupsAndOutcomesKeepTheirOwnListCopies() {
    List<TaskOutcome> outcomes = new ArrayList<>(List.of(new TaskOutcome(1, CheckResult.success())));
    GroupOutcome g = new GroupOutcome(7, Instant.EPOCH, Instant.EPOCH, outcomes);
    outcomes.clear();
    assertThat(g.outcomes()).hasSize(1);
    assertThatThrownBy(() -> g.outcomes().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
