package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.AlertKind;
import org.argos.api.AlertRouting;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.Acknowledgements;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §6, the daily digest: once a day at the channel's local time, one message of what still fails among the
 * tasks routed to the channel, worst first, acknowledged tasks marked; not before its time, once a day, across a DST
 * change.
 */
class DailyDigestTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final FakeProbe probe = new FakeProbe();
  private final List<Notification> digests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ticks = new AtomicInteger();
  // Saturday 2026-03-28 in Paris; the clocks go forward on Sunday at 02:00 (UTC+1 -> UTC+2)
  private final MutableClock clock = new MutableClock(paris("2026-03-28T07:00"));
  private Argos argos;
  private boolean tickDown;

  @AfterEach
  void close() {
    if (argos != null) {
      argos.close();
    }
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  private Notifier channel(String name) {
    return new Notifier() {
      @Override
      public String channel() {
        return name;
      }

      @Override
      public void send(Notification n) {
        if (n.digest() != null) {
          assertThat(name).isEqualTo("ops");
          digests.add(n);
        } else if (name.equals("ticks")) {
          ticks.incrementAndGet();
        }
      }
    };
  }

  private static Site site(String domain, String check, AlertRouting routing) {
    return Site.builder(domain).ipVersions(true, false).frequency(Duration.ofMinutes(1))
        .timeout(Duration.ofMillis(500)).path("/", p -> p.check(check, 200)).routing(routing).build();
  }

  private static void until(java.util.concurrent.Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(20)).until(condition);
  }

  /**
   * Moves the clock to {@code local} in Paris, then waits for a delivery round at that time: a site routed to another
   * channel changes, and its alert is sent (each round looks for due digests before it claims alerts).
   */
  private void roundAt(String local) {
    roundAt(local, 0);
  }

  /** As {@link #roundAt(String)}, with {@code waiting} alerts left in the outbox (a retry not due yet). */
  private void roundAt(String local, int waiting) {
    tickDown = !tickDown;
    probe.set("http://tick.test/", new FakeProbe.Status(tickDown ? 503 : 200));
    int before = ticks.get();
    clock.advance(Duration.between(clock.instant(), paris(local)));
    until(() -> ticks.get() > before && argos.store().pendingAlerts() == waiting);
  }

  @Test
  void aDigestAtEightLocalOncePerDayWorstFirstAcrossTheDstChange() {
    probe.set("http://down.test/", new FakeProbe.Status(503));
    probe.set("http://late.test/", new FakeProbe.Status(200));
    probe.set("http://fine.test/", new FakeProbe.Status(200));
    probe.set("http://elsewhere.test/", new FakeProbe.Status(503));
    probe.set("http://tick.test/", new FakeProbe.Status(200));
    argos = Argos.builder().clock(clock).probe(probe).install(new TestChecks.Status()).install(new TestChecks.Explode())
        .firstRunSpread(Duration.ZERO).claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500)
        .grouping(Duration.ZERO, 20).notifiers(channel("ops"), channel("pager"), channel("ticks"))
        .routing(AlertRouting.all("ops")).digest("ops", LocalTime.of(8, 0), PARIS).build();
    argos.start();
    argos.register(site("http://down.test", "test-status", null));
    argos.register(site("http://odd.test", "test-explode", null)); // unknown: worse than critical
    argos.register(site("http://late.test", "test-status", null));
    argos.register(site("http://fine.test", "test-status", null));
    argos.register(site("http://elsewhere.test", "test-status", AlertRouting.all("pager"))); // not ops' task
    argos.register(site("http://tick.test", "test-status", AlertRouting.all("ticks")));
    until(() -> argos.store().tasks("http://odd.test").get(0).state() != null && argos.store().pendingAlerts() == 0);
    long down = argos.store().tasks("http://down.test").get(0).taskId();
    Acknowledgements acks = argos.store().capability(Acknowledgements.class).orElseThrow();
    assertThat(acks.acknowledge(List.of(down), "alice", clock.instant())).containsExactly(down);

    probe.set("http://late.test/", new FakeProbe.Status(503)); // fails from 07:30: listed after down.test
    roundAt("2026-03-28T07:30");
    roundAt("2026-03-28T07:59");
    assertThat(digests).as("not before 08:00").isEmpty();

    clock.advance(Duration.between(clock.instant(), paris("2026-03-28T08:00")));
    until(() -> digests.size() == 1);
    Notification n = digests.get(0);
    Notification.Digest d = n.digest();
    assertThat(d.date()).isEqualTo(LocalDate.parse("2026-03-28"));
    assertThat(d.tasks()).extracting(e -> e.domain() + " " + e.severity() + " " + e.ackedBy()).containsExactly(
        "http://odd.test UNKNOWN null", "http://down.test CRITICAL alice", "http://late.test CRITICAL null");
    assertThat(d.failing()).isEqualTo(3);
    assertThat(d.acknowledged()).isEqualTo(1);
    assertThat(n.alerts()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.DIGEST);
      assertThat(a.severity()).isEqualTo(Severity.UNKNOWN);
      assertThat(a.change().message()).isEqualTo("daily digest 2026-03-28: 3 tasks failing (1 acknowledged), worst unknown");
    });
    String firstKey = n.idempotencyKey();

    roundAt("2026-03-28T12:00");
    roundAt("2026-03-28T23:59");
    roundAt("2026-03-29T07:59"); // 05:59 UTC: summer time began at 02:00
    assertThat(digests).as("once a day, and not before 08:00 summer time").hasSize(1);

    clock.advance(Duration.between(clock.instant(), paris("2026-03-29T08:00")));
    until(() -> digests.size() == 2);
    assertThat(Duration.between(paris("2026-03-28T08:00"), paris("2026-03-29T08:00"))).hasHours(23);
    assertThat(digests.get(1).digest().date()).isEqualTo(LocalDate.parse("2026-03-29"));
    assertThat(digests.get(1).idempotencyKey()).isNotEqualTo(firstKey);
    roundAt("2026-03-29T20:00");
    assertThat(digests).hasSize(2);
  }

  @Test
  void nothingFailingSendsAShortAllClear() {
    probe.set("http://fine.test/", new FakeProbe.Status(200));
    probe.set("http://tick.test/", new FakeProbe.Status(200));
    argos = Argos.builder().clock(clock).probe(probe).install(new TestChecks.Status()).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500).grouping(Duration.ZERO, 20)
        .notifiers(channel("ops"), channel("ticks")).routing(AlertRouting.all("ops"))
        .digest("ops", LocalTime.of(8, 0), PARIS).build();
    argos.start();
    argos.register(site("http://fine.test", "test-status", null));
    argos.register(site("http://tick.test", "test-status", AlertRouting.all("ticks")));
    until(() -> argos.store().tasks("http://fine.test").get(0).state() != null);
    clock.advance(Duration.between(clock.instant(), paris("2026-03-28T08:00")));
    until(() -> digests.size() == 1);
    Notification n = digests.get(0);
    assertThat(n.digest().tasks()).isEmpty();
    assertThat(n.severity()).isEqualTo(Severity.OK);
    assertThat(n.alerts().get(0).change().message())
        .isEqualTo("daily digest 2026-03-28: all clear, nothing routed to ops is failing");
  }

  @Test
  void aDigestForAnUnknownChannelIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Argos.builder().clock(clock).probe(probe)
        .notifiers(channel("ops")).digest("opz", LocalTime.of(8, 0), PARIS).build())
        .hasMessageContaining("daily digest is set for channel 'opz'");
  }

  @Test
  void aFailedSendIsRetriedUnderTheSameKeyAndTheDigestIsNotEnqueuedAgain() {
    probe.set("http://down.test/", new FakeProbe.Status(503));
    probe.set("http://tick.test/", new FakeProbe.Status(200));
    List<String> attempts = new CopyOnWriteArrayList<>();
    Notifier flaky = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) throws org.argos.api.NotificationException {
        if (n.digest() != null) {
          attempts.add(n.idempotencyKey() + " " + n.digest().failing());
          if (attempts.size() == 1) {
            throw new org.argos.api.NotificationException("receiver down");
          }
          digests.add(n);
        }
      }
    };
    argos = Argos.builder().clock(clock).probe(probe).install(new TestChecks.Status()).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500).grouping(Duration.ZERO, 20)
        .notificationRetry(Duration.ofMinutes(5), Duration.ofMinutes(30), 5, Duration.ofSeconds(5))
        .notifiers(flaky, channel("ticks")).routing(AlertRouting.all("ops"))
        .digest("ops", LocalTime.of(8, 0), PARIS).build();
    argos.start();
    argos.register(site("http://down.test", "test-status", null));
    argos.register(site("http://tick.test", "test-status", AlertRouting.all("ticks")));
    until(() -> argos.store().tasks("http://down.test").get(0).state() != null && argos.store().pendingAlerts() == 0);
    clock.advance(Duration.between(clock.instant(), paris("2026-03-28T08:00")));
    until(() -> attempts.size() == 1 && argos.store().pendingAlerts() == 1);
    assertThat(digests).isEmpty();
    roundAt("2026-03-28T08:01", 1); // before the retry is due: nothing, and no second digest is enqueued
    assertThat(attempts).hasSize(1);
    clock.advance(Duration.between(clock.instant(), paris("2026-03-28T08:05"))); // the retry is due
    until(() -> digests.size() == 1 && argos.store().pendingAlerts() == 0);
    assertThat(attempts).hasSize(2).allMatch(a -> a.equals(attempts.get(0)));
    roundAt("2026-03-28T09:00");
    assertThat(attempts).hasSize(2);
  }
}
