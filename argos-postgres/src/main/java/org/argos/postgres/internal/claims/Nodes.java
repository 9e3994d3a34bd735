package org.argos.postgres.internal.claims;

import static org.argos.postgres.internal.schema.Tables.NODES;
import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.argos.api.store.Heartbeat;
import org.argos.api.store.NodeBeat;
import org.argos.postgres.internal.sql.Database;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Engine nodes and their heartbeats (table {@code nodes}, V9), in the database's time: a node whose last heartbeat is
 * older than a few beats is taken for dead and its claims are released, long before their lease ends. Every time here
 * is the database's, so a node whose clock is wrong can neither look alive for ever nor take others for dead.
 */
final class Nodes {
  private final DSLContext db;
  private final Database database;

Nodes(DSLContext db, Database database) {
    this.db = db;
    this.database = database;
  }

  /** @return the database's current time */
Instant now() {
    return now(db);
  }

  private static Instant now(DSLContext tx) {
    return tx.select(DSL.currentInstant()).fetchSingle().value1();
  }

  /** Inserts or refreshes the node's row. @return the database's time of the beat */
Instant heartbeat(String node, String host, long pid, Instant startedAt) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      Instant now = now(tx);
      int updated = tx.update(NODES)
          .set(NODES.LAST_HEARTBEAT, now)
          .set(NODES.HOST, host)
          .set(NODES.PID, pid)
          .set(NODES.STARTED_AT, startedAt)
          .where(NODES.ID.eq(node))
          .execute();
      if (updated == 0) {
        tx.insertInto(NODES, NODES.ID, NODES.HOST, NODES.PID, NODES.STARTED_AT, NODES.LAST_HEARTBEAT)
            .values(node, host, pid, startedAt, now)
            .onConflictDoNothing()
            .execute();
      }
      return now;
    });
  }

  /**
   * Inserts or refreshes the node's row with this engine's instance token (V10), reading the row first under a lock:
   * when another instance had written it, that row is returned, so the caller sees a second live process with its id.
   */
Heartbeat heartbeat(String node, String instance, String host, long pid, Instant startedAt) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      Instant now = now(tx);
      var before = tx.select(NODES.INSTANCE, NODES.HOST, NODES.PID, NODES.LAST_HEARTBEAT)
          .from(NODES)
          .where(NODES.ID.eq(node))
          .forUpdate()
          .fetchOne();
      NodeBeat overwritten = null;
      if (before == null) {
        tx.insertInto(NODES, NODES.ID, NODES.INSTANCE, NODES.HOST, NODES.PID, NODES.STARTED_AT, NODES.LAST_HEARTBEAT)
            .values(node, instance, host, pid, startedAt, now)
            .onConflictDoNothing()
            .execute();
      } else {
        if (!instance.equals(before.value1())) {
          overwritten = new NodeBeat(node, before.value1(), before.value2(), before.value3(), before.value4(),
              Duration.between(before.value4(), now));
        }
        tx.update(NODES)
            .set(NODES.INSTANCE, instance)
            .set(NODES.LAST_HEARTBEAT, now)
            .set(NODES.HOST, host)
            .set(NODES.PID, pid)
            .set(NODES.STARTED_AT, startedAt)
            .where(NODES.ID.eq(node))
            .execute();
      }
      return new Heartbeat(now, overwritten);
    });
  }

  /** @return the node's row with its age by the database's clock, if it has one */
Optional<NodeBeat> last(String node) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      Instant now = now(tx);
      return tx.select(NODES.INSTANCE, NODES.HOST, NODES.PID, NODES.LAST_HEARTBEAT)
          .from(NODES)
          .where(NODES.ID.eq(node))
          .fetchOptional(r -> new NodeBeat(node, r.value1(), r.value2(), r.value3(), r.value4(),
              Duration.between(r.value4(), now)));
    });
  }

  /**
   * Releases the groups claimed by nodes silent for {@code silentFor} (not {@code self}) and forgets those nodes. Their
   * rows are locked skipping locked ones, so two live nodes doing this at once each handle different dead nodes.
   */
List<String> takeOverSilent(String self, Duration silentFor) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      Instant cutoff = now(tx).minus(silentFor);
      List<String> dead = database.lockSkippingLocked(tx.select(NODES.ID)
              .from(NODES)
              .where(NODES.LAST_HEARTBEAT.lt(cutoff))
              .and(NODES.ID.ne(self))
              .orderBy(NODES.ID))
          .fetch(NODES.ID);
      if (dead.isEmpty()) {
        return List.of();
      }
      tx.update(REQUEST_GROUPS)
          .setNull(REQUEST_GROUPS.CLAIMED_BY)
          .setNull(REQUEST_GROUPS.LEASE_UNTIL)
          .where(REQUEST_GROUPS.CLAIMED_BY.in(dead))
          .execute();
      tx.deleteFrom(NODES).where(NODES.ID.in(dead)).execute();
      return dead;
    });
  }

  /** A node that stopped normally leaves the list. */
void forget(String node) {
    db.deleteFrom(NODES).where(NODES.ID.eq(node)).execute();
  }
}
