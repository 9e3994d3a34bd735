package org.argos.postgres.internal.status;

import static org.argos.postgres.internal.schema.Tables.SEVERITY_COUNTS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.SITE_COUNTS;
import static org.argos.postgres.internal.schema.Tables.SITE_TAGS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

import java.util.Collection;
import org.argos.postgres.internal.sql.Batches;
import org.argos.postgres.internal.sql.Codec;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The small aggregates that make status pages cheap: per site its worst severity (for the worst-first domain list),
 * sites per worst severity and tasks per severity (for the counts). Updated inside the transactions that change task
 * states, after the site rows are locked, so they stay exact with several nodes.
 */
public final class Aggregates {
  private Aggregates() {}

  /**
   * Recomputes the worst severity of the given sites from their task states (a few rows each) and rewrites only the
   * sites whose worst severity changed: a run that leaves it as it was (most runs) does not touch the site row, so the
   * table stays all-visible for the worst-first index (see V3). Call with the site rows locked.
   *
   * @param siteDeltas receives the changes of sites per worst rank, to apply with {@link #addSiteCounts}
   */
  public static void refreshSites(DSLContext tx, Collection<Long> siteIds, long[] siteDeltas) {
    Field<Short> worst = DSL.coalesce(
        DSL.select(DSL.min(TASK_STATES.SEVERITY_RANK)).from(TASK_STATES).where(TASK_STATES.SITE_ID.eq(SITES.ID))
            .<Short>asField(),
        DSL.inline(Codec.PENDING, SITES.WORST_RANK));
    for (var chunk : Batches.chunks(java.util.List.copyOf(siteIds))) {
      BatchBindStep updates = null;
      BatchBindStep tagUpdates = null;
      for (var r : tx.select(SITES.ID, SITES.WORST_RANK, worst).from(SITES).where(SITES.ID.in(chunk)).orderBy(SITES.ID)
          .fetch()) {
        short before = r.value2();
        short after = r.value3();
        if (before == after) {
          continue;
        }
        siteDeltas[before]--;
        siteDeltas[after]++;
        if (updates == null) {
          updates = tx.batch(tx.update(SITES).set(SITES.WORST_RANK, (Short) null).where(SITES.ID.eq((Long) null)));
        }
        updates.bind(after, r.value1());
        if (tagUpdates == null) {
          tagUpdates = tx.batch(tx.update(SITE_TAGS).set(SITE_TAGS.WORST_RANK, (Short) null)
              .where(SITE_TAGS.SITE_ID.eq((Long) null)));
        }
        tagUpdates.bind(after, r.value1());
      }
      if (updates != null) {
        updates.execute();
        // the tag entries carry the rank too (tag pages are read from site_tags alone); after the site rows, which
        // every writer locks first
        tagUpdates.execute();
      }
    }
  }

  /**
   * Adds deltas to the sites per worst rank. Call once per transaction, before {@link #addCounts}: both tables are
   * updated in rank order, always in that order, so concurrent transactions cannot deadlock on these rows.
   *
   * @param deltas indexed by worst rank, {@link Codec#PENDING} last
   */
  public static void addSiteCounts(DSLContext tx, long[] deltas) {
    for (short rank = 0; rank < deltas.length; rank++) {
      if (deltas[rank] != 0) {
        tx.update(SITE_COUNTS)
            .set(SITE_COUNTS.SITES, SITE_COUNTS.SITES.plus(deltas[rank]))
            .where(SITE_COUNTS.WORST_RANK.eq(rank))
            .execute();
      }
    }
  }

  /** @return sites per worst rank, {@link Codec#PENDING} last */
  public static long[] siteCounts(DSLContext db) {
    long[] n = new long[Codec.PENDING + 1];
    db.selectFrom(SITE_COUNTS).forEach(r -> n[r.getWorstRank()] = r.getSites());
    return n;
  }

  /**
   * Adds deltas to the per-severity task counts, in rank order, last in the transaction (see {@link #addSiteCounts}).
   *
   * @param deltas indexed by severity rank, {@link Codec#PENDING} last
   */
  public static void addCounts(DSLContext tx, long[] deltas) {
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
