package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AlertRouting;
import org.argos.api.CheckResult;
import org.argos.api.ProbePeer;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §3: alerts that change together are told once per cause (the same address and port, the same
 * certificate, the same error, the same tag), recoveries too; the rest stay grouped by time. The outages are
 * recorded in one batch, as a claim of the scheduler records them, and the engine delivers them with a hand-moved
 * clock.
 */
class CauseGroupingTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final List<Notification> received = new CopyOnWriteArrayList<>();
  private Argos argos;

  @AfterEach
  void close() {
    if (argos != null) {
      argos.close();
    }
  }

  private void start() {
    Notifier recorder = BatchRuns.recorder(received::add);
    argos = Argos.builder().store(store).clock(clock).probe(new FakeProbe()).install(new TestChecks.Status())
        .grouping(Duration.ZERO, 2).baseUrl("https://argos.example/").notifiers(recorder)
        .routing(AlertRouting.all("ops")).build();
    argos.start();
  }

  /** One site per domain, registered and run once ok (silent). */
  private void register(String domain, String... tags) {
    Site s = StorePlans.site(domain, "test-status").toBuilder().tags(tags).build();
    store.register(StorePlans.plan(s, T0), T0);
  }

  private void runAll(Instant at, Map<String, ProbePeer> peers, Map<String, CheckResult> results) {
    BatchRuns.runAll(store, clock, at, d -> results.getOrDefault(d, CheckResult.success()), peers::get);
  }

  private static CheckResult failure(String message) {
    return new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL, message, Map.of(), null);
  }

  private List<Notification> awaitNotifications(int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0 && received.size() >= count);
    List<Notification> got = new ArrayList<>(received);
    received.clear();
    got.sort(Comparator.comparing(n -> n.cause() == null ? "~" : n.cause().kind() + n.cause().value()));
    return got;
  }

  @Test
  void aDeadBackendIsOneNotificationNamingItsAddressAndItsRecoveryToo() {
    Map<String, ProbePeer> peers = new java.util.HashMap<>();
    Map<String, CheckResult> down = new java.util.HashMap<>();
    for (int i = 1; i <= 5; i++) {
      String d = "https://site" + i + ".one.test";
      register(d);
      peers.put(d, new ProbePeer("10.0.0.5", 443, null));
      down.put(d, failure("connect: connect timed out"));
    }
    register("https://alone.other.test"); // fails for a reason of its own: told by time, as before
    peers.put("https://alone.other.test", new ProbePeer("10.0.0.9", 443, null));
    down.put("https://alone.other.test", failure("expected 200, got 500"));
    register("https://fine.one.test"); // same backend, still fine: not part of anything
    peers.put("https://fine.one.test", new ProbePeer("10.0.0.5", 443, null));
    runAll(T0, peers, Map.of());
    start();

    Instant second = T0.plus(Duration.ofMinutes(5));
    runAll(second, peers, down);
    List<Notification> got = awaitNotifications(2);
    assertThat(got).hasSize(2);
    Notification.Cause cause = got.get(0).cause();
    assertThat(cause).isNotNull();
    assertThat(cause.kind()).isEqualTo("address");
    assertThat(cause.value()).isEqualTo("10.0.0.5:443");
    assertThat(cause.summary()).isEqualTo("10.0.0.5:443 — 5 sites critical (connect: connect timed out)");
    assertThat(cause.domains()).hasSize(5).allMatch(d -> d.endsWith(".one.test")).doesNotContain("https://fine.one.test");
    assertThat(cause.link()).isEqualTo("https://argos.example/?address=10.0.0.5%3A443"); // the morning view's filter
    assertThat(got.get(0).total()).isEqualTo(5);
    assertThat(got.get(0).alerts()).hasSize(2); // the list is bounded; the cause names them all
    assertThat(got.get(1).cause()).isNull();
    assertThat(got.get(1).alerts()).extracting(a -> a.change().domain()).containsExactly("https://alone.other.test");

    Instant third = second.plus(Duration.ofMinutes(5));
    runAll(third, peers, Map.of()); // all back
    got = awaitNotifications(2);
    assertThat(got).hasSize(2);
    assertThat(got.get(0).cause().summary()).isEqualTo("10.0.0.5:443 — 5 sites ok");
    assertThat(got.get(0).severity()).isEqualTo(Severity.OK);
    assertThat(got.get(1).cause()).isNull();
  }

  @Test
  void withoutAddressesCausesFallBackToCertificateErrorAndTag() {
    Map<String, ProbePeer> peers = new java.util.HashMap<>();
    Map<String, CheckResult> down = new java.util.HashMap<>();
    String fingerprint = "cd".repeat(32);
    for (int i = 1; i <= 3; i++) { // three backends behind one expired certificate
      String d = "https://cert" + i + ".a.test";
      register(d);
      peers.put(d, new ProbePeer("10.0.1." + i, 443, fingerprint));
      down.put(d, failure("certificate expired " + i + " days ago"));
    }
    for (int i = 1; i <= 3; i++) { // upstream agents' results: no address; one error
      String d = "https://dns" + i + ".b.test";
      register(d);
      down.put(d, failure("dns: no such host"));
    }
    for (int i = 1; i <= 3; i++) { // different errors, one tag
      String d = "https://shop" + i + ".c" + i + ".test";
      register(d, "shops");
      down.put(d, failure("expected 200, got 50" + i));
    }
    runAll(T0, peers, Map.of());
    start();
    Instant second = T0.plus(Duration.ofMinutes(5));
    runAll(second, peers, down);
    List<Notification> got = awaitNotifications(3);
    assertThat(got).extracting(n -> n.cause() == null ? null : n.cause().kind() + " " + n.cause().value())
        .containsExactly("certificate " + fingerprint, "error dns: no such host", "tag shops");
    assertThat(got.get(0).cause().summary()).isEqualTo("certificate cdcdcdcdcdcdcdcd… — 3 sites critical "
        + "(certificate expired 1 days ago, and 2 other messages)");
    assertThat(got.get(1).cause().summary()).isEqualTo("dns: no such host — 3 sites critical");
    assertThat(got.get(2).cause().link()).isEqualTo("https://argos.example/domains?tag=shops");
    assertThat(got).allMatch(n -> n.total() == 3);
  }

  @Test
  void aCauseToldHoldsItsLaterAlertsForOneFollowUpNamingTheCauses() {
    Map<String, ProbePeer> peers = new java.util.HashMap<>();
    List<List<String>> waves = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int backend = 5; backend <= 6; backend++) {
      for (int i = 0; i < 12; i++) { // each backend's sites fail in three waves, at their own slots
        String d = "https://s" + i + ".b" + backend + ".test";
        register(d);
        peers.put(d, new ProbePeer("10.0.0." + backend, 443, null));
        waves.get(i % 3).add(d);
      }
    }
    register("https://alone.other.test"); // fails for a cause of its own while the others are held
    peers.put("https://alone.other.test", new ProbePeer("10.0.0.9", 443, null));
    runAll(T0, peers, Map.of());
    var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    argos = Argos.builder().store(store).clock(clock).probe(new FakeProbe()).install(new TestChecks.Status())
        .grouping(Duration.ZERO, 2).causeHold(Duration.ofMinutes(12)).baseUrl("https://argos.example/")
        .notifiers(BatchRuns.recorder(received::add)).routing(AlertRouting.all("ops")).meterRegistry(meters).build();
    argos.start();
    Map<String, CheckResult> failing = new java.util.HashMap<>();

    Instant first = T0.plus(Duration.ofMinutes(5)); // first wave: each backend told by its address
    waves.get(0).forEach(d -> failing.put(d, failure("connect: Connection refused")));
    runAll(first, peers, failing);
    List<Notification> got = awaitNotifications(2);
    assertThat(got).extracting(n -> n.cause().summary()).containsExactly(
        "10.0.0.5:443 — 4 sites critical (connect: Connection refused)",
        "10.0.0.6:443 — 4 sites critical (connect: Connection refused)");

    // the next waves fail within the hold: held back, and nothing else is, so nothing is sent
    waves.get(1).forEach(d -> failing.put(d, failure("connect: Connection refused")));
    failing.put("https://alone.other.test", failure("expected 200, got 500"));
    runAll(first.plus(Duration.ofMinutes(5)), peers, failing);
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1); // another cause is told at once
    List<Notification> alone = new ArrayList<>(received);
    received.clear();
    assertThat(alone).singleElement().satisfies(n -> assertThat(n.alerts()).extracting(a -> a.change().domain())
        .containsExactly("https://alone.other.test"));
    waves.get(2).forEach(d -> failing.put(d, failure("connect: Connection refused")));
    runAll(first.plus(Duration.ofMinutes(10)), peers, failing);
    await().atMost(Duration.ofSeconds(20)).until(() -> meters.counter("argos.alerts.held.by.cause").count() == 16);
    assertThat(received).isEmpty();
    assertThat(store.pendingAlerts()).isEqualTo(16);

    clock.advance(Duration.ofMinutes(3)); // the hold ends 12 min after the first message: one follow-up
    got = awaitNotifications(1);
    assertThat(got).singleElement().satisfies(n -> {
      assertThat(n.cause().summary()).isEqualTo("10.0.0.5:443 (8), 10.0.0.6:443 (8) — 16 more sites critical");
      assertThat(n.cause().kind()).isEqualTo("causes");
      assertThat(n.cause().domains()).hasSize(16);
      assertThat(n.total()).isEqualTo(16);
    });

    // recoveries are another severity: told by cause at once, not held by the failures' hold
    runAll(first.plus(Duration.ofMinutes(15)), peers, Map.of());
    got = awaitNotifications(3);
    assertThat(got).extracting(n -> n.cause() == null ? "none" : n.cause().summary()).containsExactly(
        "10.0.0.5:443 — 12 sites ok", "10.0.0.6:443 — 12 sites ok", "none");
  }
}
