package org.argos.api.store;

import java.time.Instant;
import java.util.List;
import org.argos.api.ProbePeer;
import org.jspecify.annotations.Nullable;

/**
 * The results of one group run, one per task.
 *
 * @param groupId the group
 * @param startedAt when the probe started
 * @param finishedAt when the last check was evaluated
 * @param outcomes one per task of the group
 * @param peer what the probe connected to (address, port, certificate fingerprint), kept as the group's last peer
 *     ({@link RunStore#peers}); null when unknown (an upstream agent's results, a probe that does not say): the
 *     group's last known peer is then kept
 */
public record GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes,
    @Nullable ProbePeer peer) {
  /** Copies the list. */
  public GroupOutcome {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * An outcome without a peer.
   *
   * @param groupId the group
   * @param startedAt when the probe started
   * @param finishedAt when the last check was evaluated
   * @param outcomes one per task of the group
   */
  public GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes) {
    this(groupId, startedAt, finishedAt, outcomes, null);
  }
}
