package org.argos.api.store;

import java.time.Instant;
import java.util.List;

/**
 * The results of one group run, one per task.
 *
 * @param groupId the group
 * @param startedAt when the probe started
 * @param finishedAt when the last check was evaluated
 * @param outcomes one per task of the group (for a group checked from several locations: the verdict)
 * @param locations for a group checked from several locations, each reporting location's result per task, stored
 *     as each task's latest per location ({@link RunStore#locationResults}); empty otherwise
 */
public record GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes,
    List<LocationResult> locations) {
  /** Copies the lists. */
  public GroupOutcome {
    outcomes = List.copyOf(outcomes);
    locations = locations == null ? List.of() : List.copyOf(locations);
  }

  /**
   * An outcome of a group checked from one location.
   *
   * @param groupId the group
   * @param startedAt when the probe started
   * @param finishedAt when the last check was evaluated
   * @param outcomes one per task
   */
  public GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes) {
    this(groupId, startedAt, finishedAt, outcomes, List.of());
  }
}
