package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.argos.testkit.store.StoreKitSupport.reported;
import static org.argos.testkit.store.StoreKitSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.StateChange;
import org.argos.api.TaskStatus;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.StoredResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The store contract on completing runs: results, task state, history, the next run and the alerts a transition asks
 * for, written all or nothing and only while the node holds the claim ({@link org.argos.api.store.Store#complete},
 * {@link org.argos.api.store.Store#reserveResultIds}). {@link org.argos.testkit.StoreCompatibilityKit} runs it with
 * the others; a test class may run this part alone by implementing it and {@link StoreKit}.
 */
public interface RunsContract extends StoreKit {
  @Test
  default void completingARunStoresResultsStateHistoryAndNextRun() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    CompletionReport report = run(store(), g, T0.plusSeconds(2), Severity.OK, Severity.WARNING);
    assertThat(report.results()).isEqualTo(2);
    assertThat(report.changes()).hasSize(2);
    assertThat(report.alerts()).isEmpty(); // first results: the simple rule alerts only on later changes

    for (TaskStatus t : store().tasks("https://a.example")) {
      assertThat(t.state()).isNotNull();
      assertThat(t.state().lastRunAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(t.nextRunAt()).isEqualTo(T0.plusSeconds(2).plus(Duration.ofMinutes(5)));
      List<StoredResult> results = store().results(t.taskId(), 10);
      assertThat(results).hasSize(1);
      assertThat(results.get(0).result().context()).containsEntry("kit", true);
      assertThat(store().result(results.get(0).id())).contains(results.get(0));
      List<StateChange> h = store().history(t.taskId(), 10);
      assertThat(h).hasSize(1);
      assertThat(h.get(0).previous()).isNull();
      assertThat(h.get(0).resultId()).isEqualTo(results.get(0).id());
    }
    assertThat(store().severityCounts()).isEqualTo(new SeverityCounts(1, 1, 0, 0, 0));
    // claim cleared: due again after the frequency only
    assertThat(claimAll(store(), "n1", T0.plusSeconds(10))).isEmpty();
    assertThat(claimAll(store(), "n1", T0.plusSeconds(2).plus(Duration.ofMinutes(5)))).hasSize(1);
  }

  @Test
  default void aRunIsRecordedOnlyWhileItsNodeHoldsTheClaimForItsDueTime() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    long task = g.tasks().get(0).taskId();
    assertThat(run(store(), g, T0.plusSeconds(1), Severity.OK).results()).isEqualTo(1);
    // the same batch again, as after a commit whose answer was lost: nothing twice, the next run stays
    assertThat(run(store(), g, T0.plusSeconds(1), Severity.OK).results()).isZero();
    assertThat(store().results(task, 10)).hasSize(1);
    Instant next = T0.plusSeconds(1).plus(Duration.ofMinutes(5));
    assertThat(store().nextDue()).contains(next);

    // n1 claims the next run and stalls past its lease; n2 takes the group over and records the run
    ClaimedGroup stalled = store().claimDue("n1", next, next, 10, next.plusSeconds(60)).get(0);
    Instant later = next.plusSeconds(61);
    ClaimedGroup takenOver = store().claimDue("n2", later, later, 10, later.plusSeconds(60)).get(0);
    assertThat(takenOver.dueAt()).isEqualTo(stalled.dueAt());
    CompletionReport byN2 = store().complete(List.of(new CompletedRun("n2", takenOver,
        outcome(takenOver, later, Severity.CRITICAL))), simpleRule());
    assertThat(byN2.results()).isEqualTo(1);
    // n1 wakes up: its run of the same due time is not recorded, and does not set the next run back
    CompletionReport late = store().complete(List.of(new CompletedRun("n1", stalled,
        outcome(stalled, later.plusSeconds(1), Severity.OK))), simpleRule());
    assertThat(late.results()).isZero();
    assertThat(late.changes()).isEmpty();
    assertThat(store().results(task, 10)).hasSize(2);
    assertThat(store().tasks("https://a.example").get(0).state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(store().nextDue()).contains(later.plus(Duration.ofMinutes(5)));
  }

  @Test
  default void aChangeAfterTheFirstResultGoesToHistoryAndOutbox() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    run(store(), g, T0, Severity.OK);
    ClaimedGroup g2 = claimAll(store(), "n1", T0.plus(Duration.ofMinutes(5))).get(0);
    CompletionReport r = run(store(), g2, T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL);
    assertThat(r.alerts()).hasSize(1);
    Alert a = r.alerts().get(0);
    assertThat(a.kind()).isEqualTo(AlertKind.STATE_CHANGE);
    assertThat(a.change().previous()).isEqualTo(Severity.OK);
    assertThat(a.change().current()).isEqualTo(Severity.CRITICAL);
    assertThat(a.change().domain()).isEqualTo("https://a.example");
    assertThat(a.change().resultId()).isPositive();
    long taskId = g.tasks().get(0).taskId();
    assertThat(store().history(taskId, 10)).extracting(StateChange::current).containsExactly(Severity.CRITICAL, Severity.OK);
    assertThat(store().results(taskId, 10)).hasSize(2);
    assertThat(store().results(taskId, 1)).extracting(StoredResult::at).containsExactly(T0.plus(Duration.ofMinutes(5)));
    assertThat(store().pendingAlerts()).isEqualTo(1);

    ClaimedGroup g3 = claimAll(store(), "n1", T0.plus(Duration.ofMinutes(10))).get(0);
    CompletionReport same = run(store(), g3, T0.plus(Duration.ofMinutes(10)), Severity.CRITICAL);
    assertThat(same.changes()).isEmpty();
    assertThat(same.alerts()).isEmpty();
    assertThat(store().history(taskId, 10)).hasSize(2);
  }

  @Test
  default void theGroupRunsAtTheEarliestNextRunItsTasksAskFor() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    long first = g.tasks().get(0).taskId();
    store().complete(List.of(new CompletedRun("n1", g, outcome(g, T0))), (group, task, prev, result, at) -> {
      var t = simpleRule().apply(group, task, prev, result, at);
      return task.taskId() == first ? new org.argos.api.store.Transition(t.next(), t.severityChanged(), t.alert(), at.plusSeconds(42)) : t;
    });
    assertThat(store().nextDue()).contains(T0.plusSeconds(42));
  }

  @Test
  default void outcomesOfDeletedTasksAreDropped() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    store().unregister("https://a.example");
    CompletionReport r = run(store(), g, T0, Severity.CRITICAL);
    assertThat(r.results()).isZero();
    assertThat(store().severityCounts().total()).isZero();
  }

  @Test
  default void reservedResultIdsNameTheRowsWrittenForThemAndResultsKeepTheirAuthor() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    long first = g.tasks().get(0).taskId();
    long second = g.tasks().get(1).taskId();
    assertThat(store().reserveResultIds(0)).isEmpty();
    assertThatThrownBy(() -> store().reserveResultIds(-1)).isInstanceOf(IllegalArgumentException.class);
    List<Long> ids = store().reserveResultIds(3);
    if (storeReservesResultIds()) {
      assertThat(ids).hasSize(3).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
    } else {
      assertThat(ids).as("a store that does not reserve ids says so with an empty list").isEmpty();
    }
    // A store that does not reserve ids numbers results itself, whatever an outcome carries.
    List<@Nullable Long> given = java.util.Arrays.asList(ids.isEmpty() ? 987_654_321L : ids.get(1), null);

    CompletionReport r = store().complete(
        List.of(new CompletedRun("n1", g, reported(g, T0.plusSeconds(1), given, "agent-7"))), simpleRule());
    assertThat(r.results()).isEqualTo(2);
    StoredResult a = store().results(first, 10).get(0);
    StoredResult b = store().results(second, 10).get(0);
    assertThat(a.node()).as("a result reported by an agent is the agent's").isEqualTo("agent-7");
    assertThat(b.node()).isEqualTo("agent-7");
    assertThat(store().result(a.id())).contains(a);
    assertThat(store().result(b.id())).contains(b);
    assertThat(store().history(first, 10).get(0).resultId()).isEqualTo(a.id());
    if (ids.isEmpty()) {
      assertThat(a.id()).isNotEqualTo(987_654_321L);
      return;
    }
    assertThat(a.id()).as("the reserved id names the row").isEqualTo(ids.get(1));
    assertThat(b.id()).as("an outcome without a reserved id is numbered by the store, apart from reserved ids")
        .isNotIn(ids);

    // Wrong ids never lose a batch: an id given twice, one already stored, one never handed out each get a fresh id.
    Instant next = T0.plusSeconds(1).plus(Duration.ofMinutes(5));
    ClaimedGroup again = store().claimDue("n1", next, next, 10, next.plusSeconds(60)).get(0);
    GroupOutcome twice = reported(again, next, List.of(ids.get(0), ids.get(0)), null);
    assertThat(store().complete(List.of(new CompletedRun("n1", again, twice)), simpleRule()).results()).isEqualTo(2);
    StoredResult a2 = store().results(first, 10).get(0);
    StoredResult b2 = store().results(second, 10).get(0);
    assertThat(a2.node()).as("without an author, the result is the node's").isEqualTo("n1");
    assertThat(List.of(a2.id(), b2.id())).doesNotHaveDuplicates().doesNotContain(a.id(), b.id());

    Instant third = next.plus(Duration.ofMinutes(5));
    ClaimedGroup once = store().claimDue("n1", third, third, 10, third.plusSeconds(60)).get(0);
    long unissued = java.util.Collections.max(ids) + 1_000_000;
    GroupOutcome wrong = reported(once, third, List.of(ids.get(1), unissued), null);
    assertThat(store().complete(List.of(new CompletedRun("n1", once, wrong)), simpleRule()).results()).isEqualTo(2);
    StoredResult a3 = store().results(first, 10).get(0);
    StoredResult b3 = store().results(second, 10).get(0);
    assertThat(a3.id()).as("an id already stored is not used again").isNotEqualTo(a.id());
    assertThat(b3.id()).as("an id the store never handed out is not used").isNotEqualTo(unissued);
    assertThat(store().result(a.id())).contains(a);
    List<Long> seen = List.of(a.id(), b.id(), a2.id(), b2.id(), a3.id(), b3.id());
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(store().reserveResultIds(5)).doesNotContainAnyElementsOf(ids).doesNotContainAnyElementsOf(seen);
  }

  @Test
  default void aFailingRuleLeavesNothingHalfWritten() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    long second = g.tasks().get(1).taskId();
    assertThatThrownBy(() -> store().complete(List.of(new CompletedRun("n1", g, outcome(g, T0))), (group, task, prev, result, at) -> {
      if (task.taskId() == second) {
        throw new IllegalStateException("rule failed");
      }
      return simpleRule().apply(group, task, prev, result, at);
    })).hasMessageContaining("rule failed");
    assertThat(store().severityCounts()).isEqualTo(new SeverityCounts(0, 0, 0, 0, 2));
    for (var t : g.tasks()) {
      assertThat(store().results(t.taskId(), 10)).isEmpty();
      assertThat(store().history(t.taskId(), 10)).isEmpty();
    }
  }

  @Test
  default void eachGroupKeepsThePeerItsLastRunConnectedTo() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    store().register(plan(site("https://b.example", "status-is"), T0), T0);
    List<ClaimedGroup> gs = claimAll(store(), "n1", T0);
    ClaimedGroup a = gs.stream().filter(g -> g.domain().equals("https://a.example")).findFirst().orElseThrow();
    ClaimedGroup b = gs.stream().filter(g -> g.domain().equals("https://b.example")).findFirst().orElseThrow();
    List<Long> aTasks = a.tasks().stream().map(t -> t.taskId()).toList();
    long bTask = b.tasks().get(0).taskId();
    assertThat(store().peers(List.of(aTasks.get(0), bTask))).isEmpty(); // no run yet

    String fingerprint = "ab".repeat(32);
    ProbePeer peer = new ProbePeer("10.0.0.5", 443, fingerprint);
    GroupOutcome withPeer = withPeer(outcome(a, T0.plusSeconds(1), Severity.OK, Severity.OK), peer);
    store().complete(List.of(new CompletedRun("n1", a, withPeer),
        new CompletedRun("n1", b, outcome(b, T0.plusSeconds(1), Severity.OK))), simpleRule()); // b: no peer (upstream)
    assertThat(store().peers(List.of(aTasks.get(0), aTasks.get(1), bTask, 999_999L)))
        .containsOnly(entry(aTasks.get(0), peer), entry(aTasks.get(1), peer));

    // a later run that says nothing keeps the peer known; one that names another replaces it
    Instant next = T0.plusSeconds(1).plus(Duration.ofMinutes(5));
    ClaimedGroup a2 = claimAll(store(), "n1", next).stream().filter(g -> g.groupId() == a.groupId()).findFirst()
        .orElseThrow();
    store().complete(List.of(new CompletedRun("n1", a2, outcome(a2, next, Severity.CRITICAL, Severity.OK))),
        simpleRule());
    assertThat(store().peers(aTasks)).containsEntry(aTasks.get(0), peer);
    Instant third = next.plus(Duration.ofMinutes(5));
    ClaimedGroup a3 = claimAll(store(), "n1", third).stream().filter(g -> g.groupId() == a.groupId()).findFirst()
        .orElseThrow();
    ProbePeer v6 = new ProbePeer("2001:db8::7", 8443, null);
    store().complete(List.of(new CompletedRun("n1", a3, withPeer(outcome(a3, third, Severity.OK, Severity.OK), v6))),
        simpleRule());
    assertThat(store().peers(aTasks)).containsOnly(entry(aTasks.get(0), v6), entry(aTasks.get(1), v6));
  }

  @Test
  default void failingTasksAreFoundByTheAddressTheirGroupConnectedTo() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    store().register(plan(site("https://b.example", "status-is"), T0), T0);
    store().register(plan(site("https://c.example", "status-is"), T0), T0);
    List<ClaimedGroup> gs = claimAll(store(), "n1", T0);
    ClaimedGroup a = gs.stream().filter(g -> g.domain().equals("https://a.example")).findFirst().orElseThrow();
    ClaimedGroup b = gs.stream().filter(g -> g.domain().equals("https://b.example")).findFirst().orElseThrow();
    ClaimedGroup c = gs.stream().filter(g -> g.domain().equals("https://c.example")).findFirst().orElseThrow();
    long a0 = a.tasks().get(0).taskId();
    long c0 = c.tasks().get(0).taskId();
    assertThat(store().failingAt("10.0.0.5", 0, 0, 10)).isEmpty(); // no run yet
    store().complete(List.of(
        new CompletedRun("n1", a, withPeer(outcome(a, T0.plusSeconds(1), Severity.CRITICAL, Severity.OK),
            new ProbePeer("10.0.0.5", 443, null))),
        new CompletedRun("n1", b, outcome(b, T0.plusSeconds(1), Severity.CRITICAL)), // no peer: never found
        new CompletedRun("n1", c, withPeer(outcome(c, T0.plusSeconds(1), Severity.WARNING),
            new ProbePeer("10.0.0.5", 8443, null)))), simpleRule());
    List<Long> both = java.util.stream.Stream.of(a0, c0).sorted().toList();
    assertThat(store().failingAt("10.0.0.5", 0, 0, 10)).containsExactlyElementsOf(both); // the ok task is left out
    assertThat(store().failingAt("10.0.0.5", 443, 0, 10)).containsExactly(a0);
    assertThat(store().failingAt("10.0.0.5", 0, 1, 10)).containsExactly(both.get(1));
    assertThat(store().failingAt("10.0.0.5", 0, 0, 1)).containsExactly(both.get(0));
    assertThat(store().failingAt("10.0.0.6", 0, 0, 10)).isEmpty();
    assertThatThrownBy(() -> store().failingAt("10.0.0.5", 0, 0, 1001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void aFailingRuleLeavesThePeerUnwritten() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    GroupOutcome o = withPeer(outcome(g, T0), new ProbePeer("10.0.0.5", 80, null));
    assertThatThrownBy(() -> store().complete(List.of(new CompletedRun("n1", g, o)), (group, task, prev, result, at) -> {
      throw new IllegalStateException("rule failed");
    })).hasMessageContaining("rule failed");
    assertThat(store().peers(List.of(g.tasks().get(0).taskId()))).isEmpty();
  }

  private static GroupOutcome withPeer(GroupOutcome o, ProbePeer peer) {
    return new GroupOutcome(o.groupId(), o.startedAt(), o.finishedAt(), o.outcomes(), peer);
  }
}
