package org.argos.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task's severity changed, or an alert was decided for it. Delivered to state-change listeners, kept in the history,
 * and carried by alerts.
 *
 * @param taskId the task's id in the store
 * @param domain the site's domain
 * @param url the full URL probed
 * @param method the HTTP method
 * @param ipVersion the IP family
 * @param check the check
 * @param previous the severity before, or null on the task's first result
 * @param current the severity now
 * @param at when the result was produced
 * @param message the result's message
 * @param resultId the id of the result that caused it, when stored (0 otherwise)
 */
public record StateChange(
    long taskId,
    String domain,
    String url,
    String method,
    IpVersion ipVersion,
    CheckSpec check,
    @Nullable Severity previous,
    Severity current,
    Instant at,
    String message,
    long resultId) {}
