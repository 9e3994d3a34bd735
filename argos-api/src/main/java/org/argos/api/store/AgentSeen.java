package org.argos.api.store;

import java.time.Instant;

/**
 * A remote agent and when it last reported.
 *
 * @param agentId the agent's id
 * @param lastSeen its last report
 */
public record AgentSeen(String agentId, Instant lastSeen) {}
