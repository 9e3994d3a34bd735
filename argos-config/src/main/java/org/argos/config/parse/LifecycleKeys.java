package org.argos.config.parse;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.argos.api.AlertLifecycle;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Scalar;

/**
 * The alert lifecycle's keys ({@code success_threshold}, {@code flapping}), read like {@code retry_before_notification}:
 * in {@code general} as the defaults, on a site to override them.
 */
final class LifecycleKeys {
  static final Set<String> KEYS = Set.of("success_threshold", "flapping");
  private static final Set<String> FLAPPING = Set.of("changes", "within");
  /** {@code flapping: {}} counts this many changes... */
  static final int DEFAULT_CHANGES = 3; // at most 3 notifications an hour for a flapping site (issue 19)
  /** ...within this long. */
  static final Duration DEFAULT_WITHIN = Duration.ofHours(1);

  private LifecycleKeys() {}

  /** @param keys a section's other keys @return them and these */
  static Set<String> with(Set<String> keys) {
    Set<String> all = new java.util.HashSet<>(keys);
    all.addAll(KEYS);
    return Set.copyOf(all);
  }

  /**
   * @param s the general section or a site
   * @param dflt the defaults (from general, or {@link AlertLifecycle#DEFAULT})
   * @return the lifecycle; a bad value adds an error naming it and keeps the default
   */
  static AlertLifecycle read(Section s, AlertLifecycle dflt) {
    int threshold = s.integer("success_threshold", dflt.successThreshold(), 1, AlertLifecycle.MAX_SUCCESS_THRESHOLD);
    AlertLifecycle.Flapping flapping = dflt.flapping();
    ConfigNode n = s.node("flapping");
    if (n instanceof Scalar sc && (sc.value() == null || "off".equals(sc.text()) || "false".equals(sc.text()))) {
      flapping = null; // a site turns off the defaults' detection
    } else if (n != null) {
      Section f = s.section("flapping", FLAPPING, false);
      if (f != null) {
        int changes = f.integer("changes", DEFAULT_CHANGES, 2, AlertLifecycle.Flapping.MAX_CHANGES);
        Duration within = f.duration("within", ChronoUnit.MINUTES, DEFAULT_WITHIN);
        if (within.compareTo(Duration.ofMinutes(1)) < 0 || within.compareTo(Duration.ofDays(7)) > 0) {
          f.error("within", f.node("within"), "expected a duration from 1m to 7d, got "
              + (f.node("within") instanceof Scalar w ? "'" + w.text() + "'" : within));
        } else {
          flapping = new AlertLifecycle.Flapping(changes, within);
        }
      }
    }
    return new AlertLifecycle(threshold, flapping);
  }
}
