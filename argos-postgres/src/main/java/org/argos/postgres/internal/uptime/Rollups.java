package org.argos.postgres.internal.uptime;

import static org.argos.postgres.internal.schema.Tables.UPTIME_DAYS;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.argos.api.store.UptimeDay;
import org.argos.api.Severity;
import org.argos.api.store.UptimeWindow;
import org.argos.postgres.internal.schema.tables.records.UptimeDaysRecord;
import org.argos.postgres.internal.sql.Batches;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The uptime rows one batch of runs adds to: each state change closes its task's previous interval, which is split by
 * UTC day (at most {@link UptimeWindow#MAX_DAYS} + 1 days back, so the work per change is bounded) and summed per
 * task and day; {@link #write} then adds the sums in the recording transaction. The caller holds the tasks' row locks,
 * so no other writer adds rows for these tasks meanwhile: existing rows are read, updated in one batch, the others
 * inserted (no dialect's upsert, for PostgreSQL and H2 alike).
 */
public final class Rollups {
  static final long DAY_MS = 86_400_000L;
  private static final int KEPT_DAYS = UptimeWindow.MAX_DAYS + 1;
  private static final int INCIDENTS = 4;

  private record Key(long taskId, long day) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compare(taskId, o.taskId);
      return c != 0 ? c : Long.compare(day, o.day);
    }
  }

  private final Map<Key, long[]> sums = new TreeMap<>();
  private final Map<Long, Long> siteOf = new TreeMap<>();
  /** The earliest day a change of this batch falls in: rows before its window are dropped. */
  private long earliestLastDay = Long.MAX_VALUE;

  /**
   * Adds the interval a state change closes: {@code [since, at)} in {@code previous}, and an incident on the change's
   * day when it goes from up (ok, warning) to down.
   */
  public void close(long taskId, long siteId, Severity previous, Instant since, Instant at, Severity current) {
    siteOf.put(taskId, siteId);
    long lastDay = Math.floorDiv(at.toEpochMilli(), DAY_MS);
    earliestLastDay = Math.min(earliestLastDay, lastDay);
    long from = Math.max(since.toEpochMilli(), (lastDay - KEPT_DAYS + 1) * DAY_MS);
    UptimeDay.split(from, at.toEpochMilli(),
        (day, ms) -> sums.computeIfAbsent(new Key(taskId, day), k -> new long[5])[previous.ordinal()] += ms);
    if (UptimeDay.isUp(previous) && !UptimeDay.isUp(current)) {
      sums.computeIfAbsent(new Key(taskId, lastDay), k -> new long[5])[INCIDENTS]++;
    }
  }


  /** Adds the sums to uptime_days, in task and day order (as the task rows were locked). */
  public void write(DSLContext tx) {
    if (sums.isEmpty()) {
      return;
    }
    Set<Key> existing = new HashSet<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Key k : sums.keySet()) {
      min = Math.min(min, k.day());
      max = Math.max(max, k.day());
    }
    for (List<Long> chunk : Batches.chunks(List.copyOf(siteOf.keySet()))) {
      tx.select(UPTIME_DAYS.TASK_ID, UPTIME_DAYS.ON_DAY).from(UPTIME_DAYS)
          .where(UPTIME_DAYS.TASK_ID.in(chunk))
          .and(UPTIME_DAYS.ON_DAY.between(LocalDate.ofEpochDay(min), LocalDate.ofEpochDay(max)))
          .forEach(r -> existing.add(new Key(r.value1(), r.value2().toEpochDay())));
    }
    List<UptimeDaysRecord> inserts = new ArrayList<>();
    BatchBindStep updates = null;
    for (Map.Entry<Key, long[]> e : sums.entrySet()) {
      Key k = e.getKey();
      long[] v = e.getValue();
      if (!existing.contains(k)) {
        inserts.add(new UptimeDaysRecord(k.taskId(), siteOf.get(k.taskId()), LocalDate.ofEpochDay(k.day()), v[0], v[1],
            v[2], v[3], (int) v[INCIDENTS]));
        continue;
      }
      if (updates == null) {
        updates = tx.batch(tx.update(UPTIME_DAYS)
            .set(UPTIME_DAYS.OK_MS, UPTIME_DAYS.OK_MS.plus(DSL.val((Long) null, UPTIME_DAYS.OK_MS)))
            .set(UPTIME_DAYS.WARNING_MS, UPTIME_DAYS.WARNING_MS.plus(DSL.val((Long) null, UPTIME_DAYS.WARNING_MS)))
            .set(UPTIME_DAYS.CRITICAL_MS, UPTIME_DAYS.CRITICAL_MS.plus(DSL.val((Long) null, UPTIME_DAYS.CRITICAL_MS)))
            .set(UPTIME_DAYS.UNKNOWN_MS, UPTIME_DAYS.UNKNOWN_MS.plus(DSL.val((Long) null, UPTIME_DAYS.UNKNOWN_MS)))
            .set(UPTIME_DAYS.INCIDENTS, UPTIME_DAYS.INCIDENTS.plus(DSL.val((Integer) null, UPTIME_DAYS.INCIDENTS)))
            .where(UPTIME_DAYS.TASK_ID.eq((Long) null))
            .and(UPTIME_DAYS.ON_DAY.eq((LocalDate) null)));
      }
      updates.bind(v[0], v[1], v[2], v[3], (int) v[INCIDENTS], k.taskId(), LocalDate.ofEpochDay(k.day()));
    }
    if (updates != null) {
      updates.execute();
    }
    Batches.insert(tx, UPTIME_DAYS, inserts);
    // Each task keeps the days of the longest window behind its latest change, as the in-memory store does, so the
    // table is bounded per task without a pruning job (one range of the primary key per chunk).
    LocalDate cutoff = LocalDate.ofEpochDay(earliestLastDay - KEPT_DAYS + 1);
    for (List<Long> chunk : Batches.chunks(List.copyOf(siteOf.keySet()))) {
      tx.deleteFrom(UPTIME_DAYS).where(UPTIME_DAYS.TASK_ID.in(chunk)).and(UPTIME_DAYS.ON_DAY.lt(cutoff)).execute();
    }
  }
}
