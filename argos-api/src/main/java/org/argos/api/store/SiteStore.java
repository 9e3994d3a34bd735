package org.argos.api.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.argos.api.Site;

/** Persistence of sites and of their request groups and tasks. */
public interface SiteStore {
  /**
   * Stores a site, or replaces it. Tasks are matched by (group key, task key): matching tasks keep their state and
   * history; tasks not in the plan are deleted with their results; new ones are created. An existing group gets the
   * new policy and request, and runs no later than {@code now + frequency}. Atomic.
   *
   * @param plan the expanded site
   * @param now the current time
   * @return what changed
   */
  RegistrationResult register(SitePlan plan, Instant now);

  /**
   * Stores many sites, each exactly as {@link #register} would, in order: the results equal those of calling
   * {@code register} for each plan in turn (a domain listed twice is registered twice, the later plan winning).
   * Stores override this to write many sites per transaction; each site stays atomic, the whole list need not be:
   * when a call fails, the sites of chunks already committed stay registered. This default loops over
   * {@code register}, so a store written before this method existed keeps working.
   *
   * @param plans the expanded sites
   * @param now the current time
   * @return what changed, one result per plan, in the order given
   */
  default List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    List<RegistrationResult> results = new ArrayList<>(plans.size());
    for (SitePlan plan : plans) {
      results.add(register(plan, now));
    }
    return results;
  }

  /**
   * Deletes a site with its groups, tasks, state, results and history. Atomic.
   *
   * @param domain the normalized domain
   * @return true if it existed
   */
  boolean unregister(String domain);

  /** @param domain the normalized domain @return the site as last registered */
  Optional<Site> site(String domain);

  /**
   * @param offset how many to skip, in domain order
   * @param limit how many at most
   * @return a page of sites ordered by domain
   */
  List<Site> sites(int offset, int limit);

  /** @return the number of sites */
  long siteCount();
}
