package org.argos.api.spi;

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

  /** @return the earliest next run of an unclaimed group, so a scheduler can sleep until then */
  Optional<Instant> nextDue();
}
