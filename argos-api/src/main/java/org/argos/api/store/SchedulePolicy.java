package org.argos.api.store;

import java.time.Duration;
import org.argos.api.Quorum;
import org.argos.api.AlertLifecycle;
import org.jspecify.annotations.Nullable;

/**
 * How a request group is rescheduled and when its tasks alert; taken from its site.
 *
 * @param frequency the normal interval
 * @param recheckDelay delay of the single recheck after a non-ok result, or null
 * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
 * @param quorum the locations each run runs in and how many must agree ({@link Quorum#DEFAULT} when null)
 * @param lifecycle success threshold and flapping detection ({@link AlertLifecycle#DEFAULT} when null)
 */
public record SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
    Quorum quorum, AlertLifecycle lifecycle) {
  /** Defaults the quorum and the lifecycle. */
  public SchedulePolicy {
    quorum = quorum == null ? Quorum.DEFAULT : quorum;
    if (lifecycle == null) {
      lifecycle = AlertLifecycle.DEFAULT;
    }
  }

  /**
   * A policy checked from the given locations, with the default lifecycle.
   *
   * @param frequency the normal interval
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
   * @param quorum the locations and how many must agree
   */
  public SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
      Quorum quorum) {
    this(frequency, recheckDelay, retryBeforeNotification, quorum, AlertLifecycle.DEFAULT);
  }

  /**
   * A policy checked from the default location only, with the given lifecycle.
   *
   * @param frequency the normal interval
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
   * @param lifecycle success threshold and flapping detection
   */
  public SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
      AlertLifecycle lifecycle) {
    this(frequency, recheckDelay, retryBeforeNotification, Quorum.DEFAULT, lifecycle);
  }

  /**
   * A policy checked from the default location only, with the default lifecycle.
   *
   * @param frequency the normal interval
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
   */
  public SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification) {
    this(frequency, recheckDelay, retryBeforeNotification, Quorum.DEFAULT, AlertLifecycle.DEFAULT);
  }
}
