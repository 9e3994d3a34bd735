package org.argos.api.store;

import java.util.List;
import org.argos.api.Site;

/**
 * A site expanded by the engine into request groups and tasks, ready to store.
 *
 * @param site the site as registered
 * @param groups its request groups
 */
public record SitePlan(Site site, List<GroupPlan> groups) {
  /** Copies the list. */
  public SitePlan {
    groups = List.copyOf(groups);
  }
}
