package org.argos.api.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.jspecify.annotations.Nullable;

/**
 * Reads for status pages and APIs. Each reads aggregates or one page of an index, never the whole history, so it costs
 * the same at a hundred tasks and at a million.
 */
public interface StatusStore {
  /** @return tasks per severity, every tenant's */
  default SeverityCounts severityCounts() {
    return severityCounts(null);
  }

  /**
   * @param tenant a tenant slug: only its sites' tasks are counted; null for every tenant
   * @return tasks per severity
   */
  SeverityCounts severityCounts(@Nullable String tenant);

  /**
   * @param query filters and page; with a {@link DomainQuery#tenant() tenant}, the page, the total and the counts are
   *     that tenant's alone (never another tenant's row)
   * @return the counts and one page of domains, worst first then by name
   */
  StatusPage domains(DomainQuery query);

  /**
   * A page of domains as {@link #domains} lists it, for a reader that shows no task counts (the public status pages):
   * the page and its total are the same, the counts may be all zero. A store may answer it for less: for a tenant,
   * counting its tasks is most of the cost of a page (a read per site), while the page and its total are index ranges.
   * The default is {@link #domains}.
   *
   * @param query filters and page, as for {@link #domains}
   * @return one page of domains and their total; counts that may be all zero
   */
  default StatusPage domainsWithoutCounts(DomainQuery query) {
    return domains(query);
  }

  /**
   * The dashboard's problem list: the domains whose worst severity is unknown, critical or warning (not ok, not
   * waiting for a first result), worst first then by name.
   *
   * <p>The default walks the three severities with {@link #domains} (three reads); a store that keeps domains in one
   * worst-first index, where problems are one range, should answer with one read.
   *
   * @param offset how many problem domains to skip, {@code >= 0}
   * @param limit page size, 1 to 1000
   * @return the counts, one page of problem domains, and how many there are
   */
  default StatusPage problems(int offset, int limit) {
    return problems(null, offset, limit);
  }

  /**
   * The problem list of one tenant (see {@link #problems(int, int)}).
   *
   * @param tenant a tenant slug, or null for every tenant
   * @param offset how many problem domains to skip, {@code >= 0}
   * @param limit page size, 1 to 1000
   * @return the tenant's counts, one page of its problem domains, and how many there are
   */
  default StatusPage problems(@Nullable String tenant, int offset, int limit) {
    new DomainQuery(null, null, null, offset, limit, tenant); // the same bounds as a domain page, the same errors
    List<DomainStatus> page = new ArrayList<>(Math.min(limit, 64));
    long total = 0;
    long skip = offset;
    SeverityCounts counts = null;
    for (Severity s : List.of(Severity.UNKNOWN, Severity.CRITICAL, Severity.WARNING)) {
      int need = limit - page.size();
      StatusPage p = domains(new DomainQuery(s, null, null, (int) Math.min(skip, Integer.MAX_VALUE), Math.max(need, 1),
          tenant));
      counts = counts == null ? p.counts() : counts;
      total += p.totalDomains();
      if (need > 0) {
        page.addAll(p.domains().subList(0, Math.min(need, p.domains().size())));
      }
      skip = Math.max(0, skip - p.totalDomains());
    }
    return new StatusPage(counts, page, total);
  }

  /** @param domain a domain @return its tasks, ordered by URL, IP version and check */
  List<TaskStatus> tasks(String domain);

  /** @param taskId a task id @return the task */
  Optional<TaskStatus> task(long taskId);

  /** The most task ids {@link #contiguousFailures} reads at once. */
  int MAX_FAILURE_READS = 10_000;

  /**
   * How many times in a row each of these tasks has failed, in one read: the agents' protocol sends the count with each
   * task it hands out, and a read per task made a poll of a thousand tasks a thousand queries. The default reads each
   * task with {@link #task}; an SQL store answers with one query.
   *
   * @param taskIds the tasks, at most {@link #MAX_FAILURE_READS}
   * @return the count per task id; a task that never ran, or that does not exist, is left out
   * @throws IllegalArgumentException past {@link #MAX_FAILURE_READS} ids
   */
  default java.util.Map<Long, Integer> contiguousFailures(java.util.Collection<Long> taskIds) {
    if (taskIds.size() > MAX_FAILURE_READS) {
      throw new IllegalArgumentException("at most " + MAX_FAILURE_READS + " task ids at once, got " + taskIds.size());
    }
    java.util.Map<Long, Integer> out = new java.util.HashMap<>();
    for (Long id : taskIds) {
      task(id).ifPresent(t -> {
        if (t.state() != null) {
          out.put(id, t.state().contiguousFailures());
        }
      });
    }
    return out;
  }

  /** @param taskId a task @param limit how many @return its most recent raw results, newest first */
  List<StoredResult> results(long taskId, int limit);

  /** @param resultId a result id @return that result, while kept */
  Optional<StoredResult> result(long resultId);

  /** @param taskId a task @param limit how many @return its state changes, newest first */
  List<StateChange> history(long taskId, int limit);
}
