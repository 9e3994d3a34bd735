package org.argos.postgres;

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
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.engine.internal.Delivery;
import org.argos.engine.internal.EngineMeters;
import org.argos.engine.internal.Liveness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: a change and its reversal are never delivered in the wrong order, with two delivering nodes on one
 * PostgreSQL database and the first attempt at the failures refused by the receiver.
 */
class OrderedDeliveryTwoNodesTest {
  @RegisterExtension
  static final PostgresDatabases PG = new PostgresDatabases();

  private static final int TASKS = 20;

  private final List<JdbcStore> stores = new ArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<Alert> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean refuseNextCritical = new AtomicBoolean(true);
  private String url;

  @BeforeEach
  void open() {
    url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/" + PG.create();
  }

  @AfterEach
  void close() {
    deliveries.forEach(Delivery::stop);
    stores.forEach(JdbcStore::close);
  }

  private JdbcStore node(String name) {
    JdbcStore store = JdbcStore.postgres(url).poolSize(3).poolName(name).build();
    stores.add(store);
    Notifier hook = new Notifier() {
      @Override
      public String channel() {
        return "hook";
      }

      @Override
      public void send(Notification n) {
        if (n.severity() == Severity.CRITICAL && refuseNextCritical.getAndSet(false)) {
          throw new org.argos.api.NotificationException("receiver busy");
        }
        received.addAll(n.alerts());
      }
    };
    Delivery d = new Delivery(store, Map.of("hook", hook), AlertRouting.all("hook"), Clock.systemUTC(), name,
        new Delivery.Settings(Duration.ZERO, 100, Duration.ofMillis(300), Duration.ofMillis(300), 10,
            Duration.ofSeconds(5), null), new EngineMeters(), new Liveness(Clock.systemUTC()));
    deliveries.add(d);
    return store;
  }

  private static StateChange change(long task, Severity previous, Severity current, Instant at) {
    String domain = "https://t" + task + ".example";
    return new StateChange(task, domain, domain + "/", "GET", IpVersion.IPV4, CheckSpec.of("status-is", 200), previous,
        current, at, "m", 0);
  }

  @Test
  void eachTasksRecoveryArrivesAfterItsFailure() {
    JdbcStore first = node("node1");
    node("node2");
    Instant t0 = Instant.now();
    for (long task = 1; task <= TASKS; task++) {
      first.enqueue(AlertKind.STATE_CHANGE, change(task, Severity.OK, Severity.CRITICAL, t0));
    }
    for (long task = 1; task <= TASKS; task++) {
      first.enqueue(AlertKind.STATE_CHANGE, change(task, Severity.CRITICAL, Severity.OK, t0.plusSeconds(30)));
    }
    deliveries.forEach(Delivery::start);

    await().atMost(Duration.ofSeconds(30)).until(() -> first.pendingAlerts() == 0);
    assertThat(refuseNextCritical).isFalse();
    for (long task = 1; task <= TASKS; task++) {
      long t = task;
      assertThat(received.stream().filter(a -> a.change().taskId() == t).map(Alert::severity))
          .as("task %d", t).containsExactly(Severity.CRITICAL, Severity.OK);
    }
  }
}
