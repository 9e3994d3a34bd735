package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AlertKind;
import org.argos.api.AlertRouting;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StoreException;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that refuses writes (a full disk, a database away) is visible in {@link Argos#storeWrites()}, health and
 * metrics; what could not be written waits in memory within its bound and is written once the store takes writes
 * again; what goes beyond the bound, or is still held at close, is counted exactly as lost.
 */
class StoreWritesTest {
  private final FakeProbe probe = new FakeProbe();
  private final List<Argos> engines = new ArrayList<>();
  private final InMemoryStore memory = new InMemoryStore();
  private final EngineLivenessTest.FaultyStore faults = new EngineLivenessTest.FaultyStore();
  private final Store store = faults.wrap(memory);
  private final List<Notification> sent = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeEngines() {
    faults.clear();
    engines.forEach(Argos::close);
    memory.close();
  }

  private Argos.Builder builder() {
    Notifier recorder = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        sent.add(n);
      }
    };
    return Argos.builder()
        .store(store)
        .probe(probe)
        .install(new TestChecks.Status())
        .firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500)
        .grouping(Duration.ZERO, 100)
        .notifiers(recorder)
        .routing(AlertRouting.all("ops"));
  }

  private Argos start(Argos.Builder b) {
    Argos a = b.build();
    engines.add(a);
    a.start();
    return a;
  }

  private static Site site(String domain) {
    return Site.builder(domain).ipVersions(true, false).frequency(Duration.ofSeconds(1)).timeout(Duration.ofMillis(500))
        .path("/", p -> p.check("test-status", 200)).build();
  }

  private static StateChange noAgent(int i) {
    return new StateChange(0, "", "", "", IpVersion.IPV4, new CheckSpec("no-agent", null), null, Severity.UNKNOWN,
        Instant.now(), "no agent has reported (" + i + ")", 0);
  }

  private static StoreException diskFull() {
    return new StoreException("Could not enqueue in H2 at file:/var/lib/argos/data/argos: No space left on device");
  }

  private int alertsSent() {
    return sent.stream().mapToInt(Notification::total).sum();
  }

  @Test
  void alertsBeyondTheBoundAreCountedLostExactlyAndTheHeldOnesAreSentWhenWritesWorkAgain() {
    faults.fail("enqueue", n -> diskFull());
    Argos argos = start(builder().heldAlerts(5));
    for (int i = 0; i < 8; i++) {
      assertThat(argos.enqueueAlert(AlertKind.NO_AGENT, noAgent(i))).isFalse();
    }
    StoreWrites w = argos.storeWrites();
    assertThat(w.failing()).isTrue();
    assertThat(w.alertsHeld()).isEqualTo(5);
    assertThat(w.alertsLost()).isEqualTo(3);
    assertThat(w.problem()).startsWith("store writes failing since ").contains("No space left on device")
        .contains("…/data/argos").doesNotContain("/var/lib");
    EngineMetrics m = argos.metrics();
    assertThat(m.alertsHeld()).isEqualTo(5);
    assertThat(m.alertsLost()).isEqualTo(3);
    assertThat(m.storeWriteFailures()).isPositive();
    assertThat(argos.health().storeWrites().alertsLost()).isEqualTo(3);

    faults.clear();
    await().atMost(Duration.ofSeconds(20)).until(() -> alertsSent() == 5);
    // the five held are sent in the order they were given: the oldest first, the last three lost
    assertThat(sent.stream().flatMap(n -> n.alerts().stream()).map(a -> a.change().message()).toList())
        .containsExactlyInAnyOrder("no agent has reported (0)", "no agent has reported (1)",
            "no agent has reported (2)", "no agent has reported (3)", "no agent has reported (4)");
    await().atMost(Duration.ofSeconds(5)).until(() -> !argos.storeWrites().failing());
    assertThat(argos.storeWrites().alertsHeld()).isZero();
    assertThat(argos.storeWrites().alertsLost()).isEqualTo(3);
    assertThat(argos.enqueueAlert(AlertKind.NO_AGENT, noAgent(9))).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> alertsSent() == 6);
  }

  @Test
  void resultsTheStoreRefusesWaitInMemoryAndAreAllWrittenWhenWritesWorkAgain() {
    Argos argos = start(builder());
    argos.register(site("http://a.test"));
    argos.register(site("http://b.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= 2);
    assertThat(argos.storeWrites().failing()).isFalse();

    faults.fail("complete", n -> diskFull());
    probe.set("http://a.test/", new FakeProbe.Status(503));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.storeWrites().failing()
        && argos.storeWrites().resultsHeld() >= 2);
    assertThat(argos.health().storeWrites().problem()).startsWith("store writes failing since ");
    assertThat(sent).isEmpty();

    faults.clear();
    await().atMost(Duration.ofSeconds(20)).until(() -> alertsSent() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> !argos.storeWrites().failing());
    assertThat(sent.get(0).alerts().get(0).change().domain()).isEqualTo("http://a.test");
    long written = argos.metrics().resultsWritten();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= written + 2);
    assertThat(argos.metrics().resultsLost()).isZero();
    assertThat(argos.metrics().alertsLost()).isZero();
  }

  /**
   * Claims of this node that it does not hold (an embedded database reopened after a full disk with the claims it had
   * saved; a claim committed whose answer was lost) are taken back once writes work again, not waited out for their
   * lease; a run still in progress keeps its claim and is not run a second time meanwhile.
   */
  @Test
  void claimsTheNodeDoesNotHoldAreTakenBackWhenWritesWorkAgainAndARunInProgressKeepsItsClaim() {
    Argos argos = start(builder().nodeId("n1")); // lease 30 s
    probe.set("http://slow.test/", new FakeProbe.Slow(200, Duration.ofSeconds(6)));
    argos.register(Site.builder("http://slow.test").ipVersions(true, false).frequency(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(20)).path("/", p -> p.check("test-status", 200)).build());
    argos.register(site("http://a.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> probe.calls("http://slow.test/") == 1
        && probe.inFlightByHost.get("slow.test").get() == 1 && probe.calls("http://a.test/") >= 1);

    faults.fail("claimDue", n -> diskFull());
    await().atMost(Duration.ofSeconds(5)).until(() -> argos.storeWrites().failing());
    argos.register(site("http://c.test"));
    // what the store gives back after the failure: c claimed by this node, which never got it
    Instant now = Instant.now();
    assertThat(memory.claimDue("n1", now, now.plusSeconds(2), 100, now.plusSeconds(32)))
        .extracting(g -> g.request().url()).contains("http://c.test/");
    faults.clear();

    await().atMost(Duration.ofSeconds(10)).until(() -> probe.calls("http://c.test/") >= 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> probe.calls("http://slow.test/") >= 2);
    assertThat(probe.maxInFlightByHost.get("slow.test").get()).as("the slow run's claim was kept").isEqualTo(1);
    assertThat(argos.storeWrites().failing()).isFalse();
  }

  /**
   * A run claimed before the failure can be discarded when it is recorded (a database reopened from an older save
   * holds an older claim of its group, for another due time); that claim is then taken back too, not left to its
   * lease.
   */
  @Test
  void anOlderClaimLeftByARunDiscardedAfterTheFailureIsTakenBackToo() {
    Argos argos = start(builder().nodeId("n1")); // lease 30 s
    argos.register(site("http://a.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= 2);
    faults.fail("complete", n -> diskFull());
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.storeWrites().resultsHeld() >= 1);
    faults.fail("claimDue", n -> diskFull());
    // the store as an embedded database reopened from an older save: the group claimed by n1 for an earlier run
    memory.releaseAll("n1");
    Instant now = Instant.now();
    memory.rescheduleAll(now.minusSeconds(5));
    assertThat(memory.claimDue("n1", now, now, 10, now.plusSeconds(30))).hasSize(1);

    int claims = faults.calls("claimDue");
    faults.faults.remove("claimDue"); // claims work first: the held run keeps its group's claim
    await().atMost(Duration.ofSeconds(10)).until(() -> faults.calls("claimDue") >= claims + 2);
    int probes = probe.calls("http://a.test/");
    faults.clear(); // the held run is recorded and discarded: the older claim must not wait out its lease
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.calls("http://a.test/") > probes);
    long written = argos.metrics().resultsWritten();
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.metrics().resultsWritten() > written);
  }

  @Test
  void runsOfAClaimInFlightWhenTheEngineStopsAreRecordedNotLost() throws Exception {
    Argos argos = start(builder());
    argos.register(site("http://a.test"));
    argos.register(site("http://b.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().held() == 0);
    // the scheduler is inside a claim when the stop begins; the claim returns due groups after it began
    java.util.concurrent.CountDownLatch inClaim = faults.block("claimDue");
    assertThat(inClaim.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    memory.rescheduleAll(Instant.now().minusSeconds(5)); // so that the blocked claim finds both groups due
    Thread closing = Thread.ofPlatform().start(argos::close);
    Thread.sleep(1500); // the writer polls every 200 ms: before the fix it ended here, nothing being held yet
    faults.clear();
    closing.join(Duration.ofSeconds(30));
    assertThat(closing.isAlive()).isFalse();
    long probed = probe.calls("http://a.test/") + probe.calls("http://b.test/");
    assertThat(argos.metrics().resultsLost()).as("runs probed at the stop were recorded").isZero();
    assertThat(argos.metrics().resultsWritten()).isEqualTo(probed);
  }

  @Test
  void runsStillHeldWhenTheEngineClosesAreCountedLostExactly() {
    Argos argos = start(builder().shutdownTimeout(Duration.ofMillis(500)));
    argos.register(site("http://a.test"));
    argos.register(site("http://b.test"));
    argos.register(site("http://c.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= 3);
    faults.fail("complete", n -> diskFull());
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.storeWrites().resultsHeld() >= 3);
    argos.close();
    EngineMetrics m = argos.metrics();
    assertThat(m.held()).isPositive();
    assertThat(m.resultsLost()).isEqualTo(m.held());
    assertThat(argos.storeWrites().resultsLost()).isEqualTo(m.held());
  }

  @Test
  void oneLogLineWhenWritesBeginToFailAndOneWhenTheyWorkAgainNotOnePerAttempt() {
    java.io.PrintStream original = System.err; // slf4j-simple writes to System.err as it is at each line
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      Argos argos = start(builder());
      argos.register(site("http://a.test"));
      argos.register(site("http://b.test"));
      await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= 2);
      int completes = faults.calls("complete");
      faults.fail("complete", n -> diskFull());
      await().atMost(Duration.ofSeconds(20)).until(() -> faults.calls("complete") >= completes + 4);
      int claims = faults.calls("claimDue");
      faults.fail("claimDue", n -> diskFull());
      // several attempts of both loops fail
      await().atMost(Duration.ofSeconds(20)).until(() -> faults.calls("claimDue") >= claims + 3);
      faults.clear();
      long written = argos.metrics().resultsWritten();
      await().atMost(Duration.ofSeconds(20)).until(() -> !argos.storeWrites().failing()
          && argos.metrics().resultsWritten() > written);
      assertThat(argos.metrics().storeWriteFailures()).isGreaterThanOrEqualTo(7);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log.split("Store writes failing since", -1)).as(log).hasSize(2);
    assertThat(log.split("Store writes work again", -1)).as(log).hasSize(2);
    assertThat(log).as("no line per attempt").doesNotContain("failures in a row");
  }

  @Test
  void theBoundMustBePositive() {
    assertThatThrownBy(() -> Argos.builder().heldAlerts(0)).isInstanceOf(ArgosException.class)
        .hasMessageContaining("heldAlerts");
  }
}
