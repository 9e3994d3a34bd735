package org.argos.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The current state of a task, updated in place after each result. The store keeps one per task; status pages and
 * alert rules read it, never the raw history.
 *
 * @param severity severity of the last result
 * @param status status of the last result
 * @param message message of the last result
 * @param lastRunAt when the last result was produced
 * @param severitySince when the severity last changed
 * @param contiguousFailures how many non-ok results in a row (0 after an ok)
 * @param alreadyRetried whether the recheck after a non-ok result has been used
 * @param notifiedSeverity the severity of the last alert sent for this task, or null if none since the last ok
 * @param notifiedAt when that alert was decided
 * @param lifecycle what the alert lifecycle keeps (success threshold, flapping, acknowledgement); never null
 */
public record TaskState(
    Severity severity,
    ResultStatus status,
    String message,
    Instant lastRunAt,
    Instant severitySince,
    int contiguousFailures,
    boolean alreadyRetried,
    @Nullable Severity notifiedSeverity,
    @Nullable Instant notifiedAt,
    TaskLifecycle lifecycle) {
  /** A null lifecycle is {@link TaskLifecycle#NONE}. */
  public TaskState {
    if (lifecycle == null) {
      lifecycle = TaskLifecycle.NONE;
    }
  }

  /** A state without lifecycle data ({@link TaskLifecycle#NONE}), as before the alert lifecycle. */
  public TaskState(Severity severity, ResultStatus status, String message, Instant lastRunAt, Instant severitySince,
      int contiguousFailures, boolean alreadyRetried, @Nullable Severity notifiedSeverity,
      @Nullable Instant notifiedAt) {
    this(severity, status, message, lastRunAt, severitySince, contiguousFailures, alreadyRetried, notifiedSeverity,
        notifiedAt, TaskLifecycle.NONE);
  }

  /** @param lifecycle the new lifecycle data @return this state with it */
  public TaskState withLifecycle(TaskLifecycle lifecycle) {
    return new TaskState(severity, status, message, lastRunAt, severitySince, contiguousFailures, alreadyRetried,
        notifiedSeverity, notifiedAt, lifecycle);
  }
}
