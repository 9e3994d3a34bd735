package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AddressRange;
import org.argos.api.AlertRouting;
import org.argos.api.Recurrence;
import org.argos.api.Severity;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §5: a recurring maintenance window holds alerts during each of its windows; checks keep running; when a
 * window ends, each channel gets one notification listing what is still broken among the sites it silenced.
 */
class RecurringSilenceTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final FakeProbe probe = new FakeProbe();
  private final List<StateChange> changes = new CopyOnWriteArrayList<>();
  private final List<String> sent = new CopyOnWriteArrayList<>(); // per notification: channel and alerts
  private final List<Argos> engines = new ArrayList<>();
  // Saturday 2026-12-05, 02:10 in Paris: inside the weekend window (02:00 to 04:00)
  private final MutableClock clock = new MutableClock(paris("2026-12-05T02:10"));

  @AfterEach
  void closeEngines() {
    engines.forEach(Argos::close);
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  /** Each alert told, as "channel domain severity", however the alerts were grouped into messages. */
  private final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Notifier channel(String name) {
    return new Notifier() {
      @Override
      public String channel() {
        return name;
      }

      @Override
      public void send(Notification n) {
        sent.add(name + " " + n.alerts().stream()
            .map(a -> a.change().domain() + " " + a.change().previous() + "->" + a.severity()).sorted().toList());
        n.alerts().forEach(a -> told.add(name + " " + a.change().domain() + " " + a.severity()));
      }
    };
  }

  private Argos start() {
    Argos a = Argos.builder().clock(clock).probe(probe).install(new TestChecks.Status()).install(new TestChecks.Explode()).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500).grouping(Duration.ZERO, 20)
        .listener(changes::add).notifiers(channel("ops"), channel("pager")).routing(AlertRouting.all("ops", "pager"))
        .build();
    engines.add(a);
    a.start();
    return a;
  }

  private static Site site(String domain, String... tags) {
    return Site.builder(domain).ipVersions(true, false).frequency(Duration.ofMinutes(1))
        .timeout(Duration.ofMillis(500)).path("/", p -> p.check("test-status", 200)).tags(tags).build();
  }

  /** @return per notification: its channel and the domains it lists, with their severity */
  private List<String> notifications() {
    return List.copyOf(sent);
  }

  private void until(java.util.concurrent.Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(20)).until(condition);
  }

  @Test
  void eachWindowOfAWeekendSilenceEndsWithOneSummaryPerChannelOfWhatStillFails() {
    probe.set("http://down1.test/", new FakeProbe.Status(503));
    probe.set("http://down2.test/", new FakeProbe.Status(503));
    probe.set("http://back.test/", new FakeProbe.Status(503));
    probe.set("http://other.test/", new FakeProbe.Status(200));
    Argos argos = start();
    Recurrence weekend = Recurrence.weekly(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 0),
        Duration.ofHours(2), PARIS);
    argos.silence(new Silence("weekend", null, "db", clock.instant().minus(Duration.ofDays(1)), Silence.NO_END,
        "weekly backups", weekend, Set.of(), null));
    argos.register(site("http://down1.test", "db"));
    argos.register(site("http://down2.test", "db"));
    argos.register(site("http://back.test", "db"));
    argos.register(site("http://other.test"));
    argos.register(Site.builder("http://odd.test").ipVersions(true, false).frequency(Duration.ofMinutes(1))
        .timeout(Duration.ofMillis(500)).path("/", p -> p.check("test-explode", 1)).tags("db").build()); // unknown
    until(() -> argos.metrics().alertsSilenced() == 4 && argos.store().pendingAlerts() == 0);

    // checks keep running in the window: back.test recovers, and its recovery is held too
    probe.set("http://back.test/", new FakeProbe.Status(200));
    clock.advance(Duration.ofMinutes(1));
    until(() -> changes.stream().anyMatch(c -> c.domain().equals("http://back.test") && c.current() == Severity.OK)
        && argos.store().pendingAlerts() == 0);
    assertThat(sent).isEmpty();

    // the window ends at 04:00: one message per channel, listing the three sites that still fail, whatever their
    // severity (grouped alerts are otherwise split by severity)
    clock.advance(Duration.between(clock.instant(), paris("2026-12-05T04:00")));
    until(() -> sent.size() >= 2 && argos.store().pendingAlerts() == 0);
    assertThat(notifications()).containsExactlyInAnyOrder(
        "ops [http://down1.test OK->CRITICAL, http://down2.test OK->CRITICAL, http://odd.test OK->UNKNOWN]",
        "pager [http://down1.test OK->CRITICAL, http://down2.test OK->CRITICAL, http://odd.test OK->UNKNOWN]");

    // Sunday's window: back.test fails again in it, and is told when that window ends; down1/down2 were told already
    clock.advance(Duration.between(clock.instant(), paris("2026-12-06T02:30")));
    probe.set("http://back.test/", new FakeProbe.Status(503));
    long silencedBefore = argos.metrics().alertsSilenced();
    clock.advance(Duration.ofMinutes(1));
    until(() -> argos.metrics().alertsSilenced() > silencedBefore && argos.store().pendingAlerts() == 0);
    assertThat(sent).hasSize(2);
    clock.advance(Duration.between(clock.instant(), paris("2026-12-06T04:00")));
    until(() -> sent.size() >= 4 && argos.store().pendingAlerts() == 0);
    assertThat(notifications().subList(2, 4)).containsExactlyInAnyOrder("ops [http://back.test OK->CRITICAL]",
        "pager [http://back.test OK->CRITICAL]");
  }

  @Test
  void aBulkSilenceOfAListOfDomainsAndOneByAddressHoldOnlyTheirSites() {
    probe.fallback(new FakeProbe.Status(503));
    Argos argos = start();
    Instant now = clock.instant();
    argos.silence(new Silence("bulk", null, null, now.minusSeconds(60), now.plus(Duration.ofHours(2)), "300 sites",
        null, Set.of("http://a.test", "http://b.test"), null));
    argos.silence(new Silence("backend", null, null, now.minusSeconds(60), now.plus(Duration.ofHours(2)), "10.0.0.0/24",
        null, Set.of(), AddressRange.parse("10.0.0.0/24")));
    for (String d : List.of("http://a.test", "http://b.test", "http://c.test", "http://10.0.0.5", "http://10.0.1.5")) {
      argos.register(site(d));
    }
    // the two sites' first results may be recorded in one batch or two, so they may go in one message or two: what
    // counts here is which alerts are told, not how they are grouped
    until(() -> argos.metrics().alertsSilenced() == 3 && argos.store().pendingAlerts() == 0 && told.size() >= 4);
    assertThat(told).containsExactlyInAnyOrder("ops http://10.0.1.5 CRITICAL", "ops http://c.test CRITICAL",
        "pager http://10.0.1.5 CRITICAL", "pager http://c.test CRITICAL");
  }
}
