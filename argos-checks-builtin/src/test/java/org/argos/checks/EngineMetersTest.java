package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AlertRouting;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.engine.Argos;
import org.argos.engine.EngineMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's Micrometer meters count what it does: a real engine with the real probe (found by ServiceLoader)
 * against a loopback HTTP server, one path up, one down, and a port nobody listens on.
 */
class EngineMetersTest {
  private HttpServer server;
  private final List<Notification> sent = new CopyOnWriteArrayList<>();
  private final List<StateChange> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/up", x -> {
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.createContext("/down", x -> {
      x.sendResponseHeaders(500, -1);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private Notifier hook() {
    return new Notifier() {
      @Override
      public String channel() {
        return "hook";
      }

      @Override
      public void send(Notification n) {
        sent.add(n);
      }
    };
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Site site(String base, String path) {
    return Site.builder(base).ipVersions(true, false).frequency(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2))
        .path(path, p -> p.check("status-is", 200)).build();
  }

  @Test
  void theMetersCountRunsResultsChangesAlertsAndProbeErrors() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String nobody = "http://127.0.0.1:" + closedPort();
    try (Argos argos = Argos.builder().discoverPlugins(true).meterRegistry(registry).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 100).grouping(Duration.ZERO, 10)
        .notifiers(hook()).routing(AlertRouting.all("hook")).listener(changes::add).build()) {
      argos.register(site(base, "/up"));
      argos.register(site("http://localhost:" + server.getAddress().getPort(), "/down"));
      argos.register(site(nobody, "/"));
      argos.start();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(count(registry, "argos.groups.run")).isGreaterThanOrEqualTo(6);
        assertThat(sent.stream().mapToInt(n -> n.alerts().size()).sum()).as("alerts sent").isEqualTo(2);
      });
      assertThat(count(registry, "argos.notifications.sent")).isEqualTo(sent.size());

      assertThat(registry.get("argos.results").tag("severity", "ok").counter().count()).isPositive();
      assertThat(registry.get("argos.results").tag("severity", "critical").counter().count()).isPositive();
      assertThat(registry.get("argos.probe.errors").tag("class", "connect").counter().count())
          .as("the port nobody listens on").isPositive();
      assertThat(registry.find("argos.probe.errors").tag("class", "check-crash").counter()).isNull();
      assertThat(count(registry, "argos.groups.claimed")).isGreaterThanOrEqualTo(count(registry, "argos.groups.run"));
      assertThat(count(registry, "argos.checks.run")).isGreaterThanOrEqualTo(6);
      assertThat(count(registry, "argos.state.changes")).as("what listeners were told").isEqualTo(changes.size())
          .isGreaterThanOrEqualTo(3); // pending to ok, pending to critical twice
      assertThat(count(registry, "argos.alerts.decided")).as("the two sites down").isEqualTo(2);
      assertThat(count(registry, "argos.notifications.failed")).isZero();
      assertThat(sent).isNotEmpty();

      Timer lag = registry.get("argos.start.lag").timer();
      assertThat(lag.count()).isGreaterThanOrEqualTo(6);
      HistogramSnapshot snapshot = lag.takeSnapshot();
      assertThat(Arrays.stream(snapshot.percentileValues()).map(ValueAtPercentile::percentile))
          .containsExactly(0.5, 0.9, 0.99);
      // its histogram buckets show in a registry that aggregates them (the daemon's Prometheus one: ServerTest)
      assertThat(registry.get("argos.probe.latency").timer().count()).isGreaterThanOrEqualTo(6);

      EngineMetrics m = argos.metrics(); // the engine's own reading of the same meters
      assertThat(m.groupsRun()).isGreaterThanOrEqualTo(6);
      assertThat(m.stateChanges()).isEqualTo(changes.size());
      assertThat(m.alertsDecided()).isEqualTo(2);
      assertThat(m.lagP99()).isLessThan(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> count(registry, "argos.results.written") >= m.resultsWritten() && m.resultsWritten() > 0);
      assertThat(registry.get("argos.groups.held").gauge().value()).isLessThanOrEqualTo(3);
      assertThat(registry.get("argos.store.writes.failing").gauge().value()).isZero();
    }
    assertThat(registry.find("argos.groups.run").meters()).as("a closed engine leaves the host's registry").isEmpty();
  }

  @Test
  void withoutARegistryTheEngineStillReadsItsMeters() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try (Argos argos = Argos.builder().discoverPlugins(true).firstRunSpread(Duration.ZERO).build()) {
      argos.register(site(base, "/up"));
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.metrics().resultsWritten() >= 2);
      EngineMetrics m = argos.metrics();
      assertThat(m.groupsClaimed()).isGreaterThanOrEqualTo(m.groupsRun());
      assertThat(m.groupsRun()).isGreaterThanOrEqualTo(2);
      assertThat(m.lagMax()).isGreaterThanOrEqualTo(m.lagP50());
    }
  }

  private static double count(MeterRegistry registry, String name) {
    return registry.get(name).counter().count();
  }
}
