package org.argos.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * An optional store capability: availability over whole UTC days, computed from each task's state changes (its
 * severity over time is a step function), never from raw results, so its cost and its answer do not depend on how
 * long raw results are kept.
 *
 * <p>The store rolls the steps up per task and UTC day in the transaction that records a state change: the interval
 * the change closes (from the previous change to this one) is added to the days it spans, at most
 * {@link UptimeWindow#MAX_DAYS} days before the change's own: older days are dropped, so a task keeps at most
 * {@code MAX_DAYS + 1} days behind its latest change. The interval still open (from the last change to {@code now}) is
 * added at query time from the task's current state. So a query reads at most one row per task and day, plus one
 * state per task.
 *
 * <p>Conventions: time before a task's first result counts nowhere (neither up nor down); ok and warning are up,
 * critical and unknown down (see {@link UptimeTotals#availability()}). A site or a tag sums its tasks' times, so a site
 * with four tasks, one of them down for an hour, was down for a quarter of that hour. Maintenance windows (silences)
 * are not subtracted yet.
 *
 * <p>Find it with {@code store.capability(Uptime.class)} (see {@link Store#capability(Class)}).
 */
public interface Uptime {
  /** The most domains {@link #ofDomains} takes. */
  int MAX_DOMAINS = 10_000;

  /**
   * @param taskId a task
   * @param window the days
   * @param now the current time: the open interval of each task ends here
   * @return the task's times, {@link UptimeTotals#NONE} for an unknown task
   */
  UptimeTotals ofTask(long taskId, UptimeWindow window, Instant now);

  /**
   * @param domain a site's domain
   * @param window the days
   * @param now the current time
   * @return the sum over the site's tasks, {@link UptimeTotals#NONE} for an unknown domain
   */
  UptimeTotals ofDomain(String domain, UptimeWindow window, Instant now);

  /**
   * @param tag a site tag
   * @param window the days
   * @param now the current time
   * @return the sum over the tasks of the sites with that tag
   */
  UptimeTotals ofTag(String tag, UptimeWindow window, Instant now);

  /**
   * @param domains sites' domains, at most {@link #MAX_DOMAINS}; unknown ones add nothing
   * @param window the days
   * @param now the current time
   * @return the sum over the tasks of those sites
   * @throws IllegalArgumentException when more than {@link #MAX_DOMAINS} domains are given
   */
  UptimeTotals ofDomains(Collection<String> domains, UptimeWindow window, Instant now);

  /**
   * @param tenant a tenant's slug ({@code default} for a config without tenants)
   * @param window the days
   * @param now the current time
   * @return the sum over the tasks of the tenant's sites
   */
  UptimeTotals ofTenant(String tenant, UptimeWindow window, Instant now);

  /**
   * @param domain a site's domain
   * @param window the days
   * @param now the current time
   * @return one entry per day of the window, oldest first (days without data have {@link UptimeTotals#NONE})
   */
  List<UptimeDay> daily(String domain, UptimeWindow window, Instant now);

  /**
   * A report's lines: each site of the tenant with its totals, by domain.
   *
   * @param tenant a tenant's slug
   * @param window the days
   * @param now the current time
   * @return one line per site of the tenant, ordered by domain
   */
  List<DomainUptime> byDomain(String tenant, UptimeWindow window, Instant now);

  /**
   * {@link #daily(String, UptimeWindow, Instant)} for many sites at once: a status page reads its page of sites with
   * one call. The default calls {@code daily} per domain; an SQL store answers with one read.
   *
   * @param domains normalized domains, at most {@link #MAX_DOMAINS}; unknown ones get days with nothing observed
   * @param window the days
   * @param now the current time (the open intervals count up to it)
   * @return each domain's days, in window order
   * @throws org.argos.api.InvalidValueException past {@link #MAX_DOMAINS} domains
   */
  default java.util.Map<String, List<UptimeDay>> daily(java.util.Collection<String> domains, UptimeWindow window,
      Instant now) {
    if (domains.size() > MAX_DOMAINS) {
      throw new org.argos.api.InvalidValueException("domains: at most " + MAX_DOMAINS + ", got " + domains.size());
    }
    java.util.Map<String, List<UptimeDay>> out = new java.util.LinkedHashMap<>();
    for (String d : domains) {
      out.put(d, daily(d, window, now));
    }
    return out;
  }
}
