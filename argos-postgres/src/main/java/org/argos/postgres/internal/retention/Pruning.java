package org.argos.postgres.internal.retention;

import static org.argos.postgres.internal.schema.Tables.ALERT_MESSAGES;
import static org.argos.postgres.internal.schema.Tables.ALERT_OUTBOX;
import static org.argos.postgres.internal.schema.Tables.INCIDENTS;
import static org.argos.postgres.internal.schema.Tables.RESULTS;
import static org.argos.postgres.internal.schema.Tables.STATE_CHANGES;
import static org.argos.postgres.internal.schema.Tables.TASKS;

import java.time.Instant;
import java.util.List;
import org.argos.api.store.PruneReport;
import org.argos.api.store.Retention;
import org.argos.api.store.RetentionPolicy;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Database;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Deletes old rows in bounded batches, each statement its own transaction (auto-commit), so pruning a large table
 * never holds locks or a snapshot for long beside a running engine.
 */
public final class Pruning implements Retention {
  private final DSLContext db;
  private final Database database;
  private final Calls calls;

  public Pruning(DSLContext db, Database database, Calls calls) {
    this.db = db;
    this.database = database;
    this.calls = calls;
  }

  @Override
  public PruneReport prune(RetentionPolicy policy, Instant now) {
    return calls.call("prune old results and history", () -> pruneNow(policy, now));
  }

  private PruneReport pruneNow(RetentionPolicy p, Instant now) {
    int[] batches = {0};
    long results = 0;
    if (p.resultsMaxAge() != null) {
      results += deleteOlder(RESULTS, RESULTS.ID, RESULTS.RESULT_AT, now.minus(p.resultsMaxAge()), p.batchSize(), batches);
    }
    if (p.resultsPerTask() > 0) {
      results += deleteBeyondCount(p.resultsPerTask(), p.batchSize(), batches);
    }
    long history = 0;
    long alerts = 0;
    long incidents = 0;
    if (p.historyMaxAge() != null) {
      Instant cutoff = now.minus(p.historyMaxAge());
      history = deleteOlder(STATE_CHANGES, STATE_CHANGES.ID, STATE_CHANGES.CHANGED_AT, cutoff, p.batchSize(), batches);
      alerts = deleteOlder(ALERT_OUTBOX, ALERT_OUTBOX.ID, ALERT_OUTBOX.DONE_AT, cutoff, p.batchSize(), batches);
      // a message record is kept as long as its alerts (a few rows per burst); its alert rows go with it
      db.deleteFrom(ALERT_MESSAGES).where(ALERT_MESSAGES.BEGUN_AT.lt(cutoff)).execute();
      incidents = deleteResolvedIncidents(cutoff, batches);
    }
    return new PruneReport(results, history, alerts, incidents, batches[0]);
  }

  /** An incident holds up to 10,000 domains, deleted with it: a few incidents per statement. */
  private static final int INCIDENTS_PER_BATCH = 20;

  /**
   * Resolved incidents older than the history, with their domains, tasks and timelines: the status pages' past, kept
   * as long as the state changes they came from. Active ones are never deleted.
   */
  private long deleteResolvedIncidents(Instant cutoff, int[] batches) {
    long total = 0;
    while (true) {
      List<Long> ids = db.select(INCIDENTS.ID).from(INCIDENTS).where(INCIDENTS.RESOLVED_AT.lt(cutoff))
          .orderBy(INCIDENTS.ID).limit(INCIDENTS_PER_BATCH).fetch(INCIDENTS.ID);
      if (ids.isEmpty()) {
        return total;
      }
      total += db.deleteFrom(INCIDENTS).where(INCIDENTS.ID.in(ids)).execute();
      batches[0]++;
    }
  }

  private long deleteOlder(Table<?> table, Field<Long> id, Field<Instant> at, Instant cutoff, int batch, int[] batches) {
    long total = 0;
    while (true) {
      // A DELETE with a bounded sub-select: PostgreSQL has no DELETE ... LIMIT. The age index gives the ids.
      int n = db.deleteFrom(table)
          .where(id.in(database.lockForPrune(DSL.select(id).from(table).where(at.lt(cutoff)).orderBy(at).limit(batch))))
          .execute();
      batches[0]++;
      total += n;
      if (n < batch) {
        return total;
      }
    }
  }

  /**
   * Keeps the newest {@code keep} results of each task. Walks the tasks in id order, as many per statement as can
   * hold {@code batch} kept results, so each statement reads a bounded range of results_by_task.
   */
  private long deleteBeyondCount(int keep, int batch, int[] batches) {
    int tasksPerBatch = Math.max(1, batch / keep);
    long total = 0;
    long after = 0;
    while (true) {
      List<Long> ids = db.select(TASKS.ID).from(TASKS).where(TASKS.ID.gt(after)).orderBy(TASKS.ID).limit(tasksPerBatch)
          .fetch(TASKS.ID);
      if (ids.isEmpty()) {
        return total;
      }
      long first = ids.getFirst();
      long last = ids.getLast();
      Field<Integer> rank = DSL.rowNumber()
          .over(DSL.partitionBy(RESULTS.TASK_ID).orderBy(RESULTS.RESULT_AT.desc(), RESULTS.ID.desc()))
          .as("rank_in_task");
      var ranked = DSL.select(RESULTS.ID, rank).from(RESULTS).where(RESULTS.TASK_ID.between(first, last))
          .asTable("ranked");
      total += db.deleteFrom(RESULTS)
          .where(RESULTS.ID.in(DSL.select(ranked.field(RESULTS.ID)).from(ranked)
              .where(ranked.field(rank).gt(keep))))
          .execute();
      batches[0]++;
      after = last;
    }
  }
}
