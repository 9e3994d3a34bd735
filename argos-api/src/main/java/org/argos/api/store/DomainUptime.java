package org.argos.api.store;

/**
 * One site's line of an uptime report.
 *
 * @param domain the site's domain
 * @param tasks how many tasks the site has
 * @param totals the time per severity of its tasks over the report's window
 */
public record DomainUptime(String domain, int tasks, UptimeTotals totals) {}
