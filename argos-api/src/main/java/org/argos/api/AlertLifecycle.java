package org.argos.api;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What happens to a site's alerts after the first one: how many ok results in a row make a recovery, and when a task
 * that keeps changing is called flapping instead of alerting at each change. Set per site or in the defaults.
 *
 * @param successThreshold ok results in a row before a failing task counts as recovered (and the recovery is
 *     notified), 1 to {@value #MAX_SUCCESS_THRESHOLD}; 1 is a recovery at the first ok result
 * @param flapping when a task is flapping, or null to never call it so
 */
public record AlertLifecycle(int successThreshold, @Nullable Flapping flapping) {
  /** The largest success threshold: beyond it a task would stay failing for hours after it is back. */
  public static final int MAX_SUCCESS_THRESHOLD = 100;

  /** Recovery at the first ok result, no flapping detection: Argos' behaviour. */
  public static final AlertLifecycle DEFAULT = new AlertLifecycle(1, null);

  /** Validates. */
  public AlertLifecycle {
    if (successThreshold < 1 || successThreshold > MAX_SUCCESS_THRESHOLD) {
      throw new IllegalArgumentException("success_threshold must be 1 to " + MAX_SUCCESS_THRESHOLD + ", got "
          + successThreshold);
    }
  }

  /**
   * A task is flapping when its severity changed {@code changes} times within {@code within} (counted from the first
   * of those changes). It then gets one flapping alert, and none until its severity has not changed for
   * {@code within}.
   *
   * @param changes severity changes that make a task flapping, 2 to {@value #MAX_CHANGES}
   * @param within the window, 1 minute to 7 days; also how long a flapping task must stay stable
   */
  public record Flapping(int changes, Duration within) {
    /** The most changes a window can be asked to count. */
    public static final int MAX_CHANGES = 1000;

    /** Validates. */
    public Flapping {
      if (changes < 2 || changes > MAX_CHANGES) {
        throw new IllegalArgumentException("flapping changes must be 2 to " + MAX_CHANGES + ", got " + changes);
      }
      if (within == null || within.compareTo(Duration.ofMinutes(1)) < 0 || within.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("flapping within must be 1 minute to 7 days, got " + within);
      }
    }
  }
}
