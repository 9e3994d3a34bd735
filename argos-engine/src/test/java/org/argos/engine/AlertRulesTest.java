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
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.Transition;
import org.argos.engine.internal.Slots;
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
    assertThat(AlertRules.regularRun(() -> "k", due, FREQ, due.plusMillis(800))).isEqualTo(due.plus(FREQ));
    SchedulePolicy policy = new SchedulePolicy(FREQ, null, 0);
    Transition t = new AlertRules().decide(() -> "k", due, policy, null, CheckResult.success(), due.plusMillis(800));
    assertThat(t.nextRun()).isEqualTo(due.plus(FREQ));
  }

  @Test
  void aGroupOnItsSlotThatRunsLateKeepsItsPlace() {
    // where new groups start (SitePlanner), and where a late run returns: a backlog changes no group's place
    Instant slot = Slots.atOrAfter(T0, Slots.offset("GET https://a.example/", FREQ), FREQ);
    assertThat(AlertRules.regularRun(() -> "GET https://a.example/", slot, FREQ, slot.plusSeconds(40)))
        .isEqualTo(slot.plus(FREQ));
    // more than half a period late: the slot after, not one at once
    assertThat(AlertRules.regularRun(() -> "GET https://a.example/", slot, FREQ, slot.plusSeconds(200)))
        .isEqualTo(slot.plus(FREQ.multipliedBy(2)));
  }

  @Test
  void aLateRunOffItsSlotGoesToItNoSoonerThanThePeriod() {
    String key = "GET https://b.example/";
    Instant due = T0; // off the slot: reschedule all, or a recheck before
    Instant at = T0.plusSeconds(25);
    Instant next = AlertRules.regularRun(() -> key, due, FREQ, at);
    assertThat(next).isAfterOrEqualTo(due.plus(FREQ)).isBefore(due.plus(FREQ.multipliedBy(2)));
    assertThat(Duration.between(Slots.atOrAfter(T0, Slots.offset(key, FREQ), FREQ), next).toMillis() % FREQ.toMillis())
        .isZero();
    // and then it is on its slot: on time or a little late, it stays there
    assertThat(AlertRules.regularRun(() -> key, next, FREQ, next.plusSeconds(3))).isEqualTo(next.plus(FREQ));
    // after a long pause, not at once: at least half a period after the result
    Instant afterPause = AlertRules.regularRun(() -> key, due, FREQ, T0.plus(Duration.ofHours(1)));
    assertThat(afterPause).isAfterOrEqualTo(T0.plus(Duration.ofHours(1)).plus(FREQ.dividedBy(2)));
  }

  @Test
  void aBunchOfLateGroupsSpreadsOverOnePeriod() {
    // 10,000 groups all due at T0 (reschedule all) and run within a second: their next runs cover the period
    int[] perTenth = new int[10];
    for (int i = 0; i < 10_000; i++) {
      Instant at = T0.plusMillis(1000 + i / 10);
      String key = "GET http://site" + i + ".bench/ok";
      Instant next = AlertRules.regularRun(() -> key, T0, FREQ, at);
      long sincePeriod = Duration.between(T0.plus(FREQ), next).toMillis();
      assertThat(sincePeriod).isBetween(0L, FREQ.toMillis() - 1);
      perTenth[(int) (sincePeriod * 10 / FREQ.toMillis())]++;
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
    Transition fail = rules.decide(() -> "k", T0, policy, null, CheckResult.failure("down"), T0.plusMillis(400));
    assertThat(fail.nextRun()).isEqualTo(T0.plusMillis(400).plusSeconds(30));
    Transition ok = rules.decide(() -> "k", fail.nextRun(), policy, fail.next(), CheckResult.success(),
        fail.nextRun().plusMillis(300));
    assertThat(ok.nextRun()).isEqualTo(fail.nextRun().plus(FREQ));
  }
}
