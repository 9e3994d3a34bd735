package org.argos.api.store;

/**
 * A finished run to record.
 *
 * @param node the node that ran it
 * @param group the group as claimed
 * @param outcome its outcome
 */
public record CompletedRun(String node, ClaimedGroup group, GroupOutcome outcome) {}
