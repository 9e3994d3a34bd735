package org.argos.api.store;

import java.time.Instant;
import java.util.List;

/**
 * The results of one group run, one per task.
 *
 * @param groupId the group
 * @param startedAt when the probe started
 * @param finishedAt when the last check was evaluated
 * @param outcomes one per task of the group
 */
public record GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes) {
  /** Copies the list. */
  public GroupOutcome {
    outcomes = List.copyOf(outcomes);
  }
}
