package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.Alert;
import org.argos.api.AlertRouting;
import org.argos.api.CheckResult;
import org.argos.api.Quorum;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.LocationUnavailable;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.LocationResult;
import org.argos.api.store.TaskOutcome;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §1: a site checked from several locations gets one run per location per period, each location's result
 * stored, and the k-of-n verdict as its severity; fewer than k failing is "partial" and not alerted; a location that
 * nobody runs in leaves n. Time moves by hand.
 */
class LocationQuorumTest {
  private static final Duration FREQ = Duration.ofMinutes(1);

  /** Answers for each location as the test says; a location set to null is unavailable (no agent there). */
  static final class LocatedExecutor implements ProbeExecutor {
    final Map<String, Severity> answers = new ConcurrentHashMap<>();
    /** Overrides for one domain in one location: "location domain". */
    final Map<String, Severity> byDomain = new ConcurrentHashMap<>();
    final List<String> ran = new CopyOnWriteArrayList<>();
    /** What each location says it connected to; none when absent. */
    final Map<String, org.argos.api.ProbePeer> peers = new ConcurrentHashMap<>();
    volatile ExecutorContext context;

    @Override
    public void start(ExecutorContext context) {
      this.context = context;
    }

    @Override
    public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
      ran.add(group.location());
      Severity s = byDomain.getOrDefault(group.location() + " " + group.domain(), answers.get(group.location()));
      if (s == null) {
        return CompletableFuture.failedFuture(new LocationUnavailable(group.location(), "no agent"));
      }
      CheckResult r = (s == Severity.OK ? CheckResult.success() : CheckResult.failure(group.location() + " says "
          + s.label())).withSeverity(s);
      Instant now = context.clock().instant();
      return CompletableFuture.completedFuture(new GroupOutcome(group.groupId(), now, now,
          group.tasks().stream().map(t -> new TaskOutcome(t.taskId(), r)).toList(), List.of(),
          peers.get(group.location())));
    }

    @Override
    public int capacity() {
      return 100;
    }
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final LocatedExecutor executor = new LocatedExecutor();
  private final List<Alert> received = new CopyOnWriteArrayList<>();
  private Argos argos;

  @AfterEach
  void close() {
    if (argos != null) {
      argos.close();
    }
  }

  private Argos start() {
    return start(List.of());
  }

