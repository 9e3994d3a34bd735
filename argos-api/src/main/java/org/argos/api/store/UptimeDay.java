package org.argos.api.store;

import java.time.LocalDate;

/**
 * One UTC day of an uptime series (a status page's bar).
 *
 * @param day the day
 * @param totals the time per severity that day
 */
public record UptimeDay(LocalDate day, UptimeTotals totals) {}
