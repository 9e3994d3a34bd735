package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.argos.api.CheckResult;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.TaskStatus;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.DomainUptime;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.Retention;
import org.argos.api.store.RetentionPolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeDay;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;
import org.junit.jupiter.api.Test;

/**
 * The store contract on uptime (issue 20 §4): the {@link Uptime} capability sums, per UTC day, the time each task
 * spent in each severity between its state changes, from its first result up to {@code now}; a site, a tag, a set of
 * sites and a tenant sum their tasks; incidents count the changes from up to down; and none of it depends on how many
 * raw results or state changes the store still keeps. {@link org.argos.testkit.StoreCompatibilityKit} runs it with the
 * others.
 */
public interface UptimeContract extends StoreKit {
  /** The first day of the scenarios, {@link StoreKitSupport#T0}'s. */
  LocalDate DAY0 = LocalDate.of(2026, 1, 1);

  private Uptime uptime() {
    return store().capability(Uptime.class).orElseThrow();
  }

  private static Instant hour(double h) {
    return T0.plusMillis((long) (h * 3_600_000));
  }

  private static long hours(double h) {
    return (long) (h * 3_600_000);
  }

  /**
   * Runs each group of the domain due at {@code at}, its tasks getting the severity given for their check type (ok
   * when none is given); other domains' groups are released untouched.
   */
  private void runAt(String domain, Instant at, Map<String, Severity> byCheck) {
    List<ClaimedGroup> claimed = store().claimDue("n1", at, at, 1000, at.plusSeconds(60));
    List<CompletedRun> runs = new ArrayList<>();
    List<Long> others = new ArrayList<>();
    for (ClaimedGroup g : claimed) {
      if (!g.domain().equals(domain)) {
        others.add(g.groupId());
        continue;
      }
      List<TaskOutcome> outcomes = new ArrayList<>();
      for (TaskRef t : g.tasks()) {
        Severity s = byCheck.getOrDefault(t.check().type(), Severity.OK);
        ResultStatus st = s == Severity.OK ? ResultStatus.SUCCESS
            : s == Severity.UNKNOWN ? ResultStatus.ERROR : ResultStatus.FAILURE;
        outcomes.add(new TaskOutcome(t.taskId(), new CheckResult(st, s, "uptime kit " + s.label(), Map.of(), null)));
      }
      runs.add(new CompletedRun("n1", g, new GroupOutcome(g.groupId(), at, at, outcomes)));
    }
    if (!others.isEmpty()) {
      store().release("n1", others);
    }
    assertThat(runs).as("a group of %s due at %s", domain, at).isNotEmpty();
    store().complete(runs, simpleRule());
  }

  private long taskId(String domain, String checkType) {
    return store().tasks(domain).stream().filter(t -> t.check().type().equals(checkType))
        .mapToLong(TaskStatus::taskId).findFirst().orElseThrow();
  }

  /**
   * Site a (tag prod): status-is ok at 06:00, critical at 22:00, ok again at 02:00 the next day; body-contains ok
   * throughout. Site b (tag prod): critical from its first result at 00:00. Site c: registered, never run.
   */
  private void scenario() {
    store().register(plan(site("https://a.example", "status-is", "body-contains").toBuilder().tags("prod").build(),
        T0), T0);
    store().register(plan(site("https://b.example", "status-is").toBuilder().tags("prod").build(), T0), T0);
    store().register(plan(site("https://c.example", "status-is"), T0.plus(Duration.ofDays(30))), T0);
    runAt("https://b.example", hour(0), Map.of("status-is", Severity.CRITICAL));
    runAt("https://a.example", hour(6), Map.of());
    runAt("https://a.example", hour(22), Map.of("status-is", Severity.CRITICAL));
    runAt("https://a.example", hour(26), Map.of());
  }

  /** Today (day 1) at noon. */
  Instant NOW = T0.plus(Duration.ofHours(36));

  /** Day 0 and day 1. */
  UptimeWindow TWO_DAYS = new UptimeWindow(DAY0, DAY0.plusDays(2));

