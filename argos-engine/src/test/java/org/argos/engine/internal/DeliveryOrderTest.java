package org.argos.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.AlertRouting;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.Silence;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.engine.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, "smaller": a task's change and its reversal are delivered in order, across retries and nodes; and what
 * follows a silence of a failure is told as that failure, or not at all.
 */
class DeliveryOrderTest {
  // recent: delivery forgets silences that ended more than a day ago
  private static final Instant T0 =
      Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  private final InMemoryStore store = new InMemoryStore();
  private final List<Alert> received = new CopyOnWriteArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();

  @AfterEach
  void stop() {
    deliveries.forEach(Delivery::stop);
  }

  /** Receives everything, except that the first notification holding a critical alert fails. */
  private Notifier hook(AtomicBoolean failNextCritical) {
    return new Notifier() {
      @Override
      public String channel() {
        return "hook";
      }

      @Override
      public void send(Notification n) {
        if (n.alerts().stream().anyMatch(a -> a.severity() == Severity.CRITICAL) && failNextCritical.getAndSet(false)) {
          throw new org.argos.api.NotificationException("receiver down for a moment");
        }
        received.addAll(n.alerts());
      }
    };
  }

  private Delivery delivery(String node, Notifier hook) {
    Delivery d = new Delivery(store, Map.of("hook", hook), AlertRouting.all("hook"), Clock.systemUTC(), node,
        new Delivery.Settings(Duration.ZERO, 50, Duration.ofMillis(300), Duration.ofMillis(300), 10,
            Duration.ofSeconds(5), null), new EngineMeters(), new Liveness(Clock.systemUTC()));
    deliveries.add(d);
    return d;
  }

  private static StateChange change(long task, Severity previous, Severity current, Instant at) {
    String domain = "https://t" + task + ".example";
    return new StateChange(task, domain, domain + "/", "GET", IpVersion.IPV4, CheckSpec.of("status-is", 200), previous,
        current, at, current == Severity.OK ? "status 200" : "status 503", 0);
  }

  private List<String> told(long task) {
    return received.stream().filter(a -> a.change().taskId() == task)
        .map(a -> a.kind().name() + " " + a.change().previous() + "->" + a.severity()).toList();
  }

  @Test
  void aRecoveryNeverOvertakesItsFailureAcrossARetryAndTwoNodes() {
    AtomicBoolean fail = new AtomicBoolean(true);
    Notifier hook = hook(fail);
    store.enqueue(AlertKind.STATE_CHANGE, change(1, Severity.OK, Severity.CRITICAL, T0));
    store.enqueue(AlertKind.STATE_CHANGE, change(1, Severity.CRITICAL, Severity.OK, T0.plusSeconds(30)));
    delivery("n1", hook).start();
    delivery("n2", hook).start();

    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0);
    assertThat(fail).isFalse(); // the critical one did fail once
    assertThat(told(1)).containsExactly("STATE_CHANGE OK->CRITICAL", "STATE_CHANGE CRITICAL->OK");
  }

  @Test
  void aReminderAfterASilencedFailureIsToldAsTheFailureAndItsRecoveryAfterIt() {
    Delivery d = delivery("n1", hook(new AtomicBoolean()));
    d.silence(new Silence("upgrade", "https://t2.example", null, T0, T0.plusSeconds(3600), "upgrade"));
    store.enqueue(AlertKind.STATE_CHANGE, change(2, Severity.OK, Severity.CRITICAL, T0.plusSeconds(60)));
    d.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0);
    assertThat(told(2)).isEmpty();

    // the silence is over; the task still fails: the reminder is the first the receivers hear of it
    store.enqueue(AlertKind.REMINDER, change(2, Severity.CRITICAL, Severity.CRITICAL, T0.plusSeconds(7200)));
    d.wakeUp();
    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0 && !received.isEmpty());
    store.enqueue(AlertKind.STATE_CHANGE, change(2, Severity.CRITICAL, Severity.OK, T0.plusSeconds(7300)));
    d.wakeUp();
    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0 && received.size() == 2);

    assertThat(told(2)).containsExactly("STATE_CHANGE OK->CRITICAL", "STATE_CHANGE CRITICAL->OK");
  }

  @Test
  void aFailureSilencedToItsEndSendsNoRemindersNorRecoveryAfterTheSilence() {
    Delivery d = delivery("n1", hook(new AtomicBoolean()));
    d.silence(new Silence("upgrade", "https://t3.example", null, T0, T0.plusSeconds(3600), "upgrade"));
    store.enqueue(AlertKind.STATE_CHANGE, change(3, Severity.OK, Severity.CRITICAL, T0.plusSeconds(60)));
    store.enqueue(AlertKind.STATE_CHANGE, change(3, Severity.CRITICAL, Severity.OK, T0.plusSeconds(7200)));
    // another task, not silenced, shows the loop went round
    store.enqueue(AlertKind.STATE_CHANGE, change(4, Severity.OK, Severity.CRITICAL, T0.plusSeconds(7200)));
    d.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingAlerts() == 0);

    assertThat(told(3)).isEmpty();
    assertThat(told(4)).containsExactly("STATE_CHANGE OK->CRITICAL");
    assertThat(store.silencedTasks(List.of(3L, 4L))).containsExactly(Map.entry(3L, Severity.OK));

    // the next failure, not silenced, is told as usual
    store.enqueue(AlertKind.STATE_CHANGE, change(3, Severity.OK, Severity.WARNING, T0.plusSeconds(9000)));
    d.wakeUp();
    await().atMost(Duration.ofSeconds(20)).until(() -> !told(3).isEmpty());
    assertThat(told(3)).containsExactly("STATE_CHANGE OK->WARNING");
    assertThat(store.silencedTasks(List.of(3L, 4L))).isEmpty();
  }
}
