package org.argos.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One task as a status page shows it.
 *
 * @param taskId the task id
 * @param domain the site's domain
 * @param url the full URL probed
 * @param method the HTTP method
 * @param ipVersion the IP family
 * @param check the check
 * @param state the current state, or null if the task has not run yet
 * @param nextRunAt when its request group runs next
 */
public record TaskStatus(
    long taskId,
    String domain,
    String url,
    String method,
    IpVersion ipVersion,
    CheckSpec check,
    @Nullable TaskState state,
    Instant nextRunAt) {}
