package org.argos.api;

import java.util.List;

/**
 * The summary a dashboard shows: counts by severity and one page of domains, worst first then by name.
 *
 * @param counts tasks per severity
 * @param domains the requested page of domains
 * @param totalDomains number of domains matching the query; when {@code totalExact} is false, a lower bound
 * @param totalExact false when the store stopped counting: a text search that very many domains match is counted up
 *     to a bound (see the store), and at least {@code totalDomains} domains match. Pages past that bound are still
 *     listed.
 */
public record StatusPage(SeverityCounts counts, List<DomainStatus> domains, long totalDomains, boolean totalExact) {
  /** Copies the list. */
  public StatusPage {
    domains = List.copyOf(domains);
  }

  /**
   * A page whose total is exact.
   *
   * @param counts tasks per severity
   * @param domains the requested page of domains
   * @param totalDomains number of domains matching the query
   */
  public StatusPage(SeverityCounts counts, List<DomainStatus> domains, long totalDomains) {
    this(counts, domains, totalDomains, true);
  }
}
