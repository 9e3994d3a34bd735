package org.argos.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Due-group claims: how engine nodes (and agents) share the work without running a group twice.
 *
 * <p>A group is claimable when its next run is due before the given bound and it is not claimed, or its lease has
 * expired (its node died). Claiming sets the node and the lease. Completing a run ({@link RunStore#complete}) clears
 * the claim and sets the next run.
 */
public interface ClaimStore {
  /**
   * Claims due groups, earliest due first. Safe to call from several nodes at once: a group is handed to one node only
   * until its lease expires.
   *
   * @param node the claiming node's id
   * @param now the current time (leases that ended before it are expired)
   * @param dueBefore claim groups whose next run is at or before this instant (now plus a look-ahead)
   * @param limit how many groups at most
   * @param leaseUntil when the claims expire if not completed
   * @return the claimed groups with their tasks
   */
  List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil);

  /**
   * Gives claimed groups back without a result (shutdown), so another node can take them at once.
   *
   * @param node the node that holds the claims
   * @param groupIds the groups
   */
  void release(String node, Collection<Long> groupIds);

  /**
   * Makes every group due at the given time (Argos {@code reschedule/all}), except the groups claimed now: they are
   * running, and moving their due time would void their run ({@link RunStore#complete}).
   *
   * @param at the new next run
   * @return the number of groups rescheduled
   */
  int rescheduleAll(Instant at);

  /**
   * Makes the groups of these tasks due at the given time (the web UI's "recheck"), except the groups claimed now, as
   * {@link #rescheduleAll}. A scheduler that polls the store runs them within its poll interval.
   *
   * <p>The default reschedules nothing (a store that cannot choose groups): it returns 0.
   *
   * @param taskIds the tasks, at most 1,000
   * @param at the new next run
   * @return the number of groups rescheduled
   */
  default int reschedule(Collection<Long> taskIds, Instant at) {
    if (taskIds.size() > 1000) {
      throw new IllegalArgumentException("at most 1000 tasks at once, got " + taskIds.size());
    }
    return 0;
  }

  /** @return the earliest next run of an unclaimed group, so a scheduler can sleep until then */
  Optional<Instant> nextDue();

  /**
   * Gives back every group the node claims. A node calls it when it starts (claims left by its own earlier run, which
   * was killed, are taken over at once instead of after their lease) and when it stops, after recording its runs.
   *
   * @param node the node whose claims end
   * @return the number of groups released
   */
  default int releaseAll(String node) {
    return 0;
  }

  /**
   * Gives back every group the node claims except {@code keep}. A node calls it when the store takes its writes again
   * after failing: claims it made may then be in the store without the node holding them (a claim committed whose
   * answer was lost with the connection, or an embedded database closed by a full disk and reopened with the claims
   * it had saved), and they are taken back at once instead of after their lease. {@code keep} holds the groups the
   * node still runs or has not recorded: their claims stay.
   *
   * @param node the node whose claims end
   * @param keep the node's groups whose claims stay
   * @return the number of groups released (0 in the default implementation, where such claims end with their lease)
   */
  default int releaseAllExcept(String node, Collection<Long> keep) {
    return 0;
  }

  /**
   * Records that a node is alive, in the store's own time (a shared database's clock), so that other nodes can see
   * when it falls silent ({@link #takeOverSilentNodes}). Called when the node starts and then periodically.
   *
   * @param node the node's id
   * @param host the host it runs on (for operators)
   * @param pid its process id
   * @param startedAt when it started, by its own clock
   * @return the store's current time, so the node can measure its clock's skew and claim in the store's time; empty
   *     when the store has no clock of its own (the in-memory store), and then it keeps no heartbeats
   */
  default Optional<Instant> heartbeat(String node, String host, long pid, Instant startedAt) {
    return Optional.empty();
  }

  /**
   * Records a heartbeat like {@link #heartbeat(String, String, long, Instant)}, with the random token of the running
   * engine, and says whether another instance wrote the node's row since: two live processes configured with the same
   * node id would otherwise take back each other's claims. The default records without a token and reports nothing.
   *
   * @param node the node's id
   * @param instance a random token of this running engine
   * @param host the host it runs on
   * @param pid its process id
   * @param startedAt when it started, by its own clock
   * @return the store's time and the row another instance had written; empty when the store keeps no heartbeats
   */
  default Optional<Heartbeat> heartbeat(String node, String instance, String host, long pid, Instant startedAt) {
    return heartbeat(node, host, pid, startedAt).map(now -> new Heartbeat(now, null));
  }

  /**
   * The node's last heartbeat, read before it starts: a fresh one written by another instance means the node id is
   * in use by a live process, or by one killed moments ago.
   *
   * @param node the node's id
   * @return its row with its age by the store's clock; empty when none, or when the store keeps no heartbeats
   */
  default Optional<NodeBeat> lastHeartbeat(String node) {
    return Optional.empty();
  }

  /**
   * Takes over the claims of nodes whose last {@link #heartbeat} is older than {@code silentFor} by the store's clock:
   * their groups are released (claimable at once) and the nodes forgotten until they beat again. A run such a node
   * still records later is discarded, as after an expired lease. Never takes over {@code self}.
   *
   * @param self the calling node
   * @param silentFor how long without a heartbeat makes a node dead
   * @return the ids of the nodes taken over (empty when none, or when the store keeps no heartbeats)
   */
  default List<String> takeOverSilentNodes(String self, Duration silentFor) {
    return List.of();
  }
}
