package org.argos.postgres.internal.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.api.store.OutboxStore;
import org.argos.postgres.internal.schema.tables.records.AlertOutboxRecord;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.Database;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The alert outbox: alerts enqueued with the state changes that raise them, claimed by one node at a time, delivered
 * per channel, grouped into messages, and kept from receivers by silences ({@link Outbox}).
 */
public final class SqlOutbox implements OutboxStore {
  private final Calls calls;
  private final Outbox outbox;

  public SqlOutbox(DSLContext db, Codec codec, Database database, Calls calls) {
    this.calls = calls;
    this.outbox = new Outbox(db, codec, database);
  }

  /** @return the outbox row of a new alert, for the transaction that records the state change raising it */
  public static AlertOutboxRecord row(Codec codec, Alert alert) {
    return Outbox.row(codec, alert);
  }

  @Override
  public Alert enqueue(AlertKind kind, StateChange change) {
    return calls.write("enqueue a " + kind + " alert", () -> outbox.enqueue(kind, change));
  }

  @Override
  public Optional<Alert> enqueueOnce(String onceKey, AlertKind kind, StateChange change) {
    if (onceKey.isEmpty() || onceKey.length() > 200) {
      throw new IllegalArgumentException("a once-key has 1 to 200 characters, got " + onceKey.length());
    }
    return calls.write("enqueue a " + kind + " alert once", () -> outbox.enqueueOnce(onceKey, kind, change));
  }

  @Override
  public List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil) {
    if (limit < 1) {
      return List.of();
    }
    return calls.write("claim alerts for node " + node, () -> outbox.claim(node, now, limit, leaseUntil));
  }

  @Override
  public void delivered(long alertId, String channel) {
    calls.run("record delivery of alert " + alertId + " to " + channel, () -> outbox.delivered(alertId, channel));
  }

  @Override
  public void done(long alertId, Instant at) {
    calls.run("mark alert " + alertId + " done", () -> outbox.done(alertId, at));
  }

  @Override
  public void retryLater(long alertId, Instant nextAttemptAt, String error) {
    calls.run("schedule a retry of alert " + alertId, () -> outbox.retryLater(alertId, nextAttemptAt, error));
  }

  @Override
  public long pendingAlerts() {
    return calls.call("count pending alerts", outbox::pending);
  }

  @Override
  public void messageBegun(OutboxMessage message, Instant at) {
    calls.run("record the start of message " + message.key(), () -> outbox.messageBegun(message, at));
  }

  @Override
  public void messageSent(OutboxMessage message, Instant at) {
    calls.run("record the sending of message " + message.key(), () -> outbox.messageSent(message, at));
  }

  @Override
  public List<OutboxMessage> begunMessages(Collection<Long> alertIds) {
    return alertIds.isEmpty() ? List.of() : calls.call("find begun messages", () -> outbox.begunMessages(alertIds));
  }

  @Override
  public void silenced(Alert alert, Instant at) {
    calls.run("mark alert " + alert.id() + " silenced", () -> outbox.silenced(alert, at));
  }

  @Override
  public Map<Long, Severity> silencedTasks(Collection<Long> taskIds) {
    return taskIds.isEmpty()
        ? Map.of()
        : calls.call("read what silences kept from receivers", () -> outbox.silencedTasks(taskIds));
  }

  @Override
  public Map<Long, Severity> withheldTasks(int limit) {
    return limit < 1
        ? Map.of()
        : calls.call("read the tasks silences kept from receivers", () -> outbox.withheldTasks(limit));
  }

  @Override
  public Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    if (change != null && change.taskId() != taskId) {
      throw new IllegalArgumentException("the change is about task " + change.taskId() + ", not " + taskId);
    }
    return calls.write("end the silence of task " + taskId, () -> outbox.endSilence(taskId, told, change));
  }
}
