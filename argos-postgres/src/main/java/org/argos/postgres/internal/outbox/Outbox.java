package org.argos.postgres.internal.outbox;

import static org.argos.postgres.internal.schema.Sequences.ALERT_OUTBOX_SEQ;
import static org.argos.postgres.internal.schema.Tables.ALERT_MESSAGES;
import static org.argos.postgres.internal.schema.Tables.ALERT_MESSAGE_ALERTS;
import static org.argos.postgres.internal.schema.Tables.ALERT_ONCE_KEYS;
import static org.argos.postgres.internal.schema.Tables.ALERT_OUTBOX;
import static org.argos.postgres.internal.schema.Tables.ALERT_TASK_SILENCES;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.postgres.internal.schema.tables.AlertOutbox;
import org.argos.postgres.internal.schema.tables.records.AlertMessageAlertsRecord;
import org.argos.postgres.internal.schema.tables.records.AlertOutboxRecord;
import org.argos.postgres.internal.sql.Batches;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.Database;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The alert outbox: claims with a lease (one open alert per task at a time, oldest first, so a task's alerts keep their
 * order), per-channel delivery marks, retries, messages recorded as begun and sent, and what silences kept from
 * receivers.
 */
final class Outbox {
  /**
   * A fresh alert is due at once, whatever the clock of the node that claims it: its next attempt is the epoch. Retries
   * get a real time. Ordering by (next attempt, id) then gives fresh alerts oldest first, before retries.
   */
  static final Instant DUE_AT_ONCE = Instant.EPOCH;

  private final DSLContext db;
  private final Codec codec;
  private final Database database;

  Outbox(DSLContext db, Codec codec, Database database) {
    this.db = db;
    this.codec = codec;
    this.database = database;
  }

  static AlertOutboxRecord row(Codec codec, Alert alert) {
    StateChange c = alert.change();
    AlertOutboxRecord r = new AlertOutboxRecord();
    r.setId(alert.id());
    r.setKind(alert.kind().name());
    r.setTaskId(c.taskId() > 0 ? c.taskId() : null);
    r.setPayload(codec.write(c));
    r.setCreatedAt(c.at());
    r.setAttempts(0);
    r.setNextAttemptAt(DUE_AT_ONCE);
    r.setDeliveredChannels("[]");
    r.setLastError(null);
    r.setClaimedBy(null);
    r.setLeaseUntil(null);
    r.setDoneAt(null);
    return r;
  }

  Alert enqueue(AlertKind kind, StateChange change) {
    long id = db.nextval(ALERT_OUTBOX_SEQ);
    Alert alert = new Alert(id, kind, change);
    Batches.insert(db, ALERT_OUTBOX, List.of(row(codec, alert)));
    return alert;
  }

  /** How long a once-key is kept: well past a day, the longest a digest's key matters. */
  static final java.time.Duration ONCE_KEPT = java.time.Duration.ofDays(30);

