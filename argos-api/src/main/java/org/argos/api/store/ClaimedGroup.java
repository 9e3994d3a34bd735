package org.argos.api.store;

import org.argos.api.spi.ProbeRequest;

import java.time.Instant;
import java.util.List;

/**
 * A request group claimed by an engine node for one run.
 *
 * @param groupId the group's id in the store
 * @param domain the site's domain
 * @param request the request to make
 * @param policy scheduling and alerting policy
 * @param dueAt when the run is due
 * @param leaseUntil when the claim expires and another node may take the group
 * @param tasks the tasks to evaluate on the response
 */
public record ClaimedGroup(
    long groupId, String domain, ProbeRequest request, SchedulePolicy policy, Instant dueAt, Instant leaseUntil,
    List<TaskRef> tasks) {
  /** Copies the task list. */
  public ClaimedGroup {
    tasks = List.copyOf(tasks);
  }
}
