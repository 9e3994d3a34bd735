package org.argos.engine.internal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims this node holds (claimed and not yet recorded or given back), shared by the scheduler, which claims and
 * gives back, and the result writer, which lets go of each group it records. Also whether the store may hold claims
 * of this node that the node does not hold, after a claim or a write failed.
 */
final class HeldClaims {
  private static final Logger LOG = LoggerFactory.getLogger(HeldClaims.class);

  private final Store store;
  private final String node;
  private final EngineMeters meters;
  /**
   * Each held claim with the number of the claim call that took it: their groups' claims are kept when the node takes
   * back its other claims after the store failed.
   */
  private final ConcurrentHashMap<ClaimedGroup, Long> holding = new ConcurrentHashMap<>();
  /** Successful claim calls (written by the scheduler thread only). */
  private volatile long claimCalls;
  /** {@link #claimCalls} at the last failed claim or write. */
  private volatile long failedAtClaim = -1;
  /** Set when a claim or a write failed: the next successful claim takes back the claims this node does not hold. */
  private volatile boolean takeBackOwn;

  HeldClaims(Store store, String node, EngineMeters meters) {
    this.store = store;
    this.node = node;
    this.meters = meters;
  }

  /** @param got the groups one claim call took (scheduler thread) */
  void claimed(List<ClaimedGroup> got) {
    long call = ++claimCalls;
    meters.claimed(got.size());
    for (ClaimedGroup g : got) {
      holding.put(g, call);
    }
  }

  /** @param g a group recorded, given back, or whose run was lost */
  void release(ClaimedGroup g) {
    holding.remove(g);
    meters.released(1);
  }

  /** @param groups groups recorded or given back */
  void release(Collection<ClaimedGroup> groups) {
    for (ClaimedGroup g : groups) {
      holding.remove(g);
    }
    meters.released(groups.size());
  }

  /** @return groups claimed and not yet recorded or given back */
  long count() {
    return meters.held();
  }

  /** A claim or a write failed: claims of this node may be in the store without the node holding them. */
  void storeFailed() {
    failedAtClaim = claimCalls;
    takeBackOwn = true;
  }

  /** @return true when {@link #takeBackOwn()} is due after the next successful claim */
  boolean takeBackWanted() {
    return takeBackOwn;
  }

  /**
   * After the store failed, claims of this node may be in it that the node does not hold: a claim committed whose
   * answer was lost with the connection, or those an embedded database saved before a full disk closed it and gave
   * back when it reopened. They are taken back at once rather than waited out for their lease; the groups the node
   * holds (waiting, running, or finished and not recorded yet) keep theirs. Only the scheduler thread claims and calls
   * this, so none is claimed meanwhile. Runs claimed before the failure may be discarded when recorded (the reopened
   * database has an older claim for their group, which then stays): the node takes back again after each claim until
   * they are all recorded.
   *
   * @return true when groups were taken back
   */
  boolean takeBackOwn() {
    long failedAt = failedAtClaim;
    takeBackOwn = false; // a failure from here on sets it again
    boolean taken = false;
    try {
      List<Long> keep = holding.keySet().stream().map(ClaimedGroup::groupId).distinct().toList();
      int n = store.releaseAllExcept(node, keep);
      if (n > 0) {
        LOG.info("node {} took back {} groups it had claimed but did not hold after the store failed", node, n);
      }
      taken = n > 0;
    } catch (RuntimeException e) {
      takeBackOwn = true; // tried again after the next claim
      LOG.debug("node {} could not take back its claims yet", node, e);
    }
    if (holding.values().stream().anyMatch(call -> call <= failedAt)) {
      takeBackOwn = true;
    }
    return taken;
  }
}
