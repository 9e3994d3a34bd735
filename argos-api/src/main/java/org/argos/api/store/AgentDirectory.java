package org.argos.api.store;

import java.time.Instant;
import java.util.List;

/**
 * An optional store capability: remembering the remote agents that reported, across restarts and engine nodes, so a
 * node lists agents that reported to another node or before it started.
 *
 * <p>Find it with {@code store.capability(AgentDirectory.class)} (see {@link Store#capability(Class)}).
 */
public interface AgentDirectory {
  /**
   * Records that a remote agent reported.
   *
   * @param agentId the agent's id, 1 to 200 characters without control characters
   * @param at when it reported
   * @throws IllegalArgumentException when the id is not one
   * @throws org.argos.api.StoreException when the store fails
   */
  void agentSeen(String agentId, Instant at);

  /**
   * @return the agents that ever reported, by id, each with its latest report
   * @throws org.argos.api.StoreException when the store fails
   */
  List<AgentSeen> agents();
}
