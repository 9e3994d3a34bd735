package org.argos.config.parse;

import java.time.Duration;
import org.argos.api.Site;
import org.argos.api.settings.Durations;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.jspecify.annotations.Nullable;

/** The bounds of a site's frequency, recheck delay and timeout, shared by general and websites. */
final class Periods {
  private Periods() {}

  /**
   * The shortest frequency, recheck delay and timeout: below a second a site is hammered (or never answers in time),
   * and a typo such as {@code 5ms} for {@code 5m} is caught.
   */
  static final Duration MIN_PERIOD = Duration.ofSeconds(1);
  /** The longest probe timeout: a probe holds a connection and a slot of its host for that long. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  static Duration positive(Section s, String key, Duration d) {
    if (d.isZero() || d.isNegative()) {
      s.error(key, s.node(key), "must be more than zero, got " + Durations.format(d));
      return Site.DEFAULT_FREQUENCY;
    }
    if (d.compareTo(MIN_PERIOD) < 0) {
      s.error(key, s.node(key), "must be at least 1s, got " + Durations.format(d));
      return Site.DEFAULT_FREQUENCY;
    }
    return d;
  }

  static @Nullable Duration positiveOrNull(Section s, String key, @Nullable Duration d) {
    if (d != null && (d.isZero() || d.isNegative())) {
      s.error(key, s.node(key), "must be more than zero, got " + Durations.format(d) + " (remove the key to disable rechecks)");
      return null;
    }
    if (d != null && d.compareTo(MIN_PERIOD) < 0) {
      s.error(key, s.node(key), "must be at least 1s, got " + Durations.format(d));
      return null;
    }
    return d;
  }

  /** @return the timeout, or null (an error was added) when it is not between 1 s and 1 h */
  static @Nullable Duration timeout(Section s, @Nullable Duration d) {
    if (d == null) {
      return null;
    }
    if (d.isZero() || d.isNegative()) {
      s.error("timeout", s.node("timeout"), "must be more than zero");
      return null;
    }
    if (d.compareTo(MIN_PERIOD) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      s.error("timeout", s.node("timeout"), "must be between 1s and 1h, got " + Durations.format(d));
      return null;
    }
    return d;
  }
}
