package org.argos.api.store;

import org.argos.api.CheckResult;
import org.jspecify.annotations.Nullable;

/**
 * The result of one task in a group run.
 *
 * @param taskId the task
 * @param result its result
 * @param resultId the id the stored result row must have, reserved beforehand with {@link RunStore#reserveResultIds}
 *     (so that whoever reported the result can be told its id before the batch is written); null to let the store
 *     number it
 * @param producedBy who produced the result when it was not the node that ran the group (a remote agent's id), kept
 *     as {@link StoredResult#node()}; null for the node of the {@link CompletedRun}. At most 200 characters.
 */
public record TaskOutcome(long taskId, CheckResult result, @Nullable Long resultId, @Nullable String producedBy) {
  /** Validates. */
  public TaskOutcome {
    if (result == null) {
      throw new IllegalArgumentException("task " + taskId + ": result is required");
    }
    if (resultId != null && resultId <= 0) {
      throw new IllegalArgumentException("task " + taskId + ": a reserved result id is positive, got " + resultId);
    }
    if (producedBy != null && (producedBy.isBlank() || producedBy.length() > 200)) {
      throw new IllegalArgumentException("task " + taskId + ": producedBy must be 1 to 200 characters, got '"
          + producedBy + "'");
    }
  }

  /**
   * A result produced by the node that ran the group, numbered by the store.
   *
   * @param taskId the task
   * @param result its result
   */
  public TaskOutcome(long taskId, CheckResult result) {
    this(taskId, result, null, null);
  }
}
