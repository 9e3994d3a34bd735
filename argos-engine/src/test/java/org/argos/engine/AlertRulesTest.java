package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.AlertKind;
import org.argos.api.CheckResult;
import org.argos.api.Severity;
import org.argos.api.TaskState;
import org.argos.api.spi.SchedulePolicy;
import org.argos.api.spi.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The alert rules of DESIGN.md, row by row. Time is explicit: each result is one frequency after the previous one,
 * no clock, no sleeps.
 */
class AlertRulesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration FREQ = Duration.ofMinutes(5);

  /** Feeds a sequence of severities and returns the alert decided after each (- for none, A for state change, R for reminder). */
  private static String run(AlertRules rules, SchedulePolicy policy, String severities) {
    TaskState state = null;
    Instant at = T0;
    List<String> out = new ArrayList<>();
    for (String s : severities.split(" ")) {
      Severity sev = switch (s) {
        case "ok" -> Severity.OK;
        case "warn" -> Severity.WARNING;
        case "crit" -> Severity.CRITICAL;
        case "unk" -> Severity.UNKNOWN;
        default -> throw new IllegalArgumentException(s);
      };
      CheckResult r = sev == Severity.OK ? CheckResult.success() : CheckResult.failure("x").withSeverity(sev);
      Transition t = rules.decide(policy, state, r, at);
      out.add(t.alert() == null ? "-" : t.alert() == AlertKind.REMINDER ? "R" : "A");
      state = t.next();
      at = t.nextRun();
    }
    return String.join(" ", out);
  }

  @ParameterizedTest(name = "N={0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // N = 0: every severity change notifies; ★ a first result that is ok is silent
      "0 | ok ok crit crit ok ok            | - - A - A -",
      "0 | crit crit ok                     | A - A",
      "0 | ok warn crit warn ok             | - A A A A",
      "0 | ok unk unk ok                    | - A - A",
      // N > 0: notify when contiguous non-ok results reach N+1
      "1 | ok crit crit crit ok             | - - A - A",
      "2 | ok crit crit crit crit ok        | - - - A - A",
      "2 | ok crit crit ok                  | - - - -",       // recovery from a failure never notified is silent
      "2 | ok warn crit crit ok             | - - - A A",     // contiguous counts across non-ok severities
      // a jump between two non-ok severities after a notification notifies at once
      "2 | ok crit crit crit warn unk ok    | - - - A A A A",
      // a new failure episode starts counting again
      "1 | ok crit crit ok crit ok crit crit | - - A A - - - A",
  })
  void alertsFollowTheRulesTable(int retries, String severities, String expected) {
    SchedulePolicy policy = new SchedulePolicy(FREQ, null, retries);
    assertThat(run(new AlertRules(), policy, severities.trim())).isEqualTo(expected.trim());
  }

  @Test
  void remindersRepeatWhileStillFailing() {
    // one result every 5 minutes, reminder every 12 minutes: reminded at the 3rd failing result after the alert
    SchedulePolicy policy = new SchedulePolicy(FREQ, null, 0);
    assertThat(run(new AlertRules(Duration.ofMinutes(12)), policy, "ok crit crit crit crit crit crit ok"))
        .isEqualTo("- A - - R - - A");
    assertThat(run(new AlertRules(), policy, "ok crit crit crit crit crit crit ok")).isEqualTo("- A - - - - - A");
  }

  @Test
  void aNonOkResultIsRecheckedOnceAfterTheRecheckDelay() {
    SchedulePolicy policy = new SchedulePolicy(FREQ, Duration.ofSeconds(30), 1);
    AlertRules rules = new AlertRules();
    Transition first = rules.decide(policy, null, CheckResult.failure("down"), T0);
    assertThat(first.nextRun()).isEqualTo(T0.plusSeconds(30));
    assertThat(first.next().alreadyRetried()).isTrue();
    assertThat(first.alert()).isNull(); // N = 1: one failure tolerated

    Transition second = rules.decide(policy, first.next(), CheckResult.failure("down"), first.nextRun());
    assertThat(second.nextRun()).isEqualTo(first.nextRun().plus(FREQ));
    assertThat(second.next().alreadyRetried()).isFalse();
    assertThat(second.alert()).isEqualTo(AlertKind.STATE_CHANGE);
    assertThat(second.next().contiguousFailures()).isEqualTo(2);

    Transition third = rules.decide(policy, second.next(), CheckResult.failure("down"), second.nextRun());
    assertThat(third.nextRun()).isEqualTo(second.nextRun().plusSeconds(30)); // as Argos: the recheck is used again
  }

  @Test
  void anOkResultRunsAgainAfterTheFrequencyAndResetsCounters() {
    SchedulePolicy policy = new SchedulePolicy(FREQ, Duration.ofSeconds(30), 0);
    AlertRules rules = new AlertRules();
    Transition fail = rules.decide(policy, null, CheckResult.failure("down"), T0);
    Transition ok = rules.decide(policy, fail.next(), CheckResult.success(), T0.plusSeconds(30));
    assertThat(ok.nextRun()).isEqualTo(T0.plusSeconds(30).plus(FREQ));
    assertThat(ok.next().contiguousFailures()).isZero();
    assertThat(ok.next().notifiedSeverity()).isNull();
    assertThat(ok.severityChanged()).isTrue();
    assertThat(ok.next().severitySince()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void historyRecordsChangesOnly() {
    SchedulePolicy policy = new SchedulePolicy(FREQ, null, 0);
    AlertRules rules = new AlertRules();
    Transition first = rules.decide(policy, null, CheckResult.success(), T0);
    assertThat(first.severityChanged()).isTrue(); // the first result starts the history
    Transition same = rules.decide(policy, first.next(), CheckResult.success(), T0.plus(FREQ));
    assertThat(same.severityChanged()).isFalse();
    assertThat(same.next().severitySince()).isEqualTo(T0);
  }

  @Test
  void anOnTimeRunKeepsItsPlaceInThePeriod() {
    // finished 800 ms after it was due (a slow page): the next run is a period after the due time, not the result
    Instant due = T0.plusSeconds(17);
    assertThat(AlertRules.regularRun(42, due, FREQ, due.plusMillis(800))).isEqualTo(due.plus(FREQ));
    SchedulePolicy policy = new SchedulePolicy(FREQ, null, 0);
    Transition t = new AlertRules().decide(42, due, policy, null, CheckResult.success(), due.plusMillis(800));
    assertThat(t.nextRun()).isEqualTo(due.plus(FREQ));
  }

  @Test
  void aLateRunMovesToItsGroupsSlotNoSoonerThanThePeriodAndHalfAPeriodAfterTheResult() {
    Instant due = T0;
    Instant at = T0.plusSeconds(200); // a backlog: run 200 s late
    Instant next = AlertRules.regularRun(7, due, FREQ, at);
    assertThat(next).isAfterOrEqualTo(at.plus(FREQ.dividedBy(2))).isBefore(at.plus(FREQ.multipliedBy(3).dividedBy(2)));
    // a little late: the slot comes no sooner than the due grid would have, so re-spreading a backlog adds no run
    Instant slightly = AlertRules.regularRun(7, due, FREQ, due.plusSeconds(25));
    assertThat(slightly).isAfterOrEqualTo(due.plus(FREQ)).isBefore(due.plus(FREQ.multipliedBy(2)));
    assertThat(Duration.between(next, slightly).toMillis() % FREQ.toMillis()).isZero();
    // the slot is the group's own: the same wherever in the period the late result came
    Instant later = AlertRules.regularRun(7, due, FREQ, at.plusSeconds(97));
    assertThat(Duration.between(next, later).toMillis() % FREQ.toMillis()).isZero();
    // and a group on its slot is on time there, so it stays on it, even when each run finishes seconds late
    Instant after = AlertRules.regularRun(7, next, FREQ, next.plusSeconds(3));
    assertThat(after).isEqualTo(next.plus(FREQ));
    assertThat(AlertRules.regularRun(7, after, FREQ, after)).isEqualTo(after.plus(FREQ));
  }

  @Test
  void aBunchOfLateGroupsSpreadsOverOnePeriod() {
    // 10,000 groups all due at T0 (reschedule all, or a pause) and run within a second: their next runs cover the period
    int groups = 10_000;
    int[] perTenth = new int[10];
    Instant first = T0.plus(FREQ);
    for (int id = 1; id <= groups; id++) {
      Instant at = T0.plusMillis(1000 + id / 10);
      Instant next = AlertRules.regularRun(id, T0, FREQ, at);
      long sinceFirst = Duration.between(first, next).toMillis();
      assertThat(sinceFirst).isBetween(0L, FREQ.toMillis() - 1);
      perTenth[(int) Math.min(9, sinceFirst * 10 / FREQ.toMillis())]++;
    }
    // with run-after-the-result they would all fall in the first tenth; spread, each tenth holds about 1,000
    for (int n : perTenth) {
      assertThat(n).isBetween(850, 1150);
    }
  }

  @Test
  void aRecheckIsCountedFromTheResultAndTheFollowingRunFromItsDueTime() {
    SchedulePolicy policy = new SchedulePolicy(FREQ, Duration.ofSeconds(30), 0);
    AlertRules rules = new AlertRules();
    Transition fail = rules.decide(3, T0, policy, null, CheckResult.failure("down"), T0.plusMillis(400));
    assertThat(fail.nextRun()).isEqualTo(T0.plusMillis(400).plusSeconds(30));
    Transition ok = rules.decide(3, fail.nextRun(), policy, fail.next(), CheckResult.success(),
        fail.nextRun().plusMillis(300));
    assertThat(ok.nextRun()).isEqualTo(fail.nextRun().plus(FREQ));
  }
}
