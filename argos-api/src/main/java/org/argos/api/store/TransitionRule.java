package org.argos.api.store;

import java.time.Instant;
import org.argos.api.CheckResult;
import org.argos.api.TaskState;
import org.jspecify.annotations.Nullable;

/**
 * The engine's state machine, called by the store inside the transaction that records a result, so the new state,
 * the history line and the alert are written together (and an alert is decided once even with several nodes).
 * Must be a pure function.
 */
@FunctionalInterface
public interface TransitionRule {
  /**
   * @param group the group the task belongs to (its policy drives rechecks and retries)
   * @param task the task
   * @param previous the task's current state, or null if it never ran
   * @param result the new result
   * @param at when the result was produced
   * @return the new state, whether to record a state change, the alert to raise, and the task's next run
   */
  Transition apply(ClaimedGroup group, TaskRef task, @Nullable TaskState previous, CheckResult result, Instant at);
}
