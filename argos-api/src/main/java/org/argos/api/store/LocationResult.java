package org.argos.api.store;

import java.time.Instant;
import org.argos.api.Severity;

/**
 * One location's latest result for a task checked from several locations ({@link org.argos.api.Quorum}); the task's
 * own state holds the verdict.
 *
 * @param taskId the task
 * @param location where the result was produced
 * @param severity its severity
 * @param message its message (at most {@link org.argos.api.CheckResult#MAX_MESSAGE} characters)
 * @param at when it was produced
 */
public record LocationResult(long taskId, String location, Severity severity, String message, Instant at) {
  /** Validates. */
  public LocationResult {
    org.argos.api.Quorum.checkName(location);
    if (severity == null || at == null) {
      throw new IllegalArgumentException("task " + taskId + ": severity and time are required");
    }
    message = message == null ? "" : message.length() <= 1_000 ? message : message.substring(0, 1_000);
  }
}
