package org.argos.postgres.internal.sql;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics in step with bulk writes. Autovacuum analyzes a table once a tenth of it
 * changed, at most about once a minute, and never where it is turned off; a fleet registered in one go (or the first
 * period of results) grows tables from nothing to a million rows faster than that, and until the next ANALYZE the
 * planner takes them for small: the claim's "tasks of these groups" became a parallel scan of every task, and the
 * engine fell behind. After a bulk write, each table that has at least doubled on disk since its last ANALYZE (and
 * holds {@value #MIN_PAGES} pages or more) is analyzed: a handful of times while a table grows to a million rows,
 * not at all in a steady state. The test is on sizes, which PostgreSQL knows at once, not on its activity counters,
 * which backends report up to a second late.
 */
public final class Statistics {
  private static final Logger LOG = LoggerFactory.getLogger(Statistics.class);
  /** 2 MiB: below that, a table's whole scan costs little whatever the plan. */
  public static final long MIN_PAGES = 256;

  private final DSLContext db;
  private final boolean enabled;
  private final AtomicBoolean busy = new AtomicBoolean();
  /** When {@link #refreshAtMostEvery} last looked; none yet: its first call looks. */
  private final AtomicLong lastLook = new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());

  public Statistics(DSLContext db, Database database) {
    this.db = db;
    this.enabled = database == Database.POSTGRESQL;
  }

  /** After a bulk write: analyzes those of the tables that have doubled since they were last analyzed. */
  public void refresh(Table<?>... tables) {
    if (!enabled || !busy.compareAndSet(false, true)) {
      return; // another thread is at it
    }
    try {
      for (Table<?> t : tables) {
        Record2<Integer, Long> r = db.select(DSL.field("c.relpages", Integer.class),
                DSL.field("pg_relation_size(c.oid) / current_setting('block_size')::int", Long.class))
            .from(DSL.table("pg_class c"))
            .where(DSL.condition("c.oid = to_regclass({0})", DSL.inline(db.render(t))))
            .fetchOne();
        if (r != null && r.value2() >= Math.max(MIN_PAGES, 2L * r.value1())) {
          db.execute("analyze {0}", t);
        }
      }
    } catch (DataAccessException e) {
      // not the owner, or a lock: the planner works on with the statistics it has, as it did before
      LOG.debug("could not refresh the planner's statistics: {}", e.toString());
    } finally {
      busy.set(false);
    }
  }

  /** As {@link #refresh}, looking at most once per {@code interval}: for a writer that runs many small batches. */
  public void refreshAtMostEvery(Duration interval, Table<?>... tables) {
    long last = lastLook.get();
    long now = System.nanoTime();
    if (now - last >= interval.toNanos() && lastLook.compareAndSet(last, now)) {
      refresh(tables);
    }
  }
}
