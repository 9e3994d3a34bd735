package org.argos.api;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How bad a task's last result is. Declared in rank order: {@code OK < WARNING < CRITICAL < UNKNOWN}, so that a
 * domain shows the worst of its tasks and lists sort worst first (as Argos does).
 */
public enum Severity {
  /** The check passed. */
  OK,
  /** The check passed with a warning (for example a certificate expiring soon). */
  WARNING,
  /** The check failed. */
  CRITICAL,
  /** The check could not be evaluated (the check itself failed). Ranks worst: nobody knows what is going on. */
  UNKNOWN;

  /** @return the lower-case name Argos uses in configs and APIs ({@code ok}, {@code warning}, ...) */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @return true when this severity ranks worse than {@code other} */
  public boolean isWorseThan(Severity other) {
    return compareTo(other) > 0;
  }

  /** @return the worse of two severities; a null argument counts as better than anything */
  public static Severity worst(@Nullable Severity a, Severity b) {
    return a == null || b.isWorseThan(a) ? b : a;
  }

  /**
   * Parses an Argos label.
   *
   * @param label {@code ok}, {@code warning}, {@code critical} or {@code unknown}, any case
   * @return the severity
   * @throws InvalidValueException naming the accepted values
   */
  public static Severity fromLabel(String label) {
    for (Severity s : values()) {
      if (s.label().equalsIgnoreCase(label.trim())) {
        return s;
      }
    }
    throw new InvalidValueException("unknown severity '" + label + "', expected one of ok, warning, critical, unknown");
  }
}