  @Test
  default void aTaskIsUpBetweenItsStateChangesFromItsFirstResultUntilNow() {
    scenario();
    UptimeTotals status = uptime().ofTask(taskId("https://a.example", "status-is"), TWO_DAYS, NOW);
    // ok 06:00-22:00 and 02:00-12:00 (the open interval, until now), critical 22:00-02:00; nothing before 06:00
    assertThat(status).isEqualTo(new UptimeTotals(hours(16 + 10), 0, hours(4), 0, 1));
    assertThat(status.availability()).hasValue(26.0 / 30);
    UptimeTotals body = uptime().ofTask(taskId("https://a.example", "body-contains"), TWO_DAYS, NOW);
    assertThat(body).isEqualTo(new UptimeTotals(hours(30), 0, 0, 0, 0));
    assertThat(body.availability()).hasValue(1.0);
  }

  @Test
  default void aSiteSumsItsTasksAndATaskWithoutResultCountsNowhere() {
    scenario();
    assertThat(uptime().ofDomain("https://a.example", TWO_DAYS, NOW))
        .isEqualTo(new UptimeTotals(hours(56), 0, hours(4), 0, 1));
    assertThat(uptime().ofDomain("https://b.example", TWO_DAYS, NOW))
        .isEqualTo(new UptimeTotals(0, 0, hours(36), 0, 0));
    UptimeTotals pending = uptime().ofDomain("https://c.example", TWO_DAYS, NOW);
    assertThat(pending).isEqualTo(UptimeTotals.NONE);
    assertThat(pending.availability()).isEmpty();
    assertThat(uptime().ofDomain("https://nowhere.example", TWO_DAYS, NOW)).isEqualTo(UptimeTotals.NONE);
    assertThat(uptime().ofTask(987_654_321L, TWO_DAYS, NOW)).isEqualTo(UptimeTotals.NONE);
  }

  @Test
  default void eachDayOfTheSeriesHoldsItsShareOfTheIntervals() {
    scenario();
    List<UptimeDay> days = uptime().daily("https://a.example", new UptimeWindow(DAY0.minusDays(1), DAY0.plusDays(3)),
        NOW);
    assertThat(days).extracting(UptimeDay::day)
        .containsExactly(DAY0.minusDays(1), DAY0, DAY0.plusDays(1), DAY0.plusDays(2));
    assertThat(days.get(0).totals()).isEqualTo(UptimeTotals.NONE); // before the first result
    // day 0: status-is ok 06-22, critical 22-24; body-contains ok 06-24; the incident is on the day it began
    assertThat(days.get(1).totals()).isEqualTo(new UptimeTotals(hours(16 + 18), 0, hours(2), 0, 1));
    // day 1 until now (noon): status-is critical 00-02, ok 02-12; body-contains ok 00-12
    assertThat(days.get(2).totals()).isEqualTo(new UptimeTotals(hours(10 + 12), 0, hours(2), 0, 0));
    assertThat(days.get(3).totals()).isEqualTo(UptimeTotals.NONE); // tomorrow
    assertThat(uptime().daily("https://nowhere.example", TWO_DAYS, NOW)).hasSize(2)
        .allSatisfy(d -> assertThat(d.totals()).isEqualTo(UptimeTotals.NONE));
  }

  @Test
  default void aWindowCountsOnlyItsOwnDaysAndNothingAfterNow() {
    scenario();
    long status = taskId("https://a.example", "status-is");
    assertThat(uptime().ofTask(status, new UptimeWindow(DAY0.plusDays(1), DAY0.plusDays(2)), NOW))
        .isEqualTo(new UptimeTotals(hours(10), 0, hours(2), 0, 0));
    assertThat(uptime().ofTask(status, new UptimeWindow(DAY0.minusDays(10), DAY0), NOW))
        .isEqualTo(UptimeTotals.NONE);
    assertThat(uptime().ofTask(status, new UptimeWindow(DAY0.plusDays(2), DAY0.plusDays(9)), NOW))
        .isEqualTo(UptimeTotals.NONE);
    // the same window read later: the open interval grows with now, the closed ones stay
    assertThat(uptime().ofTask(status, TWO_DAYS, hour(40)))
        .isEqualTo(new UptimeTotals(hours(16 + 14), 0, hours(4), 0, 1));
    assertThat(uptime().ofTask(status, TWO_DAYS, hour(100)))
        .isEqualTo(new UptimeTotals(hours(16 + 22), 0, hours(4), 0, 1));
  }

