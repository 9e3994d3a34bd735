package org.argos.postgres.internal.status;

import java.util.List;
import java.util.Optional;
import org.argos.api.DomainQuery;
import org.argos.api.SeverityCounts;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.store.StatusStore;
import org.argos.api.store.StoredResult;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The reads behind status pages and APIs ({@link Reads}), cheap through the aggregates kept with every change of
 * state ({@link Aggregates}).
 */
public final class SqlStatus implements StatusStore {
  /** A domain list filtered by a text counts at most this many matches; past it the total is a lower bound. */
  public static final int TEXT_COUNT_LIMIT = Reads.TEXT_COUNT_LIMIT;

  private final Calls calls;
  private final Reads reads;

  public SqlStatus(DSLContext db, Codec codec, Calls calls) {
    this.calls = calls;
    this.reads = new Reads(db, codec);
  }

  @Override
  public SeverityCounts severityCounts(@Nullable String tenant) {
    return calls.call("read severity counts", () -> reads.severityCounts(tenant));
  }

  @Override
  public StatusPage domains(DomainQuery query) {
    return calls.call("list domains", () -> reads.domains(query, true));
  }

  @Override
  public StatusPage domainsWithoutCounts(DomainQuery query) {
    return calls.call("list domains", () -> reads.domains(query, false));
  }

  @Override
  public StatusPage problems(@Nullable String tenant, int offset, int limit) {
    return calls.call("list problem domains", () -> reads.problems(tenant, offset, limit));
  }

  @Override
  public List<TaskStatus> tasks(String domain) {
    return calls.call("list tasks of " + domain, () -> reads.tasks(domain));
  }

  @Override
  public Optional<TaskStatus> task(long taskId) {
    return calls.call("read task " + taskId, () -> reads.task(taskId));
  }

  @Override
  public java.util.Map<Long, Integer> contiguousFailures(java.util.Collection<Long> taskIds) {
    if (taskIds.size() > MAX_FAILURE_READS) {
      throw new IllegalArgumentException("at most " + MAX_FAILURE_READS + " task ids at once, got " + taskIds.size());
    }
    return calls.call("read the failure counts of " + taskIds.size() + " tasks", () -> reads.contiguousFailures(taskIds));
  }

  @Override
  public List<StoredResult> results(long taskId, int limit) {
    if (limit < 1) {
      return List.of();
    }
    return calls.call("read results of task " + taskId, () -> reads.results(taskId, limit));
  }

  @Override
  public Optional<StoredResult> result(long resultId) {
    return calls.call("read result " + resultId, () -> reads.result(resultId));
  }

  @Override
  public List<StateChange> history(long taskId, int limit) {
    if (limit < 1) {
      return List.of();
    }
    return calls.call("read history of task " + taskId, () -> reads.history(taskId, limit));
  }
}
