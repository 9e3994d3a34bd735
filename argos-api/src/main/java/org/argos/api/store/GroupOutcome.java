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
 * @param outcomes one per task of the group (for a group checked from several locations: the verdict)
 * @param locations for a group checked from several locations, each reporting location's result per task, stored
 *     as each task's latest per location ({@link RunStore#locationResults}); empty otherwise
 * @param peer what the probe connected to (address, port, certificate fingerprint), kept as the group's last peer
 *     ({@link RunStore#peers}); null when unknown (an upstream agent's results, a probe that does not say): the
 *     group's last known peer is then kept
 */
public record GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes,
    List<LocationResult> locations, @Nullable ProbePeer peer) {
  /** Copies the lists. */
  public GroupOutcome {
    outcomes = List.copyOf(outcomes);
    locations = locations == null ? List.of() : List.copyOf(locations);
  }

  /**
   * An outcome without a peer.
   *
   * @param groupId the group
   * @param startedAt when the probe started
   * @param finishedAt when the last check was evaluated
   * @param outcomes one per task (for several locations: the verdict)
   * @param locations each location's result per task
   */
  public GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes,
      List<LocationResult> locations) {
    this(groupId, startedAt, finishedAt, outcomes, locations, null);
  }

  /**
   * An outcome of a group checked from one location, without a peer.
   *
   * @param groupId the group
   * @param startedAt when the probe started
   * @param finishedAt when the last check was evaluated
   * @param outcomes one per task of the group
   */
  public GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes) {
    this(groupId, startedAt, finishedAt, outcomes, List.of(), null);
  }

  /**
   * An outcome of a group checked from one location.
   *
   * @param groupId the group
   * @param startedAt when the probe started
   * @param finishedAt when the last check was evaluated
   * @param outcomes one per task of the group
   * @param peer what the probe connected to, or null
   */
  public GroupOutcome(long groupId, Instant startedAt, Instant finishedAt, List<TaskOutcome> outcomes,
      @Nullable ProbePeer peer) {
    this(groupId, startedAt, finishedAt, outcomes, List.of(), peer);
  }
}
