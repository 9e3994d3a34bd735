package org.argos.engine.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.InvalidSiteException;
import org.argos.api.IpVersion;
import org.argos.api.PathSpec;
import org.argos.api.Site;
import org.argos.api.spi.Check;
import org.argos.api.store.GroupPlan;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.TaskPlan;
import org.argos.engine.CheckRegistry;

/**
 * Expands a site into request groups: one per distinct request (method, URL, request data, IP version, and whatever a
 * check changes), each with the tasks (checks) that share it. Validates every check on the way.
 */
public final class SitePlanner {
  private final CheckRegistry checks;
  private final Set<String> schemes;
  private final Duration firstRunSpread;

  /**
   * A planner for http(s) sites only.
   *
   * @param checks known checks
   * @param firstRunSpread see {@link #SitePlanner(CheckRegistry, Set, Duration)}
   */
  public SitePlanner(CheckRegistry checks, Duration firstRunSpread) {
    this(checks, Set.of("http", "https"), firstRunSpread);
  }

  /**
   * @param checks known checks
   * @param schemes the schemes a probe serves: a site's requests must use one, and each check must read it
   * @param firstRunSpread new groups start within this window (bounded by their frequency), spread by a hash of their
   *     key so a mass registration does not fire at once and a re-registration lands at the same offset
   */
  public SitePlanner(CheckRegistry checks, Set<String> schemes, Duration firstRunSpread) {
    this.checks = checks;
    this.schemes = Set.copyOf(schemes);
    this.firstRunSpread = firstRunSpread;
  }

  /**
   * @param site the site
   * @param now the current time
   * @return the plan
   * @throws ArgosException (an {@link InvalidSiteException} or check exception) naming the site, path and check
   */
  public SitePlan plan(Site site, Instant now) {
    SchedulePolicy policy = new SchedulePolicy(site.frequency(), site.recheckDelay(), site.retryBeforeNotification(),
        site.quorum(), site.lifecycle());
    Map<String, ProbeRequest> requests = new LinkedHashMap<>();
    Map<String, List<TaskPlan>> tasks = new LinkedHashMap<>();
    for (PathSpec p : site.paths()) {
      Set<String> seen = new HashSet<>();
      for (CheckSpec spec : p.checks()) {
        String where = "site " + site.domain() + ", path " + p.path() + ", check " + spec.type() + ": ";
        if (!seen.add(spec.type() + "=" + spec.expected())) {
          throw new InvalidSiteException(where + "listed twice with the same parameter");
        }
        Check check;
        try {
          check = checks.check(spec);
        } catch (ArgosException e) {
          throw rethrow(e, "site " + site.domain() + ", path " + p.path() + ": ");
        }
        for (IpVersion v : site.ipVersions()) {
          ProbeRequest base = new ProbeRequest(site.domain() + p.path(), p.method(), p.requestData(), v,
              p.timeout() == null ? site.timeout() : p.timeout(), p.followRedirects(), p.maxRedirects());
          ProbeRequest req;
          try {
            req = check.request(base);
          } catch (RuntimeException e) {
            throw new InvalidSiteException(where + "could not derive its request: " + e.getMessage(), e);
          }
          refuseUnreadable(where, spec, req.scheme());
          String key = req.key();
          requests.putIfAbsent(key, req);
          tasks.computeIfAbsent(key, k -> new ArrayList<>()).add(new TaskPlan(p.path() + " " + spec.type() + "=" + spec.expected(), spec));
        }
      }
    }
    List<GroupPlan> groups = new ArrayList<>(requests.size());
    for (Map.Entry<String, ProbeRequest> e : requests.entrySet()) {
      groups.add(new GroupPlan(e.getKey(), e.getValue(), policy, firstRun(e.getKey(), site.frequency(), now), tasks.get(e.getKey())));
    }
    return new SitePlan(site, groups);
  }

  /** A request no probe can make, or a response the check cannot read, is refused here rather than failing each run. */
  private void refuseUnreadable(String where, CheckSpec spec, String scheme) {
    if (!schemes.contains(scheme)) {
      throw new InvalidSiteException(where + "no probe serves the scheme '" + scheme + "' (schemes served: "
          + String.join(", ", new java.util.TreeSet<>(schemes)) + "); add the plugin that probes it");
    }
    Set<String> readable = checks.providers().get(spec.type()).schemes();
    if (!readable.contains(scheme) && !readable.contains("*")) {
      throw new InvalidSiteException(where + "the check " + spec.type() + " cannot read " + scheme
          + ":// responses (it reads " + String.join(", ", new java.util.TreeSet<>(readable)) + ")");
    }
  }

  private Instant firstRun(String key, Duration frequency, Instant now) {
    long window = Math.min(firstRunSpread.toMillis(), frequency.toMillis());
    if (window <= 0) {
      return now;
    }
    if (window == frequency.toMillis()) {
      // the group's own slot: where it returns after running late (AlertRules), so a backlog leaves no bunch
      return Slots.atOrAfter(now, Slots.offset(key, frequency), frequency);
    }
    return now.plusMillis(Slots.offset(key, Duration.ofMillis(window)));
  }

  private static ArgosException rethrow(ArgosException e, String prefix) {
    String msg = prefix + e.getMessage();
    try {
      return e.getClass().getConstructor(String.class, Throwable.class).newInstance(msg, e);
    } catch (ReflectiveOperationException x) {
      return new ArgosException(msg, e);
    }
  }
}