  private Argos start(List<String> canaries) {
    Notifier recorder = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        received.addAll(n.alerts());
      }
    };
    argos = Argos.builder().clock(clock).executor(executor).probe(new FakeProbe()).install(new TestChecks.Status())
        .firstRunSpread(Duration.ZERO).claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500)
        .grouping(Duration.ZERO, 20).notifiers(recorder).routing(AlertRouting.all("ops")).canaries(canaries).build();
    argos.start();
    return argos;
  }

  private static Site site(String domain, Quorum quorum) {
    return Site.builder(domain).ipVersions(true, false).frequency(FREQ).quorum(quorum)
        .path("/", p -> p.check("test-status", 200)).build();
  }

  private TaskStatus task(String domain) {
    return argos.store().tasks(domain).getFirst();
  }

  /** Moves to the next period and waits until the task has a result of that period. */
  private TaskStatus nextPeriod(String domain) {
    Instant before = clock.instant();
    clock.advance(FREQ);
    return awaitRunAfter(domain, before);
  }

  private TaskStatus awaitRunAfter(String domain, Instant after) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      TaskStatus t = task(domain);
      return t.state() != null && t.state().lastRunAt().isAfter(after);
    });
    return task(domain);
  }

  @Test
  void theVerdictIsTheKthWorstOfTheLocationsAndFewerThanKFailingIsPartialAndSilent() {
    executor.answers.putAll(Map.of("par1", Severity.CRITICAL, "fra1", Severity.OK, "ams1", Severity.OK));
    start();
    Quorum twoOfThree = new Quorum(List.of("par1", "fra1", "ams1"), 2, false);
    argos.register(site("http://q.test", twoOfThree));
    TaskStatus t = awaitRunAfter("http://q.test", Instant.MIN);

    assertThat(executor.ran).containsExactlyInAnyOrder("par1", "fra1", "ams1"); // once per location per period
    assertThat(t.state().severity()).isEqualTo(Severity.OK);
    assertThat(argos.store().results(t.taskId(), 1).getFirst().result().context()).containsEntry("partial", true);
    assertThat(argos.store().locationResults(t.taskId()))
        .extracting(LocationResult::location, LocationResult::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("par1", Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple("fra1", Severity.OK),
            org.assertj.core.groups.Tuple.tuple("ams1", Severity.OK));

    executor.answers.put("fra1", Severity.WARNING); // par1 critical, fra1 warning: 2 agree on warning or worse
    assertThat(nextPeriod("http://q.test").state().severity()).isEqualTo(Severity.WARNING);

    executor.answers.put("fra1", Severity.CRITICAL);
    t = nextPeriod("http://q.test");
    assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(t.state().message()).contains("says critical");
    assertThat(argos.store().results(t.taskId(), 1).getFirst().result().context()).containsEntry("partial", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
        .anyMatch(a -> a.severity() == Severity.CRITICAL));
    // the partial failure of the first period raised nothing: the first alert is the warning the verdict reached
    assertThat(received).extracting(Alert::severity).doesNotContain(Severity.OK).first()
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void theGroupKeepsThePeerOfItsFirstLocationThatHasOneSoCausesGroupByAddress() {
    executor.answers.putAll(Map.of("par1", Severity.CRITICAL, "fra1", Severity.CRITICAL));
    org.argos.api.ProbePeer backend = new org.argos.api.ProbePeer("10.0.0.5", 443, null);
    executor.peers.put("fra1", backend); // par1 says nothing (an upstream agent): fra1's is kept
    start();
    argos.register(site("http://p.test", new Quorum(List.of("par1", "fra1"), 2, false)));
    TaskStatus t = awaitRunAfter("http://p.test", Instant.MIN);
    assertThat(argos.store().peers(List.of(t.taskId()))).containsEntry(t.taskId(), backend);
    assertThat(argos.store().failingAt("10.0.0.5", 443, 0, 10)).containsExactly(t.taskId());
  }

  @Test
  void aLocationNobodyRunsInLeavesNAndTheQuorumShrinksToTheLocationsThatReport() {
    executor.answers.putAll(Map.of("par1", Severity.CRITICAL, "fra1", Severity.CRITICAL)); // ams1: no agent
    start();
    argos.register(site("http://q.test", new Quorum(List.of("par1", "fra1", "ams1"), 3, false)));
    TaskStatus t = awaitRunAfter("http://q.test", Instant.MIN);
    assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL); // 2 of 2 reporting, quorum 3 -> 2
    assertThat(argos.store().locationResults(t.taskId())).extracting(LocationResult::location)
        .containsExactly("par1", "fra1");

    executor.answers.remove("par1");
    executor.answers.remove("fra1");
    t = nextPeriod("http://q.test");
    assertThat(t.state().severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(t.state().message()).contains("no location reported");
  }

  @Test
  void alertOnPartialAlertsTheWorstLocation() {
    executor.answers.putAll(Map.of("par1", Severity.CRITICAL, "fra1", Severity.OK));
    start();
    argos.register(site("http://q.test", new Quorum(List.of("par1", "fra1"), 2, true)));
    TaskStatus t = awaitRunAfter("http://q.test", Instant.MIN);
    assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(argos.store().results(t.taskId(), 1).getFirst().result().context()).containsEntry("partial", true);
  }

  @Test
  void aSiteWithoutLocationsRunsOnceAsBefore() {
    executor.answers.put(Quorum.DEFAULT_LOCATION, Severity.OK);
    start();
    argos.register(site("http://plain.test", Quorum.DEFAULT));
    TaskStatus t = awaitRunAfter("http://plain.test", Instant.MIN);
    assertThat(executor.ran).containsExactly(Quorum.DEFAULT_LOCATION);
    assertThat(t.state().severity()).isEqualTo(Severity.OK);
    assertThat(argos.store().results(t.taskId(), 1).getFirst().result().context()).doesNotContainKey("partial");
    assertThat(argos.store().locationResults(t.taskId())).isEmpty();
  }

  @Test
  void aLocationWhoseCanariesFailIsLeftOutOfEveryVerdictWithOneAlert() {
    Quorum all = new Quorum(List.of("par1", "fra1", "ams1"), 1, false); // quorum 1: any location failing would alert
    executor.answers.putAll(Map.of("par1", Severity.OK, "fra1", Severity.OK, "ams1", Severity.OK));
    executor.byDomain.put("ams1 http://canary.test", Severity.CRITICAL); // ams1 lost its connectivity
    executor.byDomain.put("ams1 http://q.test", Severity.CRITICAL);
    start(List.of("http://canary.test"));
    argos.register(Site.builder("http://canary.test").ipVersions(true, false).frequency(FREQ).quorum(all)
        .routing(AlertRouting.NONE).path("/", p -> p.check("test-status", 200)).build());
    awaitRunAfter("http://canary.test", Instant.MIN);
    argos.register(site("http://q.test", all));
    TaskStatus t = awaitRunAfter("http://q.test", Instant.MIN);
    assertThat(t.state().severity()).as("ams1's critical is left out").isEqualTo(Severity.OK);
    assertThat(argos.store().locationResults(t.taskId())).filteredOn(l -> l.location().equals("ams1"))
        .extracting(LocationResult::message).singleElement().asString().startsWith("vantage point down");
    assertThat(nextPeriod("http://q.test").state().severity()).isEqualTo(Severity.OK);
    await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
    assertThat(received).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(org.argos.api.AlertKind.NO_AGENT);
      assertThat(a.change().message()).contains("vantage point ams1 down");
    });

    executor.byDomain.remove("ams1 http://canary.test"); // back: ams1 counts again, and its critical alerts
    awaitRunAfter("http://canary.test", nextPeriod("http://canary.test").state().lastRunAt().minusNanos(1));
    assertThat(nextPeriod("http://q.test").state().severity()).isEqualTo(Severity.CRITICAL);
  }
}
