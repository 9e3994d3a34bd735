package org.argos.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.argos.api.AlertKind;
import org.argos.api.AlertLifecycle;
import org.argos.api.CheckResult;
import org.argos.api.Severity;
import org.argos.api.TaskLifecycle;
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
 *       its last notification, unless its failure is acknowledged (an acknowledgement ends when the task
 *       recovers);</li>
 *   <li>★ with a success threshold S &gt; 1 ({@link AlertLifecycle}), a failing task recovers at its S-th ok result
 *       in a row; before that it keeps its failing severity, status, message and "since", with no alert (its state
 *       counts the ok results, {@link TaskLifecycle#okInARow()});</li>
 *   <li>★ with flapping detection, the severity change that makes {@code changes} within {@code within} (counted
 *       from the first of them) raises one {@link AlertKind#FLAPPING} alert instead of its own; the task then
 *       raises nothing until it has kept one severity for {@code within}, when it raises one state change with
 *       that severity (receivers last heard "flapping", whatever they heard before).</li>
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
    AlertLifecycle rules = policy.lifecycle();
    TaskLifecycle life = prev == null ? TaskLifecycle.NONE : prev.lifecycle();
    // ★ Success threshold: a failing task's ok results count as a recovery only when enough come in a row; until
    // then the task keeps its failing severity, status and message (only its last run moves).
    boolean recovering = result.severity() == Severity.OK && prev != null && prev.severity() != Severity.OK
        && life.okInARow() + 1 < rules.successThreshold();
    Severity sev = recovering ? prev.severity() : result.severity();
    boolean ok = sev == Severity.OK;
    boolean changed = prev == null || prev.severity() != sev;
    int contiguous = ok ? 0 : recovering ? prev.contiguousFailures() : (prev == null ? 0 : prev.contiguousFailures()) + 1;

    boolean retried = prev != null && prev.alreadyRetried();
    Instant nextRun;
    boolean alreadyRetried;
    if (!ok && !recovering && policy.recheckDelay() != null && !retried) {
      nextRun = at.plus(policy.recheckDelay());
      alreadyRetried = true;
    } else {
      nextRun = regularRun(groupKey, dueAt, policy.frequency(), at);
      alreadyRetried = recovering && retried;
    }

    Severity told = prev == null ? null : prev.notifiedSeverity();
    Severity notified = told;
    Instant notifiedAt = prev == null ? null : prev.notifiedAt();
    AlertKind alert = null;
    if (recovering) {
      // still failing, and no reminder either: the task is on its way back
    } else if (ok) {
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
    } else if (reminderInterval != null && notifiedAt != null && !at.isBefore(notifiedAt.plus(reminderInterval))
        && !life.acknowledged()) {
      alert = AlertKind.REMINDER; // ★ an acknowledged failure gets no reminders
    }
    if (alert != null && !ok) {
      notified = sev;
      notifiedAt = at;
    }

    // ★ Flapping: too many severity changes in a window give one flapping alert, then nothing until the task has
    // kept one severity for the window; then its state, when it is not what receivers were last told.
    int changes = 0;
    Instant changesSince = null;
    boolean flapping = false;
    AlertLifecycle.Flapping f = rules.flapping();
    if (f != null) {
      changes = life.changes();
      changesSince = life.changesSince();
      flapping = life.flapping();
      if (changed && prev != null) {
        if (changesSince == null || at.isAfter(changesSince.plus(f.within()))) {
          changesSince = at;
          changes = 1;
        } else {
          changes = Math.min(changes + 1, AlertLifecycle.Flapping.MAX_CHANGES);
        }
      }
      if (flapping) {
        Instant stableSince = changed ? at : prev.severitySince();
        notified = told;
        notifiedAt = prev.notifiedAt();
        alert = null;
        if (!at.isBefore(stableSince.plus(f.within()))) {
          flapping = false;
          changes = 0;
          changesSince = null;
          // receivers last heard "flapping": tell them it is stable, and in which state, whatever they heard before
          alert = AlertKind.STATE_CHANGE;
          notified = ok ? null : sev;
          notifiedAt = ok ? null : at;
        }
      } else if (changes >= f.changes()) {
        flapping = true;
        alert = AlertKind.FLAPPING; // instead of this change's alert; receivers still were last told `told`
        notified = told;
        notifiedAt = prev.notifiedAt();
      }
    }

    // an acknowledgement lasts until the task recovers
    boolean acked = life.acknowledged() && !ok;
    TaskLifecycle nextLife = new TaskLifecycle(recovering ? life.okInARow() + 1 : 0, changes, changesSince, flapping,
        acked ? life.ackedAt() : null, acked ? life.ackedBy() : null);
    if (nextLife.equals(TaskLifecycle.NONE)) {
      nextLife = TaskLifecycle.NONE; // shared: the in-memory store keeps a million states
    }
    TaskState next = recovering
        ? new TaskState(sev, prev.status(), prev.message(), at, prev.severitySince(), contiguous, alreadyRetried,
            notified, notifiedAt, nextLife)
        : new TaskState(sev, result.status(), result.message(), at, changed ? at : prev.severitySince(), contiguous,
            alreadyRetried, notified, notifiedAt, nextLife);
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
