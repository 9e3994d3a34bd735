package org.argos.api.spi;

import java.util.List;
import java.util.Optional;
import org.argos.api.DomainQuery;
import org.argos.api.SeverityCounts;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;

/**
 * Reads for status pages and APIs. Each reads aggregates or one page of an index, never the whole history, so it costs
 * the same at a hundred tasks and at a million.
 */
public interface StatusStore {
  /** @return tasks per severity */
  SeverityCounts severityCounts();

  /**
   * @param query filters and page
   * @return the counts and one page of domains, worst first then by name
   */
  StatusPage domains(DomainQuery query);

  /** @param domain a domain @return its tasks, ordered by URL, IP version and check */
  List<TaskStatus> tasks(String domain);

  /** @param taskId a task id @return the task */
  Optional<TaskStatus> task(long taskId);

  /** @param taskId a task @param limit how many @return its most recent raw results, newest first */
  List<StoredResult> results(long taskId, int limit);

  /** @param resultId a result id @return that result, while kept */
  Optional<StoredResult> result(long resultId);

  /** @param taskId a task @param limit how many @return its state changes, newest first */
  List<StateChange> history(long taskId, int limit);
}
