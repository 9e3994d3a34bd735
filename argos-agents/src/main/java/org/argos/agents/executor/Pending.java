package org.argos.agents.executor;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * A group parked for agents, and what they answered so far. Its fields other than the group and future are guarded
 * by {@link RemoteAgentExecutor}'s lock.
 */
final class Pending {
  final ClaimedGroup group;
  final CompletableFuture<GroupOutcome> future = new CompletableFuture<>();
  final Map<Long, TaskOutcome> results = new HashMap<>();
  @Nullable Instant handedAt;
  @Nullable String agent;
  @Nullable String credential;
  /** What the agent's probe connected to, as its results said. */
  org.argos.api.@Nullable ProbePeer peer;

  /**
   * Which agents may take it: {@link RemoteAgentExecutor#ANY} for a group checked from the default location alone (any
   * agent, as before locations), else the location of this run.
   */
  final String lane;
  /** The queue it waits in until taken: its lane's, for its scheme ({@link AgentSchemes#queue}). */
  final String queue;

  Pending(ClaimedGroup group) {
    this.group = group;
    this.lane = group.policy().quorum().isDefault() ? RemoteAgentExecutor.ANY : group.location();
    this.queue = AgentSchemes.queue(lane, group.request().scheme());
  }

  /** @return the key of this run's task in {@link RemoteAgentExecutor}'s index */
  String key(long taskId) {
    return RemoteAgentExecutor.key(lane, taskId);
  }
}
