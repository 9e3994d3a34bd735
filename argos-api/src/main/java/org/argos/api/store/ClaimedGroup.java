package org.argos.api.store;

import org.argos.api.Quorum;
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
 * @param location the location this run is for: a group with several locations ({@link Quorum}) is handed to the
 *     executor once per location; {@link Quorum#DEFAULT_LOCATION} when null
 */
public record ClaimedGroup(
    long groupId, String domain, ProbeRequest request, SchedulePolicy policy, Instant dueAt, Instant leaseUntil,
    List<TaskRef> tasks, String location) {
  /** Copies the task list. */
  public ClaimedGroup {
    tasks = List.copyOf(tasks);
    location = location == null ? Quorum.DEFAULT_LOCATION : location;
  }

  /**
   * A group claimed for the default location.
   *
   * @param groupId the group's id
   * @param domain the site's domain
   * @param request the request
   * @param policy the policy
   * @param dueAt when the run is due
   * @param leaseUntil when the claim expires
   * @param tasks the tasks
   */
  public ClaimedGroup(long groupId, String domain, ProbeRequest request, SchedulePolicy policy, Instant dueAt,
      Instant leaseUntil, List<TaskRef> tasks) {
    this(groupId, domain, request, policy, dueAt, leaseUntil, tasks, Quorum.DEFAULT_LOCATION);
  }

  /**
   * @param location a location of the group's {@link Quorum}
   * @return this claim, for a run in that location
   */
  public ClaimedGroup in(String location) {
    return new ClaimedGroup(groupId, domain, request, policy, dueAt, leaseUntil, tasks, location);
  }
}
