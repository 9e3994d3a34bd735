package org.argos.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.TaskStatus;
import org.argos.checks.http.HostResolver;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host program's view: 1,000 sites with distinct host names, all served by one in-process HTTP server on loopback
 * (the probe's resolver maps every name to 127.0.0.1), checked by the real probe and the built-in checks, plus a
 * third-party check jar (examples/custom-check) found by name: this host opts in to plugin discovery.
 */
class EmbeddingTest {
  private static final int SITES = 1000;
  private static final Duration PERIOD = Duration.ofSeconds(30);

  private HttpServer server;
  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  private final Set<String> hostsSeen = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      String host = exchange.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
      hostsSeen.add(host);
      byte[] body = ("<html><body>Hello from " + host + "</body></html>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
      exchange.sendResponseHeaders(broken.contains(host) ? 503 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String domain(int i) {
    return "http://site" + i + ".test:" + server.getAddress().getPort();
  }

  @Test
  void everySiteIsCheckedWithinOnePeriodAndABreakIsReported() {
    List<StateChange> changes = new CopyOnWriteArrayList<>();
    HttpProbe probe = HttpProbe.builder().resolver(HostResolver.loopback()).build();
    try (Argos argos = Argos.builder().probe(probe).discoverPlugins(true).listener(changes::add).build()) {
      Instant start = Instant.now();
      for (int i = 0; i < SITES; i++) {
        argos.register(Site.builder(domain(i)).frequency(PERIOD).ipVersions(true, false)
            .path("/", p -> p.check("status-is", 200).check("body-contains", "Hello")
                .check("security-headers", List.of("x-content-type-options")))
            .build());
      }
      argos.start();
      // first runs are spread over the period: all 3,000 tasks have a result within it (plus slack for a busy CI)
      await().atMost(PERIOD.plusSeconds(20)).pollInterval(Duration.ofMillis(500))
          .until(() -> argos.status().counts().ok() == 3L * SITES);
      assertThat(hostsSeen).hasSize(SITES);
      assertThat(Duration.between(start, Instant.now())).isLessThan(PERIOD.plusSeconds(20));

      broken.add("site42.test");
      argos.rescheduleAll();
      await().atMost(Duration.ofSeconds(30)).until(() -> changes.stream()
          .anyMatch(c -> c.domain().equals(domain(42)) && c.current() == Severity.CRITICAL));
      StateChange change = changes.stream().filter(c -> c.current() == Severity.CRITICAL).findFirst().orElseThrow();
      assertThat(change.check().type()).isEqualTo("status-is");
      assertThat(change.previous()).isEqualTo(Severity.OK);
      assertThat(argos.status().domains().get(0).domain()).isEqualTo(domain(42));

      List<TaskStatus> tasks = argos.store().tasks(domain(42));
      assertThat(tasks).extracting(t -> t.check().type() + "=" + t.state().severity())
          .containsExactly("body-contains=OK", "security-headers=OK", "status-is=CRITICAL");
    }
  }
}
