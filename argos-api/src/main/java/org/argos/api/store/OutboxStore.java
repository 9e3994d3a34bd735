package org.argos.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.jspecify.annotations.Nullable;

/**
 * The alert outbox: alerts are written with the state change that caused them, then drained by the delivery loop, so
 * each alert reaches each channel at least once even with several nodes and across crashes, and a repeat (a message
 * that may have arrived before its node died) carries the idempotency key of its first attempt, so receivers that
 * drop repeated keys see each alert once. Methods added after the first version have defaults: a store that keeps the
 * defaults gives up only the repeat-under-the-same-key guarantee and what follows a silence.
 */
public interface OutboxStore {
  /**
   * Adds an alert not caused by a result (for example no agent reported).
   *
   * @param kind why
   * @param change what it is about
   * @return the stored alert
   */
  Alert enqueue(AlertKind kind, StateChange change);

  /**
   * Claims pending alerts whose next attempt is due, oldest first; a claim expires at {@code leaseUntil}. An alert is
   * not claimed while an older alert of the same task is not done, so a task's alerts are delivered in the order they
   * were raised (a recovery never overtakes the failure it ends, on any node, across retries).
   *
   * @param node the claiming node
   * @param now the current time
   * @param limit how many at most
   * @param leaseUntil when the claim expires
   * @return the entries
   */
  List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil);

  /**
   * Records that one channel received the alert.
   *
   * @param alertId the alert
   * @param channel the channel
   */
  void delivered(long alertId, String channel);

  /**
   * Marks the alert done: every channel received it, or it was given up on.
   *
   * @param alertId the alert
   * @param at when
   */
  void done(long alertId, Instant at);

  /**
   * Schedules another attempt and releases the claim.
   *
   * @param alertId the alert
   * @param nextAttemptAt when to try again
   * @param error the last error, for people
   */
  void retryLater(long alertId, Instant nextAttemptAt, String error);

  /** @return alerts not yet done */
  long pendingAlerts();

  /**
   * Records, before it is sent, that a message is about to go out. Until {@link #messageSent} records it as sent, a
   * node that claims any of its alerts finds it through {@link #begunMessages} and sends it again, unchanged. Recording
   * the same key twice keeps the first record.
   *
   * @param message the message
   * @param at when
   */
  default void messageBegun(OutboxMessage message, Instant at) {}

  /**
   * Records that a message reached its receiver, and (in the same transaction where the store has them) that each of
   * its alerts was delivered to its channel and that receivers heard of their tasks again (what {@link #silenced}
   * remembered of those tasks is forgotten).
   *
   * @param message the message
   * @param at when
   */
  default void messageSent(OutboxMessage message, Instant at) {
    for (long id : message.alertIds()) {
      delivered(id, message.channel());
    }
  }

  /**
   * Messages begun and never recorded as sent that carry any of these alerts.
   *
   * @param alertIds alerts just claimed
   * @return the messages, oldest first
   */
  default List<OutboxMessage> begunMessages(Collection<Long> alertIds) {
    return List.of();
  }

  /**
   * Marks an alert done because a silence covered it, remembering for its task what receivers were last told (the
   * severity before the alert), so that what follows the silence can be told as the failure it is.
   *
   * @param alert the silenced alert
   * @param at when
   */
  default void silenced(Alert alert, Instant at) {
    done(alert.id(), at);
  }

  /**
   * What receivers were last told about tasks whose later alerts a silence kept from them.
   *
   * @param taskIds the tasks of the alerts about to be sent
   * @return for each of these tasks with an alert silenced since one was sent, the severity receivers last heard of
   *     (ok when they heard of nothing); tasks without are absent
   */
  default Map<Long, Severity> silencedTasks(Collection<Long> taskIds) {
    return Map.of();
  }

  /**
   * Every task whose alerts a silence kept from receivers since one was sent (what {@link #silenced} remembers), for
   * delivery to find, once silences end, the failures still owed to receivers.
   *
   * @param limit how many at most
   * @return task id to the severity receivers last heard of (ok when they heard of nothing), oldest first
   */
  default Map<Long, Severity> withheldTasks(int limit) {
    return Map.of();
  }

  /**
   * Ends what a silence kept from receivers about a task, once whichever node calls it: in one transaction, if the
   * store still remembers that receivers last heard {@code told} of the task (see {@link #silenced}) and no alert of
   * the task is open (not done), it forgets it and, when {@code change} is not null, enqueues {@code change} as a
   * {@link AlertKind#STATE_CHANGE} alert, delivered like any other. Of several nodes that see a silence end, one
   * enqueues; the others get empty. With an open alert of the task nothing changes: that alert tells it.
   *
   * @param taskId the task
   * @param told what receivers last heard of it, as {@link #withheldTasks} returned
   * @param change what to tell (from {@code told} to the task's severity now), or null to tell nothing
   * @return the alert enqueued; empty when nothing was (another node ended it, an alert of the task is open, the task
   *     was silenced again with another told severity, or {@code change} is null)
   * @throws IllegalArgumentException if {@code change} is about another task
   */
  default Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    return Optional.empty();
  }

  /**
   * Adds an alert once per key across every node sharing the store: the first call with a key enqueues it, later calls
   * (on any node, after any crash) enqueue nothing. Daily digests use it with the channel and the local date.
   *
   * <p>The default enqueues every time: a store that keeps it gives each node its own digest.
   *
   * @param onceKey what makes the alert unique, at most 200 characters
   * @param kind why
   * @param change what it is about
   * @return the alert enqueued, or empty when one with this key already was
   */
  default Optional<Alert> enqueueOnce(String onceKey, AlertKind kind, StateChange change) {
    return Optional.of(enqueue(kind, change));
  }
}
