package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AlertRouting;
import org.argos.api.CheckResult;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.IncidentUpdate;
import org.argos.api.ProbePeer;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.store.IncidentEdit;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §5: a grouped outage opens one incident by itself, with its cause; later failures of the same cause join
 * it (not a second one); when every affected site recovers it is resolved; a status a person set stays. Outages are
 * recorded in batches as the scheduler records them, and the engine's delivery runs with a hand-moved clock.
 */
class IncidentOpeningTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final List<Notification> received = new CopyOnWriteArrayList<>();
  private final Map<String, ProbePeer> peers = new HashMap<>();
  private Argos argos;

  @AfterEach
  void close() {
    if (argos != null) {
      argos.close();
    }
  }

  private void start() {
    argos = Argos.builder().store(store).clock(clock).probe(new FakeProbe()).install(new TestChecks.Status())
        .grouping(Duration.ZERO, 2).notifiers(BatchRuns.recorder(received::add)).routing(AlertRouting.all("ops"))
        .build();
    argos.start();
  }

  private Incidents incidents() {
    return store.capability(Incidents.class).orElseThrow();
  }

  private void register(String domain, String address) {
    store.register(StorePlans.plan(StorePlans.site(domain, "test-status"), clock.instant()), clock.instant());
    peers.put(domain, new ProbePeer(address, 443, null));
  }

  private void runAll(Instant at, Map<String, CheckResult> results) {
    BatchRuns.runAll(store, clock, at, d -> results.getOrDefault(d, CheckResult.success()), peers::get);
    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0);
  }

  private static CheckResult timeout() {
    return new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL, "connect: connect timed out", Map.of(), null);
  }

  private List<Incident> all() {
    return incidents().incidents(IncidentQuery.of(IncidentQuery.Which.ALL, 100));
  }

  @Test
  void aDeadBackendOpensOneIncidentWithItsCauseThatGrowsAndIsResolvedWhenAllRecover() {
    Map<String, CheckResult> down = new HashMap<>();
    for (int i = 1; i <= 5; i++) {
      register("https://site" + i + ".one.test", "10.0.0.5");
      down.put("https://site" + i + ".one.test", timeout());
    }
    register("https://alone.other.test", "10.0.0.9"); // fails for a reason of its own: no incident
    down.put("https://alone.other.test", new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL,
        "expected 200, got 500", Map.of(), null));
    register("https://late.one.test", "10.0.0.5"); // fails later, alone: joins the incident of its address
    runAll(T0, Map.of());
    start();

    Instant second = T0.plus(Duration.ofMinutes(5));
    runAll(second, down);
    List<Incident> open = all();
    assertThat(open).hasSize(1);
    Incident incident = open.get(0);
    assertThat(incident.automatic()).isTrue();
    assertThat(incident.status()).isEqualTo(IncidentStatus.INVESTIGATING);
    assertThat(incident.cause()).isEqualTo(new Incident.Cause("address", "10.0.0.5:443"));
    assertThat(incident.title()).isEqualTo("10.0.0.5:443 — 5 sites critical (connect: connect timed out)");
    assertThat(incident.domains()).hasSize(5).allMatch(d -> d.endsWith(".one.test"));
    assertThat(incident.openedAt()).isEqualTo(second);
    assertThat(incident.tenant()).isEqualTo("default");

    Instant third = second.plus(Duration.ofMinutes(5));
    Map<String, CheckResult> more = new HashMap<>(down);
    more.put("https://late.one.test", timeout());
    runAll(third, more); // the five still fail (no new alert), one more joins
    assertThat(all()).hasSize(1);
    Incident grown = incidents().incident(incident.id()).orElseThrow();
    assertThat(grown.domainCount()).isEqualTo(6);
    assertThat(grown.domains()).contains("https://late.one.test");
    assertThat(incidents().timeline(incident.id(), 100)).extracting(IncidentUpdate::message).containsExactly(
        "10.0.0.5:443 — 5 sites critical (connect: connect timed out)",
        "1 more site affected: https://late.one.test (6 in all)");

    Instant fourth = third.plus(Duration.ofMinutes(5));
    Map<String, CheckResult> partly = new HashMap<>(more);
    partly.remove("https://site1.one.test");
    runAll(fourth, partly); // one back: still active
    assertThat(incidents().incident(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.INVESTIGATING);

    Instant fifth = fourth.plus(Duration.ofMinutes(5));
    runAll(fifth, Map.of("https://alone.other.test", down.get("https://alone.other.test"))); // the backend is back
    Incident resolved = incidents().incident(incident.id()).orElseThrow();
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(fifth);
    assertThat(incidents().timeline(incident.id(), 100).getLast().message())
        .isEqualTo("Every affected site recovered (6 sites): resolved.");
    assertThat(all()).hasSize(1);
    assertThat(received).isNotEmpty(); // the alerts went out as usual

    // the same backend failing again is a new incident
    runAll(fifth.plus(Duration.ofMinutes(5)), down);
    assertThat(all()).hasSize(2).first().satisfies(i -> {
      assertThat(i.id()).isNotEqualTo(incident.id());
      assertThat(i.active()).isTrue();
    });
  }

  @Test
  void aStatusSetByAPersonStaysWhenTheSitesRecover() {
    Map<String, CheckResult> down = new HashMap<>();
    for (int i = 1; i <= 3; i++) {
      register("https://s" + i + ".two.test", "10.0.0.7");
      down.put("https://s" + i + ".two.test", timeout());
    }
    runAll(T0, Map.of());
    start();
    Instant second = T0.plus(Duration.ofMinutes(5));
    runAll(second, down);
    Incident incident = all().get(0);
    incidents().edit(incident.id(), new IncidentEdit("Storage backend down", IncidentStatus.IDENTIFIED,
        "The disk array failed; replacing it.", "alice"), second.plusSeconds(30));

    runAll(second.plus(Duration.ofMinutes(5)), Map.of());
    Incident after = incidents().incident(incident.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(IncidentStatus.IDENTIFIED);
    assertThat(after.title()).isEqualTo("Storage backend down");
    assertThat(incidents().timeline(incident.id(), 100).getLast().message())
        .isEqualTo("Every affected site recovered (3 sites); the status stays as set by hand.");
  }

  @Test
  void failuresOfOneCauseThatTrickleInOverRoundsOpenTheIncidentOnceThereAreEnough() {
    Map<String, CheckResult> down = new HashMap<>();
    for (int i = 1; i <= 3; i++) {
      register("https://t" + i + ".three.test", "10.0.0.8");
    }
    runAll(T0, Map.of());
    start();
    Instant at = T0;
    for (int i = 1; i <= 3; i++) { // one more site down each round: each round's delivery sees one failure
      down.put("https://t" + i + ".three.test", timeout());
      at = at.plus(Duration.ofMinutes(5)); // the sites' period
      runAll(at, down);
      assertThat(all()).as("after round " + i).hasSize(i < 3 ? 0 : 1);
    }
    Incident incident = all().get(0);
    assertThat(incident.cause()).isEqualTo(new Incident.Cause("address", "10.0.0.8:443"));
    assertThat(incident.domainCount()).isEqualTo(3);
    runAll(at.plus(Duration.ofMinutes(5)), Map.of());
    assertThat(incidents().incident(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
  }
}