  @Test
  default void manySitesDaysAreReadAtOnceAsEachSiteReadsThem() {
    scenario();
    UptimeWindow w = new UptimeWindow(DAY0.minusDays(1), DAY0.plusDays(3));
    List<String> domains = List.of("https://b.example", "https://a.example", "https://nowhere.example");
    java.util.Map<String, List<UptimeDay>> all = uptime().daily(domains, w, NOW);
    assertThat(all.keySet()).containsExactlyElementsOf(domains);
    for (String d : domains) {
      assertThat(all.get(d)).as(d).isEqualTo(uptime().daily(d, w, NOW));
    }
    assertThat(uptime().daily(List.of(), w, NOW)).isEmpty();
  }

  @Test
  default void tagsSetsOfSitesAndTenantsSumTheirSites() {
    scenario();
    UptimeTotals a = uptime().ofDomain("https://a.example", TWO_DAYS, NOW);
    UptimeTotals b = uptime().ofDomain("https://b.example", TWO_DAYS, NOW);
    assertThat(uptime().ofTag("prod", TWO_DAYS, NOW)).isEqualTo(a.plus(b));
    assertThat(uptime().ofTag("none", TWO_DAYS, NOW)).isEqualTo(UptimeTotals.NONE);
    assertThat(uptime().ofDomains(List.of("https://a.example", "https://c.example", "https://nowhere.example"),
        TWO_DAYS, NOW)).isEqualTo(a);
    assertThat(uptime().ofDomains(List.of(), TWO_DAYS, NOW)).isEqualTo(UptimeTotals.NONE);
    // a config without tenants: every site is the default tenant's
    assertThat(uptime().ofTenant("default", TWO_DAYS, NOW)).isEqualTo(a.plus(b));
    assertThat(uptime().ofTenant("someone-else", TWO_DAYS, NOW)).isEqualTo(UptimeTotals.NONE);
  }

  @Test
  default void aReportHasOneLinePerSiteOfTheTenantByDomain() {
    scenario();
    assertThat(uptime().byDomain("default", TWO_DAYS, NOW)).containsExactly(
        new DomainUptime("https://a.example", 2, new UptimeTotals(hours(56), 0, hours(4), 0, 1)),
        new DomainUptime("https://b.example", 1, new UptimeTotals(0, 0, hours(36), 0, 0)),
        new DomainUptime("https://c.example", 1, UptimeTotals.NONE));
    assertThat(uptime().byDomain("someone-else", TWO_DAYS, NOW)).isEmpty();
  }

  @Test
  default void incidentsCountChangesFromUpToDownOnly() {
    store().register(plan(site("https://f.example", "status-is"), T0), T0);
    Severity[] steps = {Severity.OK, Severity.WARNING, Severity.CRITICAL, Severity.UNKNOWN, Severity.OK,
        Severity.UNKNOWN};
    for (int i = 0; i < steps.length; i++) {
      runAt("https://f.example", hour(i), Map.of("status-is", steps[i]));
    }
    // warning is up; critical then unknown is one incident; ok then unknown another
    assertThat(uptime().ofDomain("https://f.example", TWO_DAYS, hour(7)))
        .isEqualTo(new UptimeTotals(hours(2), hours(1), hours(1), hours(1 + 2), 2));
  }

  @Test
  default void uptimeDoesNotDependOnTheRawResultsOrHistoryStillKept() {
    store().register(plan(site("https://flap.example", "status-is"), T0), T0);
    // 80 results, each a state change, ten minutes apart: ok, critical, ok, ... (more than a store keeps by default)
    for (int i = 0; i < 80; i++) {
      runAt("https://flap.example", T0.plus(Duration.ofMinutes(10L * i)),
          Map.of("status-is", i % 2 == 0 ? Severity.OK : Severity.CRITICAL));
    }
    Instant now = T0.plus(Duration.ofHours(20));
    long task = taskId("https://flap.example", "status-is");
    // 40 ok intervals of 10 minutes; 39 closed critical ones and the open one, from the last result (at 13:10,
    // critical) until now; 40 incidents (each ok to critical)
    long okMs = 40 * Duration.ofMinutes(10).toMillis();
    long criticalMs = 39 * Duration.ofMinutes(10).toMillis() + Duration.ofHours(20).minusMinutes(790).toMillis();
    UptimeTotals expected = new UptimeTotals(okMs, 0, criticalMs, 0, 40);
    assertThat(uptime().ofTask(task, TWO_DAYS, now)).isEqualTo(expected);
    store().capability(Retention.class).ifPresent(r -> r.prune(
        new RetentionPolicy(Duration.ofMinutes(1), 1, Duration.ofMinutes(1), 7), now));
    assertThat(store().results(task, 1000)).hasSizeLessThan(80); // pruned, or bounded by the store itself
    assertThat(store().history(task, 1000)).hasSizeLessThan(80);
    assertThat(uptime().ofTask(task, TWO_DAYS, now)).isEqualTo(expected);
    assertThat(uptime().daily("https://flap.example", TWO_DAYS, now).get(0).totals()).isEqualTo(expected);
  }

