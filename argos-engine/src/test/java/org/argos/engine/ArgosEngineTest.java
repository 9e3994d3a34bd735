package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.argos.api.AlertRouting;
import org.argos.api.DomainStatus;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.InvalidSiteException;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.TaskStatus;
import org.argos.api.UnknownCheckTypeException;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.StoredResult;
import org.argos.engine.internal.Slots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArgosEngineTest {
  private final FakeProbe probe = new FakeProbe();
  private final List<StateChange> changes = new CopyOnWriteArrayList<>();
  private final List<Argos> engines = new ArrayList<>();

  private Argos.Builder builder() {
    return Argos.builder()
        .probe(probe)
        .install(new TestChecks.Status(), new TestChecks.Explode())
        .firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500)
        .grouping(Duration.ZERO, 20)
        .listener(changes::add);
  }

  private Argos start(Argos.Builder b) {
    Argos a = b.build();
    engines.add(a);
    a.start();
    return a;
  }

  @AfterEach
  void closeEngines() {
    engines.forEach(Argos::close);
  }

  private static Site site(String domain, Duration frequency) {
    return Site.builder(domain).ipVersions(true, false).frequency(frequency).timeout(Duration.ofMillis(500))
        .path("/", p -> p.check("test-status", 200)).build();
  }

  @Test
  void checksEverySiteAndReportsSeverityChanges() {
    Argos argos = start(builder());
    for (int i = 0; i < 50; i++) {
      argos.register(site("http://s" + i + ".test", Duration.ofMillis(300)));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().ok() == 50);
    probe.set("http://s7.test/", new FakeProbe.Status(503));
    await().atMost(Duration.ofSeconds(20)).until(() -> changes.stream()
        .anyMatch(c -> c.domain().equals("http://s7.test") && c.current() == Severity.CRITICAL));

    DomainStatus worst = argos.status().domains().get(0);
    assertThat(worst.domain()).isEqualTo("http://s7.test");
    assertThat(worst.worst()).isEqualTo(Severity.CRITICAL);
    TaskStatus task = argos.store().tasks("http://s7.test").get(0);
    StoredResult last = argos.store().results(task.taskId(), 1).get(0);
    assertThat(last.result().message()).isEqualTo("expected 200, got 503");
    assertThat(last.result().context()).containsEntry("status", 503).containsEntry("url", "http://s7.test/");
    assertThat(last.node()).isEqualTo(argos.nodeId());
    assertThat(argos.metrics().groupsRun()).isGreaterThanOrEqualTo(51);
  }

  @Test
  void eachGroupRunsOncePerPeriod() throws Exception {
    Argos argos = start(builder());
    argos.register(site("http://once.test", Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.calls("http://once.test/") >= 1);
    Thread.sleep(2500); // observe a few periods: this test is about counting, not timing
    int calls = probe.calls("http://once.test/");
    assertThat(calls).isBetween(3, 5);
  }

  @Test
  void aFullExecutorLeavesTheSchedulerAsleep() throws Exception {
    // Two probes that take 5 s fill an executor that holds two groups; two more groups are due and wait for room.
    probe.fallback(new FakeProbe.Slow(200, Duration.ofSeconds(5)));
    Argos argos = start(builder().executor(InProcessExecutor.builder().maxConcurrency(2).capacity(2).build()));
    for (int i = 0; i < 4; i++) {
      argos.register(Site.builder("http://full" + i + ".test").ipVersions(true, false).timeout(Duration.ofSeconds(20))
          .path("/", p -> p.check("test-status", 200)).build());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.metrics().held() == 2);
    Thread scheduler = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("argos-scheduler")).findFirst().orElseThrow();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getThreadCpuTime(scheduler.threadId());
    Thread.sleep(1000);
    long cpu = threads.getThreadCpuTime(scheduler.threadId()) - cpu0;
    // asleep until room frees: a few wake-ups, not a core spent looping while the executor is full
    assertThat(Duration.ofNanos(cpu)).isLessThan(Duration.ofMillis(200));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().ok() == 4);
  }

  @Test
  void groupsClaimedAheadDoNotTakeTheExecutorsPlaces() {
    // An executor with two places, a 20 s look-ahead and six sites every 3 s: once their first runs are recorded,
    // their next runs are claimed ahead, more than two of them, and the executor is still never handed more than two.
    // Counted against the executor's places, the look-ahead alone filled them at capacity / look-ahead runs per
    // second, and past that rate every run waited for an earlier one to be recorded (the ramp's cliff at 5,000/s).
    OutstandingExecutor executor = new OutstandingExecutor(
        InProcessExecutor.builder().maxConcurrency(2).capacity(2).build());
    Argos argos = start(builder().executor(executor).claims(Duration.ofSeconds(20), Duration.ofSeconds(30), 500));
    for (int i = 0; i < 6; i++) {
      argos.register(site("http://ahead" + i + ".test", Duration.ofSeconds(3)));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().held() > 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.range(0, 6)
        .allMatch(i -> probe.calls("http://ahead" + i + ".test/") >= 2));
    assertThat(executor.most.get()).isBetween(1, 2);
  }

  /** Counts the runs handed to an executor and not finished yet, and the most at once. */
  private static final class OutstandingExecutor implements ProbeExecutor {
    final ProbeExecutor inner;
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();

    OutstandingExecutor(ProbeExecutor inner) {
      this.inner = inner;
    }

    @Override
    public void start(ExecutorContext context) {
      inner.start(context);
    }

    @Override
    public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      return inner.execute(group).whenComplete((o, e) -> now.decrementAndGet());
    }

    @Override
    public int capacity() {
      return inner.capacity();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void aHangingProbeIsCutAtItsTimeoutAndTheSchedulerGoesOn() {
    Argos argos = start(builder().executor(InProcessExecutor.builder().grace(Duration.ofMillis(200)).build()));
    probe.set("http://hang.test/", new FakeProbe.Hang());
    argos.register(site("http://hang.test", Duration.ofMinutes(5)));
    argos.register(site("http://fine.test", Duration.ofMinutes(5)));
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.status().counts().pending() == 0);
    TaskStatus hung = argos.store().tasks("http://hang.test").get(0);
    assertThat(hung.state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hung.state().message()).startsWith("timeout");
    assertThat(argos.store().tasks("http://fine.test").get(0).state().severity()).isEqualTo(Severity.OK);
  }

  @Test
  void aThrowingProbeOrCheckGivesUnknownNeverADeadScheduler() {
    Argos argos = start(builder());
    probe.set("http://crash.test/", new FakeProbe.Crash("probe bug"));
    argos.register(site("http://crash.test", Duration.ofMinutes(5)));
    argos.register(Site.builder("http://explode.test").ipVersions(true, false)
        .path("/", p -> p.check("test-explode", true).check("test-status", 200)).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.status().counts().pending() == 0);
    TaskStatus crashed = argos.store().tasks("http://crash.test").get(0);
    assertThat(crashed.state().severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(crashed.state().status()).isEqualTo(ResultStatus.ERROR);
    assertThat(crashed.state().message()).contains("probe bug");
    List<TaskStatus> tasks = argos.store().tasks("http://explode.test");
    assertThat(tasks).extracting(t -> t.check().type() + ":" + t.state().severity())
        .containsExactly("test-explode:UNKNOWN", "test-status:OK");
  }

  @Test
  void theExecutorBoundsConcurrencyPerHost() {
    probe.fallback(new FakeProbe.Slow(200, Duration.ofMillis(100)));
    Argos argos = start(builder().executor(InProcessExecutor.builder().perHost(2).build()));
    Site.Builder b = Site.builder("http://busy.test").ipVersions(true, false);
    for (int i = 0; i < 12; i++) {
      b.path("/p" + i, p -> p.check("test-status", 200));
    }
    argos.register(b.build());
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.status().counts().ok() == 12);
    assertThat(probe.maxInFlightByHost.get("busy.test").get()).isEqualTo(2);
  }

  @Test
  void newGroupsStartOnTheirOwnSlotInThePeriod() {
    // the slot a late run returns to (AlertRules): with first runs there, a start-up backlog moves no group
    Argos argos = Argos.builder().probe(probe).install(new TestChecks.Status()).build();
    engines.add(argos);
    Instant before = Instant.now();
    for (int i = 0; i < 50; i++) {
      argos.register(site("http://slot" + i + ".test", Duration.ofMinutes(5)));
    }
    List<ClaimedGroup> claimed = argos.store().claimDue("n1", Instant.now(), Instant.now().plus(Duration.ofMinutes(6)),
        100, Instant.now().plus(Duration.ofMinutes(7)));
    assertThat(claimed).hasSize(50).allSatisfy(g -> {
      Duration period = g.policy().frequency();
      assertThat(g.dueAt()).isEqualTo(Slots.atOrAfter(g.dueAt(), Slots.offset(g.request().key(), period), period))
          .isAfterOrEqualTo(before.truncatedTo(ChronoUnit.MILLIS)).isBefore(before.plus(period).plusSeconds(5));
    });
  }

  @Test
  void registeringAgainIsIdempotentAndUnregisterRemoves() {
    Argos argos = builder().build();
    engines.add(argos);
    Site s = site("http://a.test", Duration.ofMinutes(1));
    assertThat(argos.register(s).created()).isTrue();
    assertThat(argos.register(s).unchanged()).isTrue();
    assertThat(argos.sites()).containsExactly(s);
    assertThat(argos.unregister("HTTP://A.TEST/")).isTrue();
    assertThat(argos.sites()).isEmpty();
  }

  @Test
  void registerAllRegistersManySitesWithOneResultEachAndTheyAreChecked() {
    Argos argos = start(builder());
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      sites.add(site("http://s" + i + ".test", Duration.ofMinutes(1)));
    }
    sites.add(site("http://s7.test", Duration.ofSeconds(30))); // listed twice: the later one wins
    probe.set("http://s7.test/", new FakeProbe.Status(503));
    List<RegistrationResult> results = argos.registerAll(sites);
    assertThat(results).hasSize(2501);
    assertThat(results.subList(0, 2500)).allSatisfy(r -> assertThat(r.created()).isTrue());
    assertThat(results.get(2500).created()).isFalse();
    assertThat(results.get(2500).tasksKept()).isEqualTo(1);
    assertThat(argos.store().siteCount()).isEqualTo(2500);
    assertThat(argos.store().site("http://s7.test").orElseThrow().frequency()).isEqualTo(Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().pending() == 0);
    assertThat(argos.status().counts().critical()).isEqualTo(1);
    assertThat(argos.registerAll(sites.subList(0, 10))).allSatisfy(r -> assertThat(r.unchanged()).isTrue());
    assertThat(argos.registerAll(List.of())).isEmpty();
  }

  @Test
  void registerAllValidatesEverySiteBeforeStoringAny() {
    Argos argos = builder().build();
    engines.add(argos);
    List<Site> sites = List.of(site("http://ok.test", Duration.ofMinutes(1)),
        Site.builder("http://bad.test").path("/x", p -> p.check("nope", 1)).build(),
        site("http://ok2.test", Duration.ofMinutes(1)));
    assertThatThrownBy(() -> argos.registerAll(sites))
        .isInstanceOf(UnknownCheckTypeException.class)
        .hasMessageContaining("site http://bad.test, path /x");
    assertThat(argos.sites()).isEmpty();
    java.util.Collection<Site> withNull = new ArrayList<>(List.of(site("http://ok.test", Duration.ofMinutes(1))));
    withNull.add(null);
    assertThatThrownBy(() -> argos.registerAll(withNull)).hasMessageContaining("sites[1] is null");
  }

  @Test
  void badChecksAreRefusedAtRegistrationWithTheirContext() {
    Argos argos = builder().build();
    engines.add(argos);
    assertThatThrownBy(() -> argos.register(Site.builder("http://a.test").path("/x", p -> p.check("nope", 1)).build()))
        .isInstanceOf(UnknownCheckTypeException.class)
        .hasMessageContaining("site http://a.test, path /x")
        .hasMessageContaining("unknown check 'nope'")
        .hasMessageContaining("test-status");
    assertThatThrownBy(() -> argos.register(Site.builder("http://a.test").path("/", p -> p.check("test-status", "two hundred")).build()))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessageContaining("test-status")
        .hasMessageContaining("two hundred");
    assertThatThrownBy(() -> argos.register(Site.builder("http://a.test")
        .path("/", p -> p.check("test-status", 200).check("test-status", 200)).build()))
        .isInstanceOf(InvalidSiteException.class).hasMessageContaining("listed twice");
    assertThat(argos.sites()).isEmpty();
  }

  @Test
  void alertsAreRetriedWithBackoffUntilDelivered() {
    AtomicInteger attempts = new AtomicInteger();
    List<Notification> received = new CopyOnWriteArrayList<>();
    Notifier flaky = new Notifier() {
      @Override
      public String channel() {
        return "flaky";
      }

      @Override
      public void send(Notification n) {
        if (attempts.incrementAndGet() <= 2) {
          throw new org.argos.api.NotificationException("receiver down");
        }
        received.add(n);
      }
    };
    probe.set("http://down.test/", new FakeProbe.Status(500));
    Argos argos = start(builder().notifiers(flaky).routing(AlertRouting.all("flaky"))
        .notificationRetry(Duration.ofMillis(50), Duration.ofMillis(200), 5, Duration.ofSeconds(5)));
    argos.register(site("http://down.test", Duration.ofMinutes(5)));
    await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 1);
    assertThat(attempts.get()).isEqualTo(3);
    Notification n = received.get(0);
    assertThat(n.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(n.alerts().get(0).change().domain()).isEqualTo("http://down.test");
    await().atMost(Duration.ofSeconds(5)).until(() -> argos.store().pendingAlerts() == 0);
    assertThat(argos.metrics().notificationsFailed()).isEqualTo(2);
  }

  @Test
  void aMassOutageIsGroupedIntoAFewNotifications() {
    List<Notification> received = Collections.synchronizedList(new ArrayList<>());
    Notifier recorder = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        received.add(n);
      }
    };
    probe.fallback(new FakeProbe.Status(500));
    Argos argos = start(builder().notifiers(recorder).routing(AlertRouting.all("ops"))
        .grouping(Duration.ofMillis(1500), 20));
    for (int i = 0; i < 300; i++) {
      argos.register(site("http://m" + i + ".test", Duration.ofMinutes(5)));
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> received.stream().mapToInt(Notification::total).sum() == 300);
    assertThat(received.size()).isLessThanOrEqualTo(5);
    assertThat(received).allSatisfy(n -> assertThat(n.alerts().size()).isLessThanOrEqualTo(20));
  }

  @Test
  void closeIsGracefulAndStopsChecking() {
    probe.fallback(new FakeProbe.Slow(200, Duration.ofMillis(300)));
    Argos argos = start(builder());
    for (int i = 0; i < 20; i++) {
      argos.register(site("http://c" + i + ".test", Duration.ofMillis(500)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.total.get() > 0);
    argos.close();
    int after = probe.total.get();
    assertThat(argos.metrics().held()).isZero();
    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> probe.total.get() == after);
  }

  @Test
  void silencedAlertsAreRecordedButNotSent() {
    List<Notification> received = new CopyOnWriteArrayList<>();
    Notifier recorder = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        received.add(n);
      }
    };
    probe.fallback(new FakeProbe.Status(500));
    Argos argos = start(builder().notifiers(recorder).routing(AlertRouting.all("ops")));
    java.time.Instant now = java.time.Instant.now();
    argos.silence(new org.argos.api.Silence("upgrade", null, "db", now.minusSeconds(60), now.plusSeconds(3600), "db upgrade"));
    argos.register(site("http://quiet.test", Duration.ofMinutes(5)).toBuilder().tags("db").build());
    argos.register(site("http://loud.test", Duration.ofMinutes(5)));
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1 && argos.metrics().alertsSilenced() == 1);
    assertThat(received.get(0).alerts()).extracting(a -> a.change().domain()).containsExactly("http://loud.test");
    assertThat(changes).extracting(StateChange::domain).contains("http://quiet.test"); // recorded all the same
    await().atMost(Duration.ofSeconds(5)).until(() -> argos.store().pendingAlerts() == 0);
    assertThat(argos.unsilence("upgrade")).isTrue();
  }

  @Test
  void routingToAnUnknownChannelIsRefused() {
    assertThatThrownBy(() -> builder().routing(AlertRouting.all("mail")).build())
        .hasMessageContaining("channel 'mail'");
  }
}
