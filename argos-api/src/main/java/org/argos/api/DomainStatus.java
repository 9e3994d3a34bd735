package org.argos.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of the domains list: a site with the worst severity of its tasks.
 *
 * @param domain the site's domain
 * @param worst the worst severity among its tasks that have run, or null if none has run yet
 * @param lastRunAt the most recent result of any of its tasks, or null
 * @param tasks number of tasks
 */
public record DomainStatus(String domain, @Nullable Severity worst, @Nullable Instant lastRunAt, int tasks) {}
