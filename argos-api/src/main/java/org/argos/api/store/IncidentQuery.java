package org.argos.api.store;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.argos.api.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * Which incidents to list ({@link Incidents#incidents}), newest opened first, a page at a time: the next page starts
 * below the last id of the previous one ({@code beforeId}).
 *
 * @param tenant only this tenant's, or null for every tenant's
 * @param which active ones, past (resolved) ones, or both
 * @param domains only those affecting one of these domains (a status page's sites), at most {@link #MAX_DOMAINS};
 *     null for no such filter
 * @param beforeId only ids below this one (the next page), or null from the newest
 * @param limit the most returned, 1 to {@link #MAX_LIMIT}
 */
public record IncidentQuery(@Nullable String tenant, Which which, @Nullable Set<String> domains,
    @Nullable Long beforeId, int limit) {
  /** The most incidents one query returns. */
  public static final int MAX_LIMIT = 200;
  /** The most domains one query filters on. */
  public static final int MAX_DOMAINS = 1000;

  /** Which incidents. */
  public enum Which {
    /** Not resolved. */
    ACTIVE,
    /** Resolved. */
    PAST,
    /** Both. */
    ALL
  }

  /** Validates and copies. */
  public IncidentQuery {
    Objects.requireNonNull(which, "which");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidValueException("limit: 1 to " + MAX_LIMIT + ", got " + limit);
    }
    if (domains != null) {
      if (domains.size() > MAX_DOMAINS) {
        throw new InvalidValueException("domains: at most " + MAX_DOMAINS + ", got " + domains.size());
      }
      domains = Set.copyOf(new TreeSet<>(domains));
    }
  }

  /**
   * @param which active, past or all
   * @param limit the most returned
   * @return a query over every tenant, without a domain filter, from the newest
   */
  public static IncidentQuery of(Which which, int limit) {
    return new IncidentQuery(null, which, null, null, limit);
  }

  /** @param id the last id of the previous page @return the next page's query */
  public IncidentQuery before(long id) {
    return new IncidentQuery(tenant, which, domains, id, limit);
  }

  /** @param tenant a tenant, or null for all @return this query for that tenant */
  public IncidentQuery forTenant(@Nullable String tenant) {
    return new IncidentQuery(tenant, which, domains, beforeId, limit);
  }

  /** @param domains the domains (a status page's sites), or null @return this query on those domains */
  public IncidentQuery affecting(@Nullable Set<String> domains) {
    return new IncidentQuery(tenant, which, domains, beforeId, limit);
  }

  /** @return the domains sorted, or an empty list without a filter */
  public List<String> sortedDomains() {
    return domains == null ? List.of() : List.copyOf(new TreeSet<>(domains));
  }
}
