package org.argos.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The part of a task's state that the alert lifecycle keeps ({@link AlertLifecycle}): a bounded amount per task.
 *
 * @param okInARow ok results in a row while a failing task has not reached its success threshold (0 otherwise)
 * @param changes severity changes counted in the current flapping window
 * @param changesSince when the current flapping window began (its first change), or null
 * @param flapping whether the task is flapping (its alerts are held until it is stable)
 * @param ackedAt when someone acknowledged the failure, or null; cleared on recovery
 * @param ackedBy who acknowledged it (a user name, or {@code link} for a signed link), or null
 */
public record TaskLifecycle(
    int okInARow,
    int changes,
    @Nullable Instant changesSince,
    boolean flapping,
    @Nullable Instant ackedAt,
    @Nullable String ackedBy) {
  /** The longest acknowledger name kept. */
  public static final int MAX_ACKED_BY = 200;

  /** Nothing counted, not flapping, not acknowledged. */
  public static final TaskLifecycle NONE = new TaskLifecycle(0, 0, null, false, null, null);

  /** Validates. */
  public TaskLifecycle {
    if (okInARow < 0 || changes < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    if ((ackedAt == null) != (ackedBy == null)) {
      throw new IllegalArgumentException("an acknowledgement needs both when and who");
    }
    if (ackedBy != null && ackedBy.length() > MAX_ACKED_BY) {
      ackedBy = ackedBy.substring(0, MAX_ACKED_BY);
    }
  }

  /** @return whether the task's failure is acknowledged */
  public boolean acknowledged() {
    return ackedAt != null;
  }

  /** @param at when @param by who @return this state acknowledged */
  public TaskLifecycle acknowledge(Instant at, String by) {
    return new TaskLifecycle(okInARow, changes, changesSince, flapping, at, by);
  }

  /** @return this state without acknowledgement */
  public TaskLifecycle unacknowledge() {
    return new TaskLifecycle(okInARow, changes, changesSince, flapping, null, null);
  }
}
