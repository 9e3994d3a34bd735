package org.argos.postgres;

import static org.argos.postgres.internal.schema.Sequences.ALERT_OUTBOX_SEQ;
import static org.argos.postgres.internal.schema.Tables.ALERT_OUTBOX;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.StateChange;
import org.argos.api.spi.OutboxEntry;
import org.argos.postgres.internal.schema.tables.records.AlertOutboxRecord;
import org.jooq.DSLContext;

/** The alert outbox: claims with a lease, per-channel delivery marks, retries. */
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

  List<OutboxEntry> claim(String node, Instant now, int limit, Instant leaseUntil) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      List<Long> ids = database.lockSkippingLocked(
              tx.select(ALERT_OUTBOX.ID)
                  .from(ALERT_OUTBOX)
                  .where(ALERT_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                  .and(ALERT_OUTBOX.CLAIMED_BY.isNull().or(ALERT_OUTBOX.LEASE_UNTIL.lt(now)))
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
}