  Optional<Alert> enqueueOnce(String onceKey, AlertKind kind, StateChange change) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      long id = tx.nextval(ALERT_OUTBOX_SEQ);
      // the key's row is the claim: of nodes inserting it together, one inserts, the others wait for it and find it
      int inserted = tx.insertInto(ALERT_ONCE_KEYS)
          .set(ALERT_ONCE_KEYS.ONCE_KEY, onceKey)
          .set(ALERT_ONCE_KEYS.ALERT_ID, id)
          .set(ALERT_ONCE_KEYS.CREATED_AT, change.at())
          .onConflictDoNothing()
          .execute();
      if (inserted == 0) {
        return Optional.<Alert>empty();
      }
      tx.deleteFrom(ALERT_ONCE_KEYS).where(ALERT_ONCE_KEYS.CREATED_AT.lt(change.at().minus(ONCE_KEPT))).execute();
      Alert alert = new Alert(id, kind, change);
      Batches.insert(tx, ALERT_OUTBOX, List.of(row(codec, alert)));
      return Optional.of(alert);
    });
  }

  List<OutboxEntry> claim(String node, Instant now, int limit, Instant leaseUntil) {
    AlertOutbox older = ALERT_OUTBOX.as("older");
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      List<Long> ids = database.lockSkippingLocked(
              tx.select(ALERT_OUTBOX.ID)
                  .from(ALERT_OUTBOX)
                  .where(ALERT_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                  .and(ALERT_OUTBOX.CLAIMED_BY.isNull().or(ALERT_OUTBOX.LEASE_UNTIL.lt(now)))
                  // a task's later alert waits until its older one is done: a recovery never overtakes its failure
                  .andNotExists(DSL.selectOne().from(older)
                      .where(older.TASK_ID.eq(ALERT_OUTBOX.TASK_ID))
                      .and(older.DONE_AT.isNull())
                      .and(older.ID.lt(ALERT_OUTBOX.ID)))
                  .orderBy(ALERT_OUTBOX.NEXT_ATTEMPT_AT, ALERT_OUTBOX.ID)
                  .limit(limit))
          .fetch(ALERT_OUTBOX.ID);
      if (ids.isEmpty()) {
        return List.of();
      }
      tx.update(ALERT_OUTBOX)
          .set(ALERT_OUTBOX.CLAIMED_BY, node)
          .set(ALERT_OUTBOX.LEASE_UNTIL, leaseUntil)
          .where(ALERT_OUTBOX.ID.in(ids))
          .execute();
      List<OutboxEntry> out = new ArrayList<>(ids.size());
      for (AlertOutboxRecord r : tx.selectFrom(ALERT_OUTBOX)
          .where(ALERT_OUTBOX.ID.in(ids))
          .orderBy(ALERT_OUTBOX.NEXT_ATTEMPT_AT, ALERT_OUTBOX.ID)
          .fetch()) {
        out.add(new OutboxEntry(new Alert(r.getId(), AlertKind.valueOf(r.getKind()), codec.stateChange(r.getPayload())),
            r.getAttempts(), codec.channels(r.getDeliveredChannels())));
      }
      return out;
    });
  }

  void delivered(long alertId, String channel) {
    db.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      String current = tx.select(ALERT_OUTBOX.DELIVERED_CHANNELS)
          .from(ALERT_OUTBOX)
          .where(ALERT_OUTBOX.ID.eq(alertId))
          .forUpdate()
          .fetchOne(ALERT_OUTBOX.DELIVERED_CHANNELS);
      if (current == null) {
        return;
      }
      Set<String> channels = new TreeSet<>(codec.channels(current));
      if (channels.add(channel)) {
        tx.update(ALERT_OUTBOX)
            .set(ALERT_OUTBOX.DELIVERED_CHANNELS, codec.write(channels))
            .where(ALERT_OUTBOX.ID.eq(alertId))
            .execute();
      }
    });
  }

  void done(long alertId, Instant at) {
    db.update(ALERT_OUTBOX)
        .set(ALERT_OUTBOX.DONE_AT, at)
        .setNull(ALERT_OUTBOX.NEXT_ATTEMPT_AT)
        .setNull(ALERT_OUTBOX.CLAIMED_BY)
        .setNull(ALERT_OUTBOX.LEASE_UNTIL)
        .where(ALERT_OUTBOX.ID.eq(alertId))
        .execute();
  }

  void retryLater(long alertId, Instant nextAttemptAt, String error) {
    db.update(ALERT_OUTBOX)
        .set(ALERT_OUTBOX.NEXT_ATTEMPT_AT, nextAttemptAt)
        .set(ALERT_OUTBOX.ATTEMPTS, ALERT_OUTBOX.ATTEMPTS.plus(1))
        .set(ALERT_OUTBOX.LAST_ERROR, error)
        .setNull(ALERT_OUTBOX.CLAIMED_BY)
        .setNull(ALERT_OUTBOX.LEASE_UNTIL)
        .where(ALERT_OUTBOX.ID.eq(alertId))
        .and(ALERT_OUTBOX.DONE_AT.isNull())
        .execute();
  }

  long pending() {
    return db.selectCount().from(ALERT_OUTBOX).where(ALERT_OUTBOX.NEXT_ATTEMPT_AT.isNotNull()).fetchSingle().value1();
  }

  private static final int IN_LIST = 1000;

  void messageBegun(OutboxMessage m, Instant at) {
    db.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      if (tx.fetchExists(ALERT_MESSAGES, ALERT_MESSAGES.MESSAGE_KEY.eq(m.key()))) {
        return; // a repeat keeps its first record
      }
      tx.insertInto(ALERT_MESSAGES)
          .set(ALERT_MESSAGES.MESSAGE_KEY, m.key())
          .set(ALERT_MESSAGES.CHANNEL, m.channel())
          .set(ALERT_MESSAGES.ALERT_IDS, m.alertIds().stream().map(String::valueOf).collect(Collectors.joining(",")))
          .set(ALERT_MESSAGES.BEGUN_AT, at)
          .execute();
      List<AlertMessageAlertsRecord> rows = new ArrayList<>(m.alertIds().size());
      for (long id : m.alertIds()) {
        AlertMessageAlertsRecord r = new AlertMessageAlertsRecord();
        r.setAlertId(id);
        r.setMessageKey(m.key());
        rows.add(r);
      }
      Batches.insert(tx, ALERT_MESSAGE_ALERTS, rows);
    });
  }

  void messageSent(OutboxMessage m, Instant at) {
    db.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      tx.update(ALERT_MESSAGES).set(ALERT_MESSAGES.SENT_AT, at).where(ALERT_MESSAGES.MESSAGE_KEY.eq(m.key())).execute();
      tx.deleteFrom(ALERT_MESSAGE_ALERTS).where(ALERT_MESSAGE_ALERTS.MESSAGE_KEY.eq(m.key())).execute();
      for (List<Long> chunk : chunks(m.alertIds())) {
        List<Query> updates = new ArrayList<>();
        Set<Long> tasks = new TreeSet<>();
        for (var r : tx.select(ALERT_OUTBOX.ID, ALERT_OUTBOX.TASK_ID, ALERT_OUTBOX.DELIVERED_CHANNELS)
            .from(ALERT_OUTBOX)
            .where(ALERT_OUTBOX.ID.in(chunk))
            .orderBy(ALERT_OUTBOX.ID)
            .forUpdate()
            .fetch()) {
          if (r.value2() != null) {
            tasks.add(r.value2());
          }
          Set<String> channels = new TreeSet<>(codec.channels(r.value3()));
          if (channels.add(m.channel())) {
            updates.add(tx.update(ALERT_OUTBOX)
                .set(ALERT_OUTBOX.DELIVERED_CHANNELS, codec.write(channels))
                .where(ALERT_OUTBOX.ID.eq(r.value1())));
          }
        }
        if (!updates.isEmpty()) {
          tx.batch(updates).execute();
        }
        if (!tasks.isEmpty()) {
          // receivers heard of these tasks again: what a silence kept from them is told
          tx.deleteFrom(ALERT_TASK_SILENCES).where(ALERT_TASK_SILENCES.TASK_ID.in(tasks)).execute();
        }
      }
    });
  }

  List<OutboxMessage> begunMessages(Collection<Long> alertIds) {
    Set<String> keys = new LinkedHashSet<>();
    for (List<Long> chunk : chunks(List.copyOf(alertIds))) {
      keys.addAll(db.selectDistinct(ALERT_MESSAGE_ALERTS.MESSAGE_KEY)
          .from(ALERT_MESSAGE_ALERTS)
          .where(ALERT_MESSAGE_ALERTS.ALERT_ID.in(chunk))
          .fetch(ALERT_MESSAGE_ALERTS.MESSAGE_KEY));
    }
    List<OutboxMessage> out = new ArrayList<>();
    for (List<String> chunk : chunks(List.copyOf(keys))) {
      for (var r : db.select(ALERT_MESSAGES.MESSAGE_KEY, ALERT_MESSAGES.CHANNEL, ALERT_MESSAGES.ALERT_IDS)
          .from(ALERT_MESSAGES)
          .where(ALERT_MESSAGES.MESSAGE_KEY.in(chunk))
          .and(ALERT_MESSAGES.SENT_AT.isNull())
          .orderBy(ALERT_MESSAGES.BEGUN_AT, ALERT_MESSAGES.MESSAGE_KEY)
          .fetch()) {
        List<Long> ids = Arrays.stream(r.value3().split(",")).map(Long::valueOf).toList();
        out.add(new OutboxMessage(r.value1(), r.value2(), ids));
      }
    }
    return out;
  }

  void silenced(Alert alert, Instant at) {
    db.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      long task = alert.change().taskId();
      if (task > 0 && !tx.fetchExists(ALERT_TASK_SILENCES, ALERT_TASK_SILENCES.TASK_ID.eq(task))) {
        Severity before = alert.change().previous();
        tx.insertInto(ALERT_TASK_SILENCES)
            .set(ALERT_TASK_SILENCES.TASK_ID, task)
            .set(ALERT_TASK_SILENCES.TOLD_SEVERITY, (before == null ? Severity.OK : before).label())
            .set(ALERT_TASK_SILENCES.SINCE, at)
            .execute();
      }
      new Outbox(tx, codec, database).done(alert.id(), at);
    });
  }

  Map<Long, Severity> silencedTasks(Collection<Long> taskIds) {
    Map<Long, Severity> out = new HashMap<>();
    for (List<Long> chunk : chunks(List.copyOf(new TreeSet<>(taskIds)))) {
      db.select(ALERT_TASK_SILENCES.TASK_ID, ALERT_TASK_SILENCES.TOLD_SEVERITY)
          .from(ALERT_TASK_SILENCES)
          .where(ALERT_TASK_SILENCES.TASK_ID.in(chunk))
          .forEach(r -> out.put(r.value1(), Severity.fromLabel(r.value2())));
    }
    return out;
  }

  Map<Long, Severity> withheldTasks(int limit) {
    Map<Long, Severity> out = new LinkedHashMap<>();
    db.select(ALERT_TASK_SILENCES.TASK_ID, ALERT_TASK_SILENCES.TOLD_SEVERITY)
        .from(ALERT_TASK_SILENCES)
        .orderBy(ALERT_TASK_SILENCES.SINCE, ALERT_TASK_SILENCES.TASK_ID)
        .limit(limit)
        .forEach(r -> out.put(r.value1(), Severity.fromLabel(r.value2())));
    return out;
  }

  Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      // the delete is the claim: of the nodes that saw the silence end, the one whose delete removes the row tells the
      // failure (the others wait on the row's lock, then find it gone); an open alert of the task tells it instead
      int ended = tx.deleteFrom(ALERT_TASK_SILENCES)
          .where(ALERT_TASK_SILENCES.TASK_ID.eq(taskId))
          .and(ALERT_TASK_SILENCES.TOLD_SEVERITY.eq(told.label()))
          .andNotExists(DSL.selectOne().from(ALERT_OUTBOX)
              .where(ALERT_OUTBOX.TASK_ID.eq(taskId))
              .and(ALERT_OUTBOX.DONE_AT.isNull()))
          .execute();
      if (ended == 0 || change == null) {
        return Optional.<Alert>empty();
      }
      return Optional.of(new Outbox(tx, codec, database).enqueue(AlertKind.STATE_CHANGE, change));
    });
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_LIST) {
      out.add(all.subList(i, Math.min(all.size(), i + IN_LIST)));
    }
    return out;
  }
}
