package org.argos.engine.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;

/**
 * {@code depends_on}: a site's alerts are held while its parent is down, that is while the parent's worst severity is
 * critical or unknown (a parent with no result yet, or unknown to the store, is not down). Monitoring goes on; only
 * the alerts are held, recorded as silenced alerts are, and what still fails when the parent recovers is told once
 * ({@link SilencedAlerts}). The parent's state is read at most once per round ({@link #newRound}).
 */
final class Dependencies {
  private final Store store;
  /** How far a chain of parents is followed to find a cycle (the config refuses them; the sites API cannot see one). */
  private static final int MAX_CHAIN = 16;
  private final Map<String, Boolean> down = new HashMap<>();
  private final Map<String, Boolean> inCycle = new HashMap<>();
  /** Parents this node held alerts for, kept across rounds: their recovery is worth an early look. */
  private final java.util.Set<String> holding = new java.util.HashSet<>();

  Dependencies(Store store) {
    this.store = store;
  }

  /** Forgets what was read: parents' states are read again. */
  void newRound() {
    down.clear();
    inCycle.clear();
  }

  /** @return the parent that holds this site's alerts now, or null when it has none or it is up */
  @Nullable String heldBy(@Nullable Site site) {
    if (site == null || site.dependsOn() == null) {
      return null;
    }
    String parent = site.dependsOn();
    if (!down.computeIfAbsent(parent, this::isDown) || inCycle.computeIfAbsent(site.domain(), this::inCycle)) {
      return null; // sites that depend on each other would hold each other's alerts forever: none is held
    }
    holding.add(parent);
    return parent;
  }

  /**
   * @param domain a site that recovered
   * @return true when this node held alerts because that site was down (once: it is then forgotten)
   */
  boolean released(String domain) {
    return holding.remove(domain);
  }

  private boolean inCycle(String domain) {
    String d = domain;
    for (int i = 0; i < MAX_CHAIN; i++) {
      String next = store.site(d).map(Site::dependsOn).orElse(null);
      if (next == null) {
        return false;
      }
      if (next.equals(domain)) {
        return true;
      }
      d = next;
    }
    return false;
  }

  private boolean isDown(String parent) {
    List<TaskStatus> tasks = store.tasks(parent);
    for (TaskStatus t : tasks) {
      if (t.state() != null && (t.state().severity() == Severity.CRITICAL || t.state().severity() == Severity.UNKNOWN)) {
        return true;
      }
    }
    return false;
  }
}
