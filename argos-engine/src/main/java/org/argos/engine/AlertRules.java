package org.argos.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.argos.api.AlertKind;
import org.argos.api.CheckResult;
import org.argos.api.Severity;
import org.argos.api.TaskState;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskRef;
import org.argos.api.store.Transition;
import org.argos.api.store.TransitionRule;
import org.argos.engine.internal.Slots;
import org.jspecify.annotations.Nullable;

/**
 * The task state machine: rechecks, retries before notification and alert decisions, as Argos does them, with our
 * improvements. The store calls it inside the transaction that records a result. With N = retries before notification:
 *
 * <ul>
 *   <li>a non-ok result with a recheck delay, when the recheck was not used yet, runs again after the delay (and
 *       uses the recheck); any other result runs again after the frequency (and frees the recheck);</li>
 *   <li>★ "after the frequency" is counted from when the run was due, not from when it finished, so a group keeps
 *       its place in the period. A run that finished more than {@value #ON_TIME_MILLIS} ms after it was due (a
 *       backlog after a pause or a restart, a slow site, {@code reschedule all}) goes to its group's own slot in the
 *       period (a hash of its key, where new groups start), no sooner than a period after it was due: a backlog
 *       leaves the fleet spread as it was, and a bunch spreads out over one period instead of coming back together
 *       every period (Argos runs again a frequency after the result);</li>
 *   <li>N = 0: every severity change notifies; N &gt; 0: a failure notifies when contiguous non-ok results reach
 *       N + 1;</li>
 *   <li>a recovery after a notified failure notifies at once; a recovery from a failure never notified is
 *       silent;</li>
 *   <li>a jump between two non-ok severities after a notification notifies at once;</li>
 *   <li>★ the first result of a task, when ok, is silent (Argos notifies it when N = 0);</li>
 *   <li>★ with a reminder interval, a task still failing is notified again each time that interval has passed since
 *       its last notification.</li>
 * </ul>
 */
public final class AlertRules implements TransitionRule {
  /** A run that finishes within this long of its due time keeps its place in the period. */
  static final long ON_TIME_MILLIS = 1000;

  private final @Nullable Duration reminderInterval;

  /** Rules without reminders. */
  public AlertRules() {
    this(null);
  }

  /** @param reminderInterval re-notify a still-failing task this often, or null for never */
  public AlertRules(@Nullable Duration reminderInterval) {
    if (reminderInterval != null && (reminderInterval.isNegative() || reminderInterval.isZero())) {
      throw new IllegalArgumentException("reminder interval must be positive, got " + reminderInterval);
    }
    this.reminderInterval = reminderInterval;
  }

  @Override
  public Transition apply(ClaimedGroup group, TaskRef task, @Nullable TaskState prev, CheckResult result, Instant at) {
    return decide(group.request()::key, group.dueAt(), group.policy(), prev, result, at);
  }

  /**
   * The rule on its own, for tests and tools, for a run that was on time (due when its result was produced).
   *
   * @param policy the group's policy
   * @param prev the task's state, or null before its first result
   * @param result the new result
   * @param at when the result was produced
   * @return the transition
   */
  public Transition decide(SchedulePolicy policy, @Nullable TaskState prev, CheckResult result, Instant at) {
    return decide(() -> "", at, policy, prev, result, at);
  }

  /** @param groupKey the group's key, asked for only when the run was late (it is built from the request) */
  Transition decide(Supplier<String> groupKey, Instant dueAt, SchedulePolicy policy, @Nullable TaskState prev,
      CheckResult result, Instant at) {
    Severity sev = result.severity();
    boolean ok = sev == Severity.OK;
    boolean changed = prev == null || prev.severity() != sev;
    int contiguous = ok ? 0 : (prev == null ? 0 : prev.contiguousFailures()) + 1;

    boolean retried = prev != null && prev.alreadyRetried();
    Instant nextRun;
    boolean alreadyRetried;
    if (!ok && policy.recheckDelay() != null && !retried) {
      nextRun = at.plus(policy.recheckDelay());
      alreadyRetried = true;
    } else {
      nextRun = regularRun(groupKey, dueAt, policy.frequency(), at);
      alreadyRetried = false;
    }

    Severity notified = prev == null ? null : prev.notifiedSeverity();
    Instant notifiedAt = prev == null ? null : prev.notifiedAt();
    AlertKind alert = null;
    if (ok) {
      if (notified != null && notified != Severity.OK) {
        alert = AlertKind.STATE_CHANGE; // recovery after a notified failure
      }
      notified = null;
      notifiedAt = null;
    } else if (notified == null) {
      if (contiguous >= policy.retryBeforeNotification() + 1) {
        alert = AlertKind.STATE_CHANGE;
      }
    } else if (notified != sev) {
      alert = AlertKind.STATE_CHANGE; // jump between two non-ok severities
    } else if (reminderInterval != null && notifiedAt != null && !at.isBefore(notifiedAt.plus(reminderInterval))) {
      alert = AlertKind.REMINDER;
    }
    if (alert != null && !ok) {
      notified = sev;
      notifiedAt = at;
    }

    TaskState next = new TaskState(sev, result.status(), result.message(), at, changed ? at : prev.severitySince(),
        contiguous, alreadyRetried, notified, notifiedAt);
    return new Transition(next, changed, alert, nextRun);
  }

  /**
   * When a group runs next after the frequency: a period after it was due when the run was on time; otherwise its
   * first slot ({@link Slots}) that is at least a period after it was due and half a period after the result. New
   * groups start on their slot, so a group run a little late simply keeps its place; one moved off its slot
   * ({@code reschedule all}, a recheck) returns to it the first time it runs late.
   */
  static Instant regularRun(Supplier<String> key, Instant dueAt, Duration frequency, Instant at) {
    if (frequency.toMillis() <= 0) {
      return at.plus(frequency);
    }
    if (!at.isAfter(dueAt.plusMillis(ON_TIME_MILLIS))) {
      return dueAt.plus(frequency);
    }
    // never before the run would have come on the due grid (re-spreading must not add runs while a backlog
    // drains), and, after a long pause, not at once
    Instant earliest = dueAt.plus(frequency);
    Instant halfAfter = at.plus(frequency.dividedBy(2));
    return Slots.atOrAfter(earliest.isAfter(halfAfter) ? earliest : halfAfter, Slots.offset(key.get(), frequency),
        frequency);
  }
}
