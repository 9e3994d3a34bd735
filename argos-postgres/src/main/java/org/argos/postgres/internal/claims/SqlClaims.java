package org.argos.postgres.internal.claims;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.argos.api.store.ClaimStore;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.Heartbeat;
import org.argos.api.store.NodeBeat;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.Database;
import org.jooq.DSLContext;

/**
 * What the nodes share to split the work: due groups claimed for a lease ({@link Claims}), and each node's heartbeat,
 * by which the others take over the claims of a silent node ({@link Nodes}).
 */
public final class SqlClaims implements ClaimStore {
  private final Calls calls;
  private final Claims claims;
  private final Nodes nodes;

  public SqlClaims(DSLContext db, Codec codec, Database database, Calls calls) {
    this.calls = calls;
    this.claims = new Claims(db, codec, database);
    this.nodes = new Nodes(db, database);
  }

  @Override
  public List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil) {
    if (limit < 1) {
      return List.of();
    }
    return calls.write("claim due groups for node " + node,
        () -> claims.claimDue(node, now, dueBefore, limit, leaseUntil));
  }

  @Override
  public void release(String node, Collection<Long> groupIds) {
    if (groupIds.isEmpty()) {
      return;
    }
    calls.run("release " + groupIds.size() + " groups of node " + node, () -> claims.release(node, groupIds));
  }

  @Override
  public int rescheduleAll(Instant at) {
    return calls.call("reschedule every group", () -> claims.rescheduleAll(at));
  }

  @Override
  public int reschedule(Collection<Long> taskIds, Instant at) {
    if (taskIds.size() > 1000) {
      throw new IllegalArgumentException("at most 1000 tasks at once, got " + taskIds.size());
    }
    if (taskIds.isEmpty()) {
      return 0;
    }
    return calls.call("reschedule the groups of " + taskIds.size() + " tasks", () -> claims.reschedule(taskIds, at));
  }

  @Override
  public Optional<Instant> nextDue() {
    return calls.call("read the next due group", claims::nextDue);
  }

  @Override
  public int releaseAll(String node) {
    return calls.call("release the groups claimed by node " + node, () -> claims.releaseAll(node));
  }

  @Override
  public int releaseAllExcept(String node, Collection<Long> keep) {
    return calls.call("release the groups claimed by node " + node + " that it does not hold",
        () -> claims.releaseAllExcept(node, keep));
  }

  /** Upserts the node's row in {@code nodes} (V9) with the database's time, and returns that time. */
  @Override
  public Optional<Instant> heartbeat(String node, String host, long pid, Instant startedAt) {
    return Optional.of(calls.call("record a heartbeat of node " + node,
        () -> nodes.heartbeat(node, host, pid, startedAt)));
  }

  /** Like the heartbeat above, with this engine's instance token (V10), reporting a row another instance wrote. */
  @Override
  public Optional<Heartbeat> heartbeat(String node, String instance, String host, long pid, Instant startedAt) {
    return Optional.of(calls.call("record a heartbeat of node " + node,
        () -> nodes.heartbeat(node, instance, host, pid, startedAt)));
  }

  @Override
  public Optional<NodeBeat> lastHeartbeat(String node) {
    return calls.call("read the last heartbeat of node " + node, () -> nodes.last(node));
  }

  @Override
  public List<String> takeOverSilentNodes(String self, Duration silentFor) {
    return calls.call("take over the claims of silent nodes", () -> nodes.takeOverSilent(self, silentFor));
  }

  /**
   * Removes a stopping node's row, outside {@link Calls}: a failure is the caller's to log, and the others take the
   * node for dead after a few missed heartbeats anyway.
   *
   * @throws org.jooq.exception.DataAccessException when the database fails
   */
  public void forget(String node) {
    nodes.forget(node);
  }
}
