package org.argos.api.store;

import org.argos.api.spi.ProbeRequest;

import java.time.Instant;
import java.util.List;

/**
 * A request group to store, with its tasks.
 *
 * @param key a stable identity of the request (see {@link ProbeRequest#key()}), unique within the site
 * @param request the request
 * @param policy scheduling and alerting policy
 * @param firstRun when a new group runs first (the engine spreads first runs with jitter); ignored when the group
 *     already exists
 * @param tasks the tasks, at least one
 */
public record GroupPlan(String key, ProbeRequest request, SchedulePolicy policy, Instant firstRun, List<TaskPlan> tasks) {
  /** Copies the list. */
  public GroupPlan {
    tasks = List.copyOf(tasks);
  }
}
