package org.argos.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.argos.api.ArgosException;
import org.argos.api.Redaction;
import org.argos.api.Site;
import org.argos.engine.Argos;

/**
 * The sites part of a reload: what a reloaded config's sites change in the engine, counted before anything is applied
 * (so the deletion limit can refuse it), then applied. New and changed sites are registered (with
 * {@code registerAll}; one by one only when the engine refuses one, so the error names it and the rest still apply),
 * unchanged ones are left with their state, and removed ones are unregistered. Sites added through the API are kept.
 */
final class SiteReload {
  /** How many sites a reload added, changed, removed and left unchanged. */
  record Applied(int added, int changed, int removed, int unchanged) {}

  private final Argos argos;
  private final List<Site> next;
  private final Set<String> apiSites;
  private final Map<String, Site> current = new HashMap<>();
  private final int deleting;

  /**
   * @param argos the running engine
   * @param next the reloaded config's sites
   * @param apiSites the domains registered through the API (kept, and no longer API sites once the file has them)
   */
  SiteReload(Argos argos, List<Site> next, Set<String> apiSites) {
    this.argos = argos;
    this.next = next;
    this.apiSites = apiSites;
    argos.sites().forEach(s -> current.put(s.domain(), s));
    Set<String> nextDomains = new LinkedHashSet<>();
    next.forEach(s -> nextDomains.add(s.domain()));
    this.deleting = (int) current.keySet().stream().filter(d -> !nextDomains.contains(d) && !apiSites.contains(d))
        .count();
  }

  /** @return how many sites applying would delete */
  int deleting() {
    return deleting;
  }

  /**
   * Applies the sites.
   *
   * @param errors receives one line per site the engine refused
   * @return the counts
   */
  Applied apply(List<String> errors) {
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    int removed = 0;
    Set<String> wanted = new LinkedHashSet<>();
    List<Site> toRegister = new ArrayList<>();
    for (Site s : next) {
      wanted.add(s.domain());
      if (Objects.equals(current.get(s.domain()), s)) {
        unchanged++;
      } else {
        toRegister.add(s);
      }
    }
    List<Site> registered;
    try {
      argos.registerAll(toRegister);
      registered = toRegister;
    } catch (ArgosException e) {
      registered = new ArrayList<>();
      for (Site s : toRegister) {
        try {
          argos.register(s);
          registered.add(s);
        } catch (ArgosException one) {
          errors.add(s.domain() + ": " + Redaction.text(one.getMessage()));
        }
      }
    }
    for (Site s : registered) {
      apiSites.remove(s.domain());
      if (current.containsKey(s.domain())) {
        changed++;
      } else {
        added++;
      }
    }
    for (String domain : current.keySet()) {
      if (!wanted.contains(domain) && !apiSites.contains(domain)) {
        argos.unregister(domain);
        removed++;
      }
    }
    return new Applied(added, changed, removed, unchanged);
  }
}
