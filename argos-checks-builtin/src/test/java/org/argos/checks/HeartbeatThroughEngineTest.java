package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.argos.api.InvalidSiteException;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.engine.Argos;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A push monitor end to end through the engine: the engine's own push probe reads the calls recorded through
 * {@code Argos.pushTokens()} (what the web route does), and the heartbeat check turns their age into a severity, on a
 * hand-moved clock.
 */
class HeartbeatThroughEngineTest {
  private static final String SITE = "push://backup-job";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
  private Argos argos;

  @AfterEach
  void close() {
    if (argos != null) {
      argos.close();
    }
  }

  private TaskStatus task() {
    return argos.store().tasks(SITE).getFirst();
  }

  /** Moves the clock and waits for the task's run after that time. */
  private TaskStatus after(Duration d) {
    Instant before = clock.instant();
    clock.advance(d);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      TaskStatus t = task();
      return t.state() != null && !t.state().lastRunAt().isBefore(before.plus(d));
    });
    return task();
  }

  @Test
  void aMissedCallIsCriticalAndAFailedOneToo() {
    argos = Argos.builder().clock(clock).store(new InMemoryStore()).probe(r -> {
      throw new AssertionError("no http site here");
    }).install(BuiltinChecks.all()).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500).build();
    argos.register(Site.builder(SITE).ipVersions(true, false).frequency(Duration.ofMinutes(1))
        .path("/", p -> p.check("heartbeat", Map.of("period", "1h", "grace", "5m"))).build());
    argos.pushTokens().record(SITE, true, "backup done");
    argos.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> task().state() != null);
    assertThat(task().state().severity()).isEqualTo(Severity.OK);

    TaskStatus t = after(Duration.ofMinutes(64));
    assertThat(t.state().severity()).isEqualTo(Severity.OK);
    t = after(Duration.ofMinutes(2)); // 1h6m since the call: past period + grace
    assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(argos.store().results(t.taskId(), 1).getFirst().result().message())
        .contains("no call of the push URL for 1h6m");

    argos.pushTokens().record(SITE, true, null);
    assertThat(after(Duration.ofMinutes(1)).state().severity()).isEqualTo(Severity.OK);

    argos.pushTokens().record(SITE, false, "disk full");
    t = after(Duration.ofMinutes(1));
    assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(argos.store().results(t.taskId(), 1).getFirst().result().message()).contains("disk full");
  }

  @Test
  void anHttpCheckOnAPushSiteIsRefusedNamingBoth() {
    argos = Argos.builder().clock(clock).probe(r -> {
      throw new AssertionError("not called");
    }).install(BuiltinChecks.all()).build();
    assertThatThrownBy(() -> argos.register(Site.builder(SITE).path("/", p -> p.check("status-is", 200)).build()))
        .isInstanceOf(InvalidSiteException.class).hasMessageContaining("status-is").hasMessageContaining("push");
  }
}
