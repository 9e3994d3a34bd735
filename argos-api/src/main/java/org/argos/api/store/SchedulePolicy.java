package org.argos.api.store;

import java.time.Duration;
import org.argos.api.Quorum;
import org.jspecify.annotations.Nullable;

/**
 * How a request group is rescheduled and when its tasks alert; taken from its site.
 *
 * @param frequency the normal interval
 * @param recheckDelay delay of the single recheck after a non-ok result, or null
 * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
 * @param quorum the locations each run runs in and how many must agree ({@link Quorum#DEFAULT} when null)
 */
public record SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
    Quorum quorum) {
  /** Defaults the quorum. */
  public SchedulePolicy {
    quorum = quorum == null ? Quorum.DEFAULT : quorum;
  }

  /**
   * A policy checked from the default location only.
   *
   * @param frequency the normal interval
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
   */
  public SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification) {
    this(frequency, recheckDelay, retryBeforeNotification, Quorum.DEFAULT);
  }
}
