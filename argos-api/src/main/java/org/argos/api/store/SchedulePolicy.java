package org.argos.api.store;

import java.time.Duration;
import org.argos.api.AlertLifecycle;
import org.jspecify.annotations.Nullable;

/**
 * How a request group is rescheduled and when its tasks alert; taken from its site.
 *
 * @param frequency the normal interval
 * @param recheckDelay delay of the single recheck after a non-ok result, or null
 * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
 * @param lifecycle success threshold and flapping detection; never null
 */
public record SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
    AlertLifecycle lifecycle) {
  /** A null lifecycle is {@link AlertLifecycle#DEFAULT}. */
  public SchedulePolicy {
    if (lifecycle == null) {
      lifecycle = AlertLifecycle.DEFAULT;
    }
  }

  /** A policy with the default lifecycle (recovery at the first ok, no flapping detection). */
  public SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification) {
    this(frequency, recheckDelay, retryBeforeNotification, AlertLifecycle.DEFAULT);
  }
}
