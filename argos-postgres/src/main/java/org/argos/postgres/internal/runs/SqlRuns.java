package org.argos.postgres.internal.runs;

import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

import java.time.Duration;
import java.util.List;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.RunStore;
import org.argos.api.store.TransitionRule;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.Database;
import org.argos.postgres.internal.sql.Statistics;
import org.jooq.DSLContext;

/** Runs and task state: the results of completed runs recorded ({@link Runs}), and result ids reserved ahead. */
public final class SqlRuns implements RunStore {
  /**
   * How often recording runs looks whether task states outgrew their statistics (a first period fills them). The look
   * is one read of pg_class. Every 30 s, a new fleet's first period ran on the statistics of an empty table: the
   * writer's locking read of the batch's task states took 76 ms a batch instead of a few (pg_stat_statements, 15,000
   * new groups at 1,500 probes/s), the writer fell behind and the first results started up to 10 s late.
   */
  private static final Duration STATISTICS_LOOK = Duration.ofSeconds(2);

  private final Calls calls;
  private final Statistics statistics;
  private final Runs runs;

  public SqlRuns(DSLContext db, Codec codec, Database database, Calls calls, Statistics statistics) {
    this.calls = calls;
    this.statistics = statistics;
    this.runs = new Runs(db, codec, database);
  }

  @Override
  public CompletionReport complete(List<CompletedRun> completed, TransitionRule rule) {
    if (completed.isEmpty()) {
      return new CompletionReport(0, List.of(), List.of());
    }
    CompletionReport report = calls.write("record " + completed.size() + " runs", () -> runs.complete(completed, rule));
    statistics.refreshAtMostEvery(STATISTICS_LOOK, TASK_STATES);
    return report;
  }

  @Override
  public List<Long> failingAt(String address, int port, int offset, int limit) {
    org.argos.api.store.RunStore.checkPage(offset, limit);
    return calls.call("read the failing tasks at " + address, () -> runs.failingAt(address, port, offset, limit));
  }

  @Override
  public java.util.Map<Long, org.argos.api.ProbePeer> peers(java.util.Collection<Long> taskIds) {
    if (taskIds.isEmpty()) {
      return java.util.Map.of();
    }
    return calls.call("read the peers of " + taskIds.size() + " tasks", () -> runs.peers(taskIds));
  }

  @Override
  public List<Long> reserveResultIds(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (count == 0) {
      return List.of();
    }
    return calls.call("reserve " + count + " result ids", () -> runs.reserveResultIds(count));
  }

  @Override
  public List<org.argos.api.store.LocationResult> locationResults(long taskId) {
    return calls.call("read the locations of task " + taskId, () -> runs.locationResults(taskId));
  }
}
