package org.argos.engine.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.argos.api.Severity;

/**
 * The connectivity self-check (issue 19 §2): canary sites, checked from every location, tell whether a location can
 * reach the outside at all. A location whose canaries all fail is a <em>vantage point down</em>: its results are left
 * out of every verdict ({@link LocatedRuns}), and one alert says so instead of every site turning critical. Thread-safe.
 */
public final class VantagePoints {
  private final Set<String> canaries;
  private final BiConsumer<String, Boolean> changed;
  // per location, per canary group, whether its latest result there was ok
  private final Map<String, Map<Long, Boolean>> latest = new HashMap<>();
  private final Set<String> down = new TreeSet<>();

  /**
   * @param canaries the domains of the canary sites
   * @param changed told (location, true) when a location goes down and (location, false) when it is back
   */
  public VantagePoints(Set<String> canaries, BiConsumer<String, Boolean> changed) {
    this.canaries = Set.copyOf(canaries);
    this.changed = changed;
  }

  /** @return true when the domain is a canary site's */
  public boolean isCanary(String domain) {
    return canaries.contains(domain);
  }

  /**
   * Records a canary group's result in a location.
   *
   * @param location the location
   * @param groupId the canary group
   * @param worst the worst severity of its tasks there
   */
  public void canary(String location, long groupId, Severity worst) {
    Boolean now;
    synchronized (this) {
      Map<Long, Boolean> groups = latest.computeIfAbsent(location, l -> new HashMap<>());
      groups.put(groupId, worst == Severity.OK);
      boolean allFail = groups.values().stream().noneMatch(ok -> ok);
      now = allFail && down.add(location) ? Boolean.TRUE : !allFail && down.remove(location) ? Boolean.FALSE : null;
    }
    if (now != null) {
      changed.accept(location, now);
    }
  }

  /** @return true while the location's canaries all fail */
  public synchronized boolean isDown(String location) {
    return down.contains(location);
  }

  /** @return the locations down now */
  public synchronized Set<String> down() {
    return Set.copyOf(down);
  }
}
