package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.Alert;
import org.argos.api.AlertRouting;
import org.argos.api.CheckResult;
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
 * Issue 19 §4, {@code depends_on}: while a site's parent is down its alerts are held (recorded as held, as silenced
 * ones are); when the parent recovers, a child still failing is told once, and one that recovered meanwhile nothing.
 * Runs are recorded in batches, as the scheduler records a claim, with a hand-moved clock.
 */
class DependsOnTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String PARENT = "https://db.example.test";
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final List<Alert> received = new CopyOnWriteArrayList<>();
  private Argos argos;
  private Instant at = T0;

  @AfterEach
  void close() {
    if (argos != null) {
      argos.close();
    }
  }

  private void start() {
    Notifier recorder = BatchRuns.recorder(n -> received.addAll(n.alerts()));
    argos = Argos.builder().store(store).clock(clock).probe(new FakeProbe()).install(new TestChecks.Status())
        .grouping(Duration.ZERO, 20).notifiers(recorder).routing(AlertRouting.all("ops")).build();
    argos.start();
  }

  private void register(String domain, String parent) {
    Site s = StorePlans.site(domain, "test-status").toBuilder().dependsOn(parent).build();
    store.register(StorePlans.plan(s, T0), T0);
  }

  /** Every group runs once more, in one batch; the domains listed fail. Claimed before the clock moves. */
  private void runAll(String... failing) {
    List<String> down = List.of(failing);
    BatchRuns.runAll(store, clock, at,
        d -> down.contains(d) ? CheckResult.failure("expected 200, got 503") : CheckResult.success(), d -> null);
    at = at.plus(Duration.ofMinutes(5));
  }

  private List<String> told() {
    return received.stream().map(a -> a.change().domain().replace("https://", "") + " " + a.change().previous()
        + "->" + a.severity()).toList();
  }

  private void settle() {
    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0);
  }

  @Test
  void aChildsAlertsAreHeldWhileItsParentIsDownAndWhatStillFailsIsToldOnceWhenItRecovers() {
    register(PARENT, null);
    register("https://shop.example.test", PARENT);
    register("https://blog.example.test", PARENT);
    register("https://other.example.test", null);
    runAll();
    start();

    runAll(PARENT, "https://shop.example.test", "https://blog.example.test", "https://other.example.test");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2 && store.pendingAlerts() == 0);
    assertThat(told()).containsExactlyInAnyOrder("db.example.test OK->CRITICAL", "other.example.test OK->CRITICAL");
    assertThat(argos.metrics().alertsSilenced()).isEqualTo(2); // recorded as held
    assertThat(store.withheldTasks(10)).hasSize(2);

    received.clear();
    runAll(PARENT, "https://shop.example.test", "https://other.example.test"); // the blog recovers, still held
    settle();
    runAll("https://shop.example.test", "https://other.example.test"); // the parent recovers; the shop still fails
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2 && store.pendingAlerts() == 0);
    assertThat(told()).containsExactlyInAnyOrder("db.example.test CRITICAL->OK", "shop.example.test OK->CRITICAL");

    received.clear();
    runAll("https://shop.example.test", "https://other.example.test"); // nothing changed: nothing told again
    runAll("https://other.example.test"); // the shop recovers: told, as any recovery
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1 && store.pendingAlerts() == 0);
    assertThat(told()).containsExactly("shop.example.test CRITICAL->OK");
  }

  @Test
  void sitesThatDependOnEachOtherHoldNothing() {
    register("https://a.example.test", "https://b.example.test"); // as the sites API may store them
    register("https://b.example.test", "https://a.example.test");
    runAll();
    start();
    runAll("https://a.example.test", "https://b.example.test");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2 && store.pendingAlerts() == 0);
    assertThat(told()).containsExactlyInAnyOrder("a.example.test OK->CRITICAL", "b.example.test OK->CRITICAL");
  }
}
