package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.Alert;
import org.argos.api.AlertRouting;
import org.argos.api.Severity;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: when a silence ends (or is deleted) while a task it kept from receivers still fails, the failure is
 * announced then, once, without waiting for the task's next change or a reminder; a task that recovered meanwhile is
 * told nothing.
 */
class SilenceEndTest {
  private final FakeProbe probe = new FakeProbe();
  private final List<StateChange> changes = new CopyOnWriteArrayList<>();
  private final List<Alert> received = new CopyOnWriteArrayList<>();
  private final List<Argos> engines = new ArrayList<>();

  @AfterEach
  void closeEngines() {
    engines.forEach(Argos::close);
  }

  private Argos start() {
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
    Argos a = Argos.builder().probe(probe).install(new TestChecks.Status()).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500).grouping(Duration.ZERO, 20)
        .listener(changes::add).notifiers(recorder).routing(AlertRouting.all("ops")).build();
    engines.add(a);
    a.start();
    return a;
  }

  private static Site site(String domain) {
    return Site.builder(domain).ipVersions(true, false).frequency(Duration.ofMillis(300))
        .timeout(Duration.ofMillis(500)).path("/", p -> p.check("test-status", 200)).build();
  }

  private List<String> told(String domain) {
    return received.stream().filter(a -> a.change().domain().equals(domain))
        .map(a -> a.kind().name() + " " + a.change().previous() + "->" + a.severity()).toList();
  }

  @Test
  void aFailureStillFailingWhenItsSilenceEndsIsAnnouncedOnceAndARecoveredOneIsNot() {
    probe.set("http://down.test/", new FakeProbe.Status(503));
    probe.set("http://back.test/", new FakeProbe.Status(503));
    Argos argos = start();
    Instant now = Instant.now();
    argos.silence(new Silence("upgrade", null, "db", now.minusSeconds(60), now.plusSeconds(6), "db upgrade"));
    argos.register(site("http://down.test").toBuilder().tags("db").build());
    argos.register(site("http://back.test").toBuilder().tags("db").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.metrics().alertsSilenced() == 2
        && argos.store().pendingAlerts() == 0);
    probe.set("http://back.test/", new FakeProbe.Status(200)); // recovers during the silence
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream()
        .anyMatch(c -> c.domain().equals("http://back.test") && c.current() == Severity.OK));
    assertThat(Instant.now()).as("the silence still runs (the machine was too slow)").isBefore(now.plusSeconds(6));
    assertThat(received).isEmpty();

    // the silence ends; no reminders are configured and the failing task does not change
    await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    assertThat(told("http://down.test")).containsExactly("STATE_CHANGE OK->CRITICAL");
    assertThat(told("http://back.test")).isEmpty();
    assertThat(argos.store().withheldTasks(10)).hasSize(1); // the recovered task: its next failure is told as usual
  }

  @Test
  void aFailureStillFailingWhenItsSilenceIsDeletedIsAnnouncedOnce() {
    probe.set("http://down.test/", new FakeProbe.Status(503));
    Argos argos = start();
    Instant now = Instant.now();
    argos.silence(new Silence("upgrade", "http://down.test", null, now.minusSeconds(60), now.plusSeconds(3600), "up"));
    argos.register(site("http://down.test"));
    argos.register(site("http://up.test"));
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.metrics().alertsSilenced() == 1
        && argos.store().pendingAlerts() == 0);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(received::isEmpty);

    assertThat(argos.unsilence("upgrade")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    assertThat(told("http://down.test")).containsExactly("STATE_CHANGE OK->CRITICAL");
    assertThat(argos.store().withheldTasks(10)).isEmpty();
  }

  @Test
  void aFailureStillCoveredByAnotherSilenceStaysSilent() {
    probe.set("http://down.test/", new FakeProbe.Status(503));
    Argos argos = start();
    Instant now = Instant.now();
    argos.silence(new Silence("short", "http://down.test", null, now.minusSeconds(60), now.plusSeconds(3600), "a"));
    argos.silence(new Silence("long", null, "db", now.minusSeconds(60), now.plusSeconds(3600), "b"));
    argos.register(site("http://down.test").toBuilder().tags("db").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.metrics().alertsSilenced() == 1
        && argos.store().pendingAlerts() == 0);

    assertThat(argos.unsilence("short")).isTrue();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(received::isEmpty);
    assertThat(argos.unsilence("long")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    assertThat(told("http://down.test")).containsExactly("STATE_CHANGE OK->CRITICAL");
  }
}
