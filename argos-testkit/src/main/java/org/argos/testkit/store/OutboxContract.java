package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.FAR;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.argos.testkit.store.StoreKitSupport.run;
import static org.argos.testkit.store.StoreKitSupport.taskChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the alert outbox: each alert handed to one node at a time, in order per task, retried, its
 * messages remembered until sent, and silenced alerts remembered until a silence ends ({@link
 * org.argos.api.store.Store#claimAlerts}, {@link org.argos.api.store.Store#messageBegun}, {@link
 * org.argos.api.store.Store#endSilence}). {@link org.argos.testkit.StoreCompatibilityKit} runs it with the others; a
 * test class may run this part alone by implementing it and {@link StoreKit}.
 */
public interface OutboxContract extends StoreKit {
  @Test
  default void theOutboxHandsEachAlertToOneNodeUntilDone() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    run(store(), g, T0, Severity.OK);
    run(store(), claimAll(store(), "n1", T0.plus(Duration.ofMinutes(5))).get(0), T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL);

    Instant now = T0.plus(Duration.ofMinutes(6));
    List<OutboxEntry> claimed = store().claimAlerts("n1", now, 10, now.plusSeconds(30));
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).attempts()).isZero();
    assertThat(store().claimAlerts("n2", now, 10, now.plusSeconds(30))).isEmpty();
    long id = claimed.get(0).alert().id();

    store().delivered(id, "mail");
    store().retryLater(id, now.plusSeconds(10), "gotify down");
    assertThat(store().claimAlerts("n2", now.plusSeconds(5), 10, now.plusSeconds(60))).isEmpty();
    List<OutboxEntry> retry = store().claimAlerts("n2", now.plusSeconds(10), 10, now.plusSeconds(60));
    assertThat(retry).hasSize(1);
    assertThat(retry.get(0).attempts()).isEqualTo(1);
    assertThat(retry.get(0).deliveredChannels()).containsExactly("mail");
    assertThat(retry.get(0).alert()).isEqualTo(claimed.get(0).alert());

    store().done(id, now.plusSeconds(11));
    assertThat(store().pendingAlerts()).isZero();
    assertThat(store().claimAlerts("n1", now.plus(Duration.ofDays(1)), 10, FAR)).isEmpty();
  }

  @Test
  default void anAlertEnqueuedOnceByKeyIsEnqueuedOnceEvenAfterItIsDone() {
    StateChange c = new StateChange(0, "", "argos-digest:2026-03-28/Europe/Paris", "", org.argos.api.IpVersion.IPV4,
        new org.argos.api.CheckSpec("digest", "ops"), null, Severity.OK, T0, "ops", 0);
    Optional<Alert> first = store().enqueueOnce("digest|ops|2026-03-28", AlertKind.DIGEST, c);
    assertThat(first).get().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.DIGEST);
      assertThat(a.change()).isEqualTo(c);
    });
    assertThat(store().enqueueOnce("digest|ops|2026-03-28", AlertKind.DIGEST, c)).as("the same key").isEmpty();
    List<OutboxEntry> claimed = store().claimAlerts("n1", T0, 10, T0.plusSeconds(30));
    assertThat(claimed).extracting(e -> e.alert()).containsExactly(first.get());
    store().done(first.get().id(), T0);
    assertThat(store().enqueueOnce("digest|ops|2026-03-28", AlertKind.DIGEST, c)).as("once done too").isEmpty();
    assertThat(store().enqueueOnce("digest|ops|2026-03-29", AlertKind.DIGEST, c)).as("another key").isPresent();
    assertThat(store().enqueueOnce("digest|pager|2026-03-28", AlertKind.DIGEST, c)).as("another channel").isPresent();
  }

  @Test
  default void anExpiredAlertClaimIsClaimableAgain() {
    StateChange c = new StateChange(0, "https://a.example", "https://a.example/", "GET", org.argos.api.IpVersion.IPV4,
        new org.argos.api.CheckSpec("status-is", 200), Severity.OK, Severity.CRITICAL, T0, "down", 0);
    Alert a = store().enqueue(AlertKind.NO_AGENT, c);
    assertThat(a.id()).isPositive();
    assertThat(a.kind()).isEqualTo(AlertKind.NO_AGENT);
    assertThat(store().claimAlerts("n1", T0, 10, T0.plusSeconds(30))).hasSize(1);
    assertThat(store().claimAlerts("n2", T0.plusSeconds(29), 10, T0.plusSeconds(60))).isEmpty();
    List<OutboxEntry> again = store().claimAlerts("n2", T0.plusSeconds(31), 10, T0.plusSeconds(60));
    assertThat(again).extracting(e -> e.alert().change()).containsExactly(c);
  }

  @Test
  default void aTasksLaterAlertWaitsUntilItsOlderOneIsDone() {
    Alert failure = store().enqueue(AlertKind.STATE_CHANGE, taskChange(7, Severity.OK, Severity.CRITICAL, T0));
    Alert recovery =
        store().enqueue(AlertKind.STATE_CHANGE, taskChange(7, Severity.CRITICAL, Severity.OK, T0.plusSeconds(1)));
    Alert other = store().enqueue(AlertKind.STATE_CHANGE, taskChange(8, Severity.OK, Severity.CRITICAL, T0));

    assertThat(store().claimAlerts("n1", T0, 10, T0.plusSeconds(30))).extracting(e -> e.alert().id())
        .containsExactly(failure.id(), other.id());
    store().retryLater(failure.id(), T0.plusSeconds(10), "down");
    store().done(other.id(), T0);
    // the recovery is due, but its failure is not delivered yet: no node may send it first
    assertThat(store().claimAlerts("n2", T0.plusSeconds(5), 10, T0.plusSeconds(60))).isEmpty();
    assertThat(store().claimAlerts("n2", T0.plusSeconds(10), 10, T0.plusSeconds(60))).extracting(e -> e.alert().id())
        .containsExactly(failure.id());
    store().done(failure.id(), T0.plusSeconds(11));
    assertThat(store().claimAlerts("n1", T0.plusSeconds(12), 10, T0.plusSeconds(60))).extracting(e -> e.alert().id())
        .containsExactly(recovery.id());
  }

  @Test
  default void aBegunMessageIsFoundFromItsAlertsUntilItIsSent() {
    Alert a1 = store().enqueue(AlertKind.STATE_CHANGE, taskChange(11, Severity.OK, Severity.CRITICAL, T0));
    Alert a2 = store().enqueue(AlertKind.STATE_CHANGE, taskChange(12, Severity.OK, Severity.CRITICAL, T0));
    Alert a3 = store().enqueue(AlertKind.STATE_CHANGE, taskChange(13, Severity.OK, Severity.CRITICAL, T0));
    OutboxMessage m = new OutboxMessage("k-12", "hook", List.of(a2.id(), a1.id()));
    store().messageBegun(m, T0);
    store().messageBegun(new OutboxMessage("k-12", "hook", List.of(a3.id())), T0); // a repeat keeps the first record

    assertThat(store().begunMessages(List.of(a2.id()))).containsExactly(m);
    assertThat(store().begunMessages(List.of(a1.id(), a2.id(), a3.id()))).containsExactly(m);
    assertThat(store().begunMessages(List.of(a3.id()))).isEmpty();

    store().messageSent(m, T0.plusSeconds(1));
    assertThat(store().begunMessages(List.of(a1.id(), a2.id()))).isEmpty();
    List<OutboxEntry> claimed = store().claimAlerts("n1", T0.plusSeconds(2), 10, T0.plusSeconds(30));
    assertThat(claimed).filteredOn(e -> e.alert().id() != a3.id())
        .hasSize(2).allSatisfy(e -> assertThat(e.deliveredChannels()).containsExactly("hook"));
    assertThat(claimed).filteredOn(e -> e.alert().id() == a3.id())
        .singleElement().satisfies(e -> assertThat(e.deliveredChannels()).isEmpty());
  }

  @Test
  default void aSilencedAlertRemembersWhatReceiversLastHeardUntilAMessageTellsTheTask() {
    assertThat(store().silencedTasks(List.of(21L))).isEmpty();
    Alert failure = store().enqueue(AlertKind.STATE_CHANGE, taskChange(21, Severity.OK, Severity.CRITICAL, T0));
    store().silenced(failure, T0);
    assertThat(store().pendingAlerts()).isZero();
    assertThat(store().silencedTasks(List.of(21L))).containsExactly(Map.entry(21L, Severity.OK));

    Alert reminder = store().enqueue(AlertKind.REMINDER, taskChange(21, Severity.CRITICAL, Severity.CRITICAL, T0));
    store().silenced(reminder, T0.plusSeconds(1)); // the first silenced alert's "before" is what receivers heard
    assertThat(store().silencedTasks(List.of(21L))).containsExactly(Map.entry(21L, Severity.OK));

    Alert next = store().enqueue(AlertKind.REMINDER, taskChange(21, Severity.CRITICAL, Severity.CRITICAL, T0));
    OutboxMessage m = new OutboxMessage("k-21", "hook", List.of(next.id()));
    store().messageBegun(m, T0.plusSeconds(2));
    assertThat(store().silencedTasks(List.of(21L))).containsExactly(Map.entry(21L, Severity.OK));
    store().messageSent(m, T0.plusSeconds(2));
    assertThat(store().silencedTasks(List.of(21L))).isEmpty();
  }

  @Test
  default void aSilenceEndsOnceTellingTheFailureAsANewAlertAfterTheTasksOpenOnes() {
    Alert failure = store().enqueue(AlertKind.STATE_CHANGE, taskChange(31, Severity.OK, Severity.CRITICAL, T0));
    store().silenced(failure, T0);
    Alert other = store().enqueue(AlertKind.STATE_CHANGE, taskChange(32, Severity.CRITICAL, Severity.WARNING, T0));
    store().silenced(other, T0.plusSeconds(1));
    assertThat(store().withheldTasks(10))
        .containsExactly(Map.entry(31L, Severity.OK), Map.entry(32L, Severity.CRITICAL));
    assertThat(store().withheldTasks(1)).hasSize(1);

    // an open alert of the task tells what the silence kept: ending it is refused and changes nothing
    Alert open = store().enqueue(AlertKind.REMINDER, taskChange(31, Severity.CRITICAL, Severity.CRITICAL, T0));
    StateChange told = taskChange(31, Severity.OK, Severity.CRITICAL, T0.plusSeconds(60));
    assertThat(store().endSilence(31, Severity.OK, told)).isEmpty();
    assertThat(store().withheldTasks(10)).containsKey(31L);
    store().done(open.id(), T0.plusSeconds(2));

    assertThat(store().endSilence(31, Severity.WARNING, told)).as("another told severity").isEmpty();
    Optional<Alert> ended = store().endSilence(31, Severity.OK, told);
    assertThat(ended).hasValueSatisfying(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.STATE_CHANGE);
      assertThat(a.change()).isEqualTo(told);
      assertThat(a.id()).isGreaterThan(open.id());
    });
    assertThat(store().endSilence(31, Severity.OK, told)).as("a second node's attempt").isEmpty();
    assertThat(store().withheldTasks(10)).containsExactly(Map.entry(32L, Severity.CRITICAL));
    assertThat(store().claimAlerts("n1", T0.plusSeconds(61), 10, T0.plusSeconds(90))).extracting(e -> e.alert().id())
        .containsExactly(ended.orElseThrow().id());

    // nothing to tell: forgotten all the same
    assertThat(store().endSilence(32, Severity.CRITICAL, null)).isEmpty();
    assertThat(store().withheldTasks(10)).isEmpty();
    assertThatThrownBy(() -> store().endSilence(33, Severity.OK, told)).isInstanceOf(IllegalArgumentException.class);
  }
}
