package org.argos.api.store;

import java.time.Instant;
import org.argos.api.CheckResult;

/**
 * A raw result as kept for the bounded results window.
 *
 * @param id the result's id
 * @param taskId its task
 * @param at when it was produced
 * @param node the node (or agent) that produced it
 * @param result the result
 */
public record StoredResult(long id, long taskId, Instant at, String node, CheckResult result) {}
