package org.argos.postgres;

import static org.argos.postgres.internal.schema.Tables.SEVERITY_COUNTS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

import java.util.Collection;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The small aggregates that make status pages cheap: per site its worst severity and last run (for the worst-first
 * domain list), and tasks per severity (for the counts). Updated inside the transactions that change task states,
 * after the site rows are locked, so they stay exact with several nodes.
 */
final class Aggregates {
  private Aggregates() {}

  /** Recomputes the worst severity and last run of the given sites from their task states (a few rows each). */
  static void refreshSites(DSLContext tx, Collection<Long> siteIds) {
    for (var chunk : Batches.chunks(java.util.List.copyOf(siteIds))) {
      tx.update(SITES)
          .set(SITES.WORST_RANK, DSL.coalesce(
              DSL.select(DSL.min(TASK_STATES.SEVERITY_RANK)).from(TASK_STATES).where(TASK_STATES.SITE_ID.eq(SITES.ID))
                  .<Short>asField(),
              DSL.inline(Codec.PENDING, SITES.WORST_RANK)))
          .set(SITES.LAST_RUN_AT,
              DSL.select(DSL.max(TASK_STATES.LAST_RUN_AT)).from(TASK_STATES).where(TASK_STATES.SITE_ID.eq(SITES.ID))
                  .<java.time.Instant>asField())
          .where(SITES.ID.in(chunk))
          .execute();
    }
  }

  /**
   * Adds deltas to the per-severity task counts, in rank order (a fixed lock order, so concurrent transactions
   * cannot deadlock on these rows).
   *
   * @param deltas indexed by severity rank, {@link Codec#PENDING} last
   */
  static void addCounts(DSLContext tx, long[] deltas) {
    for (short rank = 0; rank < deltas.length; rank++) {
      if (deltas[rank] != 0) {
        tx.update(SEVERITY_COUNTS)
            .set(SEVERITY_COUNTS.TASKS, SEVERITY_COUNTS.TASKS.plus(deltas[rank]))
            .where(SEVERITY_COUNTS.SEVERITY_RANK.eq(rank))
            .execute();
      }
    }
  }
}