  @Test
  default void anUnregisteredSiteHasNoUptimeLeft() {
    scenario();
    long status = taskId("https://a.example", "status-is");
    assertThat(store().unregister("https://a.example")).isTrue();
    assertThat(uptime().ofDomain("https://a.example", TWO_DAYS, NOW)).isEqualTo(UptimeTotals.NONE);
    assertThat(uptime().ofTask(status, TWO_DAYS, NOW)).isEqualTo(UptimeTotals.NONE);
    assertThat(uptime().ofTenant("default", TWO_DAYS, NOW))
        .isEqualTo(uptime().ofDomain("https://b.example", TWO_DAYS, NOW));
  }

  @Test
  default void aLongIntervalIsSplitIntoEveryDayItSpans() {
    store().register(plan(site("https://long.example", "status-is"), T0), T0);
    runAt("https://long.example", hour(12), Map.of("status-is", Severity.WARNING));
    runAt("https://long.example", hour(12 + 24 * 30), Map.of("status-is", Severity.OK)); // 30 days later, at noon
    Instant now = hour(24 * 31);
    List<UptimeDay> days = uptime().daily("https://long.example", new UptimeWindow(DAY0, DAY0.plusDays(31)), now);
    assertThat(days.get(0).totals()).isEqualTo(new UptimeTotals(0, hours(12), 0, 0, 0));
    IntStream.range(1, 30).forEach(i ->
        assertThat(days.get(i).totals()).as("day %d", i).isEqualTo(new UptimeTotals(0, hours(24), 0, 0, 0)));
    assertThat(days.get(30).totals()).isEqualTo(new UptimeTotals(hours(12), hours(12), 0, 0, 0));
    assertThat(uptime().ofDomain("https://long.example", UptimeWindow.lastDays(7, now), now))
        .isEqualTo(new UptimeTotals(hours(12), hours(5 * 24 + 12), 0, 0, 0)); // days 25 to 31, 31 not begun
  }

  @Test
  default void eachTaskKeepsTheDaysOfTheLongestWindowBehindItsLatestChange() {
    store().register(plan(site("https://old.example", "status-is"), T0), T0);
    runAt("https://old.example", hour(12), Map.of("status-is", Severity.WARNING));
    runAt("https://old.example", hour(12 + 24 * 500), Map.of("status-is", Severity.OK));
    Instant now = hour(24 * 501);
    // day 500's row and the 400 before it are kept: days 100 to 500
    assertThat(uptime().ofTask(taskId("https://old.example", "status-is"),
        new UptimeWindow(DAY0, DAY0.plusDays(UptimeWindow.MAX_DAYS)), now))
        .isEqualTo(new UptimeTotals(0, hours(300 * 24), 0, 0, 0));
    assertThat(uptime().ofDomain("https://old.example", new UptimeWindow(DAY0.plusDays(99), DAY0.plusDays(100)), now))
        .isEqualTo(UptimeTotals.NONE);
    assertThat(uptime().ofDomain("https://old.example", new UptimeWindow(DAY0.plusDays(100), DAY0.plusDays(101)), now))
        .isEqualTo(new UptimeTotals(0, hours(24), 0, 0, 0));
    assertThat(uptime().ofDomain("https://old.example", new UptimeWindow(DAY0.plusDays(500), DAY0.plusDays(501)), now))
        .isEqualTo(new UptimeTotals(hours(12), hours(12), 0, 0, 0));
  }

  @Test
  default void tooManyDomainsAtOnceAreRefused() {
    List<String> many = IntStream.rangeClosed(0, Uptime.MAX_DOMAINS).mapToObj(i -> "https://s" + i + ".example")
        .toList();
    assertThatThrownBy(() -> uptime().ofDomains(many, TWO_DAYS, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domains");
  }
}
