package org.argos.api;

import java.util.List;

/**
 * The summary a dashboard shows: counts by severity and one page of domains, worst first then by name.
 *
 * @param counts tasks per severity
 * @param domains the requested page of domains
 * @param totalDomains number of domains matching the query
 */
public record StatusPage(SeverityCounts counts, List<DomainStatus> domains, long totalDomains) {
  /** Copies the list. */
  public StatusPage {
    domains = List.copyOf(domains);
  }
}
