package org.argos.api.store;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a request group is rescheduled and when its tasks alert; taken from its site.
 *
 * @param frequency the normal interval
 * @param recheckDelay delay of the single recheck after a non-ok result, or null
 * @param retryBeforeNotification contiguous non-ok results tolerated before alerting
 */
public record SchedulePolicy(Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification) {}
