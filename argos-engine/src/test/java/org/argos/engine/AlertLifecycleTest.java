package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.Alert;
import org.argos.api.AlertLifecycle;
import org.argos.api.AlertRouting;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskState;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.Acknowledgements;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §6, the alert lifecycle, through the engine: a hand-moved clock makes each run due, the test waits for its
 * result to be recorded and its alerts delivered (no sleeps, nothing timed).
 */
class AlertLifecycleTest {
  private static final String DOMAIN = "http://life.test";
  private static final String URL = DOMAIN + "/";
  private static final Duration FREQUENCY = Duration.ofMinutes(1);

  private final FakeProbe probe = new FakeProbe();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final List<Alert> received = new CopyOnWriteArrayList<>();
  private final List<String> ackUrls = new CopyOnWriteArrayList<>();
  private final List<Argos> engines = new ArrayList<>();
  private Argos argos;

  @AfterEach
  void closeEngines() {
    engines.forEach(Argos::close);
  }

  private void start(AlertLifecycle lifecycle, Duration reminders) {
    Notifier recorder = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        received.addAll(n.alerts());
        ackUrls.addAll(n.ackUrls().values());
      }
    };
    argos = Argos.builder().clock(clock).probe(probe).install(new TestChecks.Status()).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500).grouping(Duration.ZERO, 20)
        .reminders(reminders).baseUrl("https://argos.example/")
        .notifiers(recorder).routing(AlertRouting.all("ops")).build();
    engines.add(argos);
    probe.set(URL, new FakeProbe.Status(200));
    argos.start();
    argos.register(Site.builder(DOMAIN).ipVersions(true, false).frequency(FREQUENCY)
        .timeout(Duration.ofSeconds(5)).lifecycle(lifecycle).path("/", p -> p.check("test-status", 200)).build());
    awaitRun();
  }

  /** Waits until the run due now has been recorded and what it raised delivered. */
  private void awaitRun() {
    Instant now = clock.instant();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      List<TaskStatus> tasks = argos.store().tasks(DOMAIN);
      return !tasks.isEmpty() && tasks.get(0).state() != null && !tasks.get(0).state().lastRunAt().isBefore(now)
          && argos.store().pendingAlerts() == 0;
    });
  }

  /** The next run answers {@code code}. */
  private void run(int code) {
    probe.set(URL, new FakeProbe.Status(code));
    clock.advance(FREQUENCY);
    awaitRun();
  }

  private void runs(int... codes) {
    for (int code : codes) {
      run(code);
    }
  }

  private TaskState state() {
    return argos.store().tasks(DOMAIN).get(0).state();
  }

  private List<String> told() {
    return received.stream().map(a -> a.kind() + " " + a.severity()).toList();
  }

  @Test
  void byDefaultTheFirstOkIsARecovery() {
    start(AlertLifecycle.DEFAULT, null);
    runs(503, 200);
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "STATE_CHANGE OK");
  }

  @Test
  void aRecoveryCountsAtTheThresholdthOkInARow() {
    start(new AlertLifecycle(3, null), null);
    run(503);
    Instant failingSince = state().severitySince();
    String failure = state().message();
    runs(200, 200);
    TaskState s = state();
    assertThat(s.severity()).as("still failing below the threshold").isEqualTo(Severity.CRITICAL);
    assertThat(s.message()).isEqualTo(failure);
    assertThat(s.severitySince()).isEqualTo(failingSince);
    assertThat(s.lastRunAt()).isEqualTo(clock.instant());
    assertThat(s.lifecycle().okInARow()).isEqualTo(2);
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL");

    run(503); // the count starts again, and the failure is not told twice
    assertThat(state().lifecycle().okInARow()).isZero();
    runs(200, 200);
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL");
    run(200);
    assertThat(state().severity()).isEqualTo(Severity.OK);
    assertThat(state().lifecycle().okInARow()).isZero();
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "STATE_CHANGE OK");
  }

  @Test
  void aFlappingTaskGetsOneAlertThenItsStateOnceStable() {
    start(new AlertLifecycle(1, new AlertLifecycle.Flapping(4, Duration.ofMinutes(10))), null);
    runs(503, 200, 503); // three changes, each told
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "STATE_CHANGE OK", "STATE_CHANGE CRITICAL");
    run(200); // the fourth within ten minutes
    assertThat(told()).hasSize(4).last().isEqualTo("FLAPPING OK");
    assertThat(state().lifecycle().flapping()).isTrue();
    runs(503, 200, 503, 200, 503); // nothing while it flaps
    assertThat(told()).hasSize(4);
    for (int i = 0; i < 9; i++) {
      run(503); // critical for nine minutes: not stable long enough
    }
    assertThat(told()).hasSize(4);
    assertThat(state().lifecycle().flapping()).isTrue();
    run(503); // ten minutes: stable; receivers last heard "flapping, now ok", so they are told it is critical now
    assertThat(state().lifecycle().flapping()).isFalse();
    assertThat(told()).hasSize(5).last().isEqualTo("STATE_CHANGE CRITICAL");
    run(503);
    assertThat(told()).hasSize(5);
    run(200); // back to normal alerting
    assertThat(told()).hasSize(6).last().isEqualTo("STATE_CHANGE OK");
  }

  @Test
  void aFlappingTaskStableInAnotherStateThanLastToldTellsIt() {
    start(new AlertLifecycle(1, new AlertLifecycle.Flapping(3, Duration.ofMinutes(5))), null);
    runs(503, 200, 503); // the third change makes it flapping: receivers last heard "ok"
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "STATE_CHANGE OK", "FLAPPING CRITICAL");
    for (int i = 0; i < 5; i++) {
      run(503);
    }
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "STATE_CHANGE OK", "FLAPPING CRITICAL",
        "STATE_CHANGE CRITICAL");
  }

  @Test
  void aFlappingTaskThatSettlesOnWhatReceiversHeardBeforeItFlappedIsStillTold() {
    start(new AlertLifecycle(1, new AlertLifecycle.Flapping(3, Duration.ofMinutes(5))), null);
    runs(503, 200, 503); // receivers last heard "flapping, now critical"; before that, "ok"
    assertThat(told()).last().isEqualTo("FLAPPING CRITICAL");
    for (int i = 0; i < 6; i++) {
      run(200);
    }
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "STATE_CHANGE OK", "FLAPPING CRITICAL",
        "STATE_CHANGE OK");
  }

  @Test
  void changesSpreadBeyondTheWindowAreNotFlapping() {
    start(new AlertLifecycle(1, new AlertLifecycle.Flapping(3, Duration.ofMinutes(3))), null);
    for (int i = 0; i < 3; i++) {
      runs(503, 503, 200, 200);
    }
    assertThat(told()).hasSize(6).doesNotContain("FLAPPING OK", "FLAPPING CRITICAL");
  }

  @Test
  void anAcknowledgedFailureGetsNoRemindersUntilItRecovers() {
    start(AlertLifecycle.DEFAULT, Duration.ofMinutes(2));
    run(503);
    runs(503, 503);
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "REMINDER CRITICAL");
    long task = argos.store().tasks(DOMAIN).get(0).taskId();
    Acknowledgements acks = argos.store().capability(Acknowledgements.class).orElseThrow();
    assertThat(acks.acknowledge(List.of(task), "alice", clock.instant())).containsExactly(task);
    assertThat(acks.acknowledge(List.of(task), "bob", clock.instant())).as("once").isEmpty();
    assertThat(state().lifecycle().ackedBy()).isEqualTo("alice");
    runs(503, 503, 503, 503, 503);
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "REMINDER CRITICAL");
    run(200);
    assertThat(state().lifecycle().acknowledged()).as("cleared on recovery").isFalse();
    runs(503, 503, 503);
    assertThat(told()).containsExactly("STATE_CHANGE CRITICAL", "REMINDER CRITICAL", "STATE_CHANGE OK",
        "STATE_CHANGE CRITICAL", "REMINDER CRITICAL");
    assertThat(acks.acknowledge(List.of(task), "alice", clock.instant())).containsExactly(task);
    assertThat(acks.unacknowledge(List.of(task))).containsExactly(task);
    runs(503, 503);
    assertThat(told()).hasSize(6).last().isEqualTo("REMINDER CRITICAL");
  }

  @Test
  void anOkTaskCannotBeAcknowledged() {
    start(AlertLifecycle.DEFAULT, null);
    long task = argos.store().tasks(DOMAIN).get(0).taskId();
    Acknowledgements acks = argos.store().capability(Acknowledgements.class).orElseThrow();
    assertThat(acks.acknowledge(List.of(task, 999_999L), "alice", clock.instant())).isEmpty();
  }

  @Test
  void aSignedLinkAcknowledgesItsTaskOnceUntilItExpires() {
    start(AlertLifecycle.DEFAULT, Duration.ofMinutes(2));
    run(503);
    assertThat(ackUrls).hasSize(1).allMatch(u -> u.startsWith("https://argos.example/ack/"));
    String token = ackUrls.get(0).substring("https://argos.example/ack/".length());
    long task = argos.store().tasks(DOMAIN).get(0).taskId();

    String[] parts = token.split("\\.");
    String otherTask = (task + 1) + token.substring(parts[0].length());
    assertThat(argos.acknowledgeByLink(otherTask)).as("tampered").isEmpty();
    assertThat(argos.acknowledgeByLink(token.substring(0, token.length() - 2) + "AA")).as("bad signature").isEmpty();
    assertThat(argos.acknowledgeByLink(token)).contains(task);
    assertThat(state().lifecycle().ackedBy()).isEqualTo("link");
    assertThat(argos.unacknowledge(List.of(task))).containsExactly(task);
    assertThat(argos.acknowledgeByLink(token)).as("once").isEmpty();
    assertThat(state().lifecycle().acknowledged()).isFalse();
  }

  @Test
  void anExpiredLinkDoesNothing() {
    start(AlertLifecycle.DEFAULT, null);
    run(503);
    String token = ackUrls.get(0).substring("https://argos.example/ack/".length());
    clock.advance(AckLinks.VALID);
    assertThat(argos.acknowledgeByLink(token)).isEmpty();
    assertThat(state().lifecycle().acknowledged()).isFalse();
  }

  @Test
  void recoveriesCarryNoLink() {
    start(AlertLifecycle.DEFAULT, null);
    runs(503, 200);
    assertThat(told()).hasSize(2);
    assertThat(ackUrls).hasSize(1);
  }
}
