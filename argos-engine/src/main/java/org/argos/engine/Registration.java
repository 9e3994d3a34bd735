package org.argos.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.argos.api.InvalidSiteException;
import org.argos.api.Site;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SitePlan;

/** How sites get into the store: validated and planned (checks, request groups, first runs), then written. */
final class Registration {
  /** Sites planned and handed to the store at once by {@link #registerAll}. */
  private static final int BULK_SLICE = 1000;

  private final Engine engine;

  Registration(Engine engine) {
    this.engine = engine;
  }

  RegistrationResult register(Site site) {
    checkRouting(site);
    SitePlan plan = engine.planner.plan(site, engine.storeNow());
    RegistrationResult r = engine.store.register(plan, engine.storeNow());
    engine.scheduler.wakeUp();
    return r;
  }

  List<RegistrationResult> registerAll(Collection<Site> sites) {
    List<Site> all = new ArrayList<>(sites.size());
    for (Site s : sites) {
      if (s == null) {
        throw new IllegalArgumentException("sites[" + all.size() + "] is null");
      }
      all.add(s);
    }
    // Validate everything before storing anything. The plans are made again slice by slice below rather than kept,
    // so a million-site list does not hold a million plans at once.
    Instant now = engine.storeNow();
    for (Site s : all) {
      checkRouting(s);
      engine.planner.plan(s, now);
    }
    List<RegistrationResult> results = new ArrayList<>(all.size());
    for (int from = 0; from < all.size(); from += BULK_SLICE) {
      List<Site> slice = all.subList(from, Math.min(all.size(), from + BULK_SLICE));
      Instant at = engine.storeNow();
      List<SitePlan> plans = new ArrayList<>(slice.size());
      for (Site s : slice) {
        plans.add(engine.planner.plan(s, at));
      }
      results.addAll(engine.store.registerAll(plans, at));
      engine.scheduler.wakeUp();
    }
    return results;
  }

  private void checkRouting(Site site) {
    if (site.routing() != null) {
      for (String ch : site.routing().allChannels()) {
        if (!engine.notifiers.containsKey(ch)) {
          throw new InvalidSiteException("site " + site.domain() + ": alert routing names channel '" + ch
              + "' but no notifier has that name (known: " + engine.notifiers.keySet() + ")");
        }
      }
    }
  }

  boolean unregister(String domain) {
    return engine.store.unregister(Site.normalizeDomain(domain));
  }

  int rescheduleAll() {
    int n = engine.store.rescheduleAll(engine.storeNow());
    engine.scheduler.wakeUp();
    return n;
  }
}
