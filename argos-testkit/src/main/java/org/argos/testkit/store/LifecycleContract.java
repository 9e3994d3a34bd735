package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.argos.api.AlertLifecycle;
import org.argos.api.Severity;
import org.argos.api.TaskLifecycle;
import org.argos.api.TaskState;
import org.argos.api.store.Acknowledgements;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.Transition;
import org.argos.api.store.TransitionRule;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the alert lifecycle (issue 19 §6): a group's {@link AlertLifecycle} and a task's
 * {@link TaskLifecycle} are kept as given, and the {@link Acknowledgements} capability acknowledges failing tasks
 * only, once, and uses a link's token once. {@link org.argos.testkit.StoreCompatibilityKit} runs it with the others.
 */
public interface LifecycleContract extends StoreKit {
  /** A rule like the simple one whose next lifecycle is computed from the previous one. */
  private static TransitionRule keeping(UnaryOperator<TaskLifecycle> lifecycle) {
    TransitionRule simple = simpleRule();
    return (group, task, prev, result, at) -> {
      Transition t = simple.apply(group, task, prev, result, at);
      TaskState next = t.next().withLifecycle(lifecycle.apply(prev == null ? TaskLifecycle.NONE : prev.lifecycle()));
      return new Transition(next, t.severityChanged(), t.alert(), t.nextRun());
    };
  }

  private Acknowledgements acks() {
    return store().capability(Acknowledgements.class).orElseThrow();
  }

  private long task(String domain) {
    return store().tasks(domain).get(0).taskId();
  }

  private TaskLifecycle lifecycle(String domain) {
    return store().tasks(domain).get(0).state().lifecycle();
  }

  /** Runs every due group of the store at {@code at}, those of {@code domain} with {@code s}, others ok. */
  private void run(String domain, Instant at, Severity s, TransitionRule rule) {
    List<CompletedRun> runs = new ArrayList<>();
    for (ClaimedGroup g : claimAll(store(), "n1", at)) {
      runs.add(new CompletedRun("n1", g, outcome(g, at, g.domain().equals(domain) ? s : Severity.OK)));
    }
    store().complete(runs, rule);
  }

  @Test
  default void aGroupKeepsItsSitesAlertLifecycle() {
    AlertLifecycle l = new AlertLifecycle(3, new AlertLifecycle.Flapping(6, Duration.ofHours(1)));
    store().register(plan(site("https://life.example", "status-is").toBuilder().lifecycle(l).build(), T0), T0);
    store().register(plan(site("https://plain.example", "status-is"), T0), T0);
    List<ClaimedGroup> groups = claimAll(store(), "n1", T0);
    assertThat(groups).hasSize(2);
    for (ClaimedGroup g : groups) {
      assertThat(g.policy().lifecycle()).isEqualTo(g.domain().equals("https://life.example") ? l
          : AlertLifecycle.DEFAULT);
    }
    assertThat(store().site("https://life.example").orElseThrow().lifecycle()).isEqualTo(l);
  }

  @Test
  default void aTasksLifecycleIsKeptWithItsState() {
    store().register(plan(site("https://life.example", "status-is"), T0), T0);
    TaskLifecycle given = new TaskLifecycle(2, 5, T0.plusSeconds(7), true, T0.plusSeconds(9), "alice");
    run("https://life.example", T0, Severity.CRITICAL, keeping(prev -> given));
    assertThat(lifecycle("https://life.example")).isEqualTo(given);
    List<TaskLifecycle> seen = new ArrayList<>();
    run("https://life.example", T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL, keeping(prev -> {
      seen.add(prev);
      return TaskLifecycle.NONE;
    }));
    assertThat(seen).containsExactly(given);
    assertThat(lifecycle("https://life.example")).isEqualTo(TaskLifecycle.NONE);
  }

  @Test
  default void onlyFailingTasksAreAcknowledgedOnceUntilUnacknowledged() {
    store().register(plan(site("https://down.example", "status-is"), T0), T0);
    store().register(plan(site("https://up.example", "status-is"), T0), T0);
    run("https://down.example", T0, Severity.CRITICAL, keeping(UnaryOperator.identity())); // and up ok
    store().register(plan(site("https://new.example", "status-is"), T0.plusSeconds(60)), T0.plusSeconds(1));
    long down = task("https://down.example");
    long up = task("https://up.example");
    long fresh = task("https://new.example");
    Instant at = T0.plusSeconds(30);

    assertThat(acks().acknowledge(List.of(down, up, fresh, 987_654_321L), "alice", at)).containsExactly(down);
    assertThat(lifecycle("https://down.example")).isEqualTo(TaskLifecycle.NONE.acknowledge(at, "alice"));
    assertThat(acks().acknowledge(List.of(down), "bob", at.plusSeconds(1))).isEmpty();
    assertThat(lifecycle("https://down.example").ackedBy()).isEqualTo("alice");

    // a result keeps it as the rule says
    run("https://down.example", T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL, keeping(UnaryOperator.identity()));
    assertThat(lifecycle("https://down.example").ackedAt()).isEqualTo(at);

    assertThat(acks().unacknowledge(List.of(down, up))).containsExactly(down);
    assertThat(lifecycle("https://down.example").acknowledged()).isFalse();
    assertThat(acks().unacknowledge(List.of(down))).isEmpty();
    assertThat(acks().acknowledge(List.of(), "alice", at)).isEmpty();
  }

  @Test
  default void acknowledgingIsBounded() {
    List<Long> tooMany = new ArrayList<>();
    for (long i = 1; i <= Acknowledgements.MAX_TASKS + 1; i++) {
      tooMany.add(i);
    }
    assertThatThrownBy(() -> acks().acknowledge(tooMany, "alice", T0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most " + Acknowledgements.MAX_TASKS);
    assertThatThrownBy(() -> acks().unacknowledge(tooMany)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> acks().acknowledge(List.of(1L), " ", T0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void aLinkTokenIsUsedOnce() {
    Instant expiry = T0.plus(Duration.ofDays(1));
    assertThat(acks().useToken("t1", expiry, T0)).isTrue();
    assertThat(acks().useToken("t1", expiry, T0.plusSeconds(1))).isFalse();
    assertThat(acks().useToken("t2", expiry, T0.plusSeconds(1))).isTrue();
    assertThatThrownBy(() -> acks().useToken("x".repeat(201), expiry, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void theLinkKeyIsTheFirstOneStored() {
    String first = "a".repeat(43);
    assertThat(acks().linkSecret(first)).isEqualTo(first);
    assertThat(acks().linkSecret("b".repeat(43))).isEqualTo(first);
  }
}
