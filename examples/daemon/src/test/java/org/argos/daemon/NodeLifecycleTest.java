package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.ArgosException;
import org.argos.api.TaskStatus;
import org.argos.api.store.ClaimedGroup;
import org.argos.postgres.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.ConfigException;

/**
 * The daemon's engine node across stops and restarts (issue 17, failure 4): its id is kept next to the embedded
 * database (or configured, and checked), and SIGTERM records the runs in progress and releases the claims before the
 * database closes.
 */
class NodeLifecycleTest {
  @TempDir Path dir;

  private HttpServer site;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile long siteDelayMillis = 8_000;

  @BeforeEach
  void startSite() throws Exception {
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    site.createContext("/", ex -> {
      requests.incrementAndGet();
      try {
        Thread.sleep(siteDelayMillis); // a slow site: its run is in progress when the daemon is asked to stop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    site.start();
  }

  @AfterEach
  void stopSite() {
    site.stop(0);
  }

  private Path config(String argosJava) throws Exception {
    Path cfg = dir.resolve("argos-config.yaml");
    Files.writeString(cfg, """
        general:
          db:
            url: "sqlite:///%s/argos.db"
          frequency: "5m"
          ipv6: false
        service:
          secrets: ["4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"]
        argos_java:
          first_run_spread: 0
        %s
        websites:
          - domain: "http://127.0.0.1:%d"
            paths:
              - path: "/"
                checks:
                  - status-is: 200
        """.formatted(dir.resolve("data"), argosJava, site.getAddress().getPort()));
    return cfg;
  }

  private Server start(Path cfg) {
    return Server.start(new Server.Options(cfg, "127.0.0.1", 0, java.util.Map.of(), dir, null, null, List.of(),
        Stores.DEFAULT));
  }

  @Test
  void theNodeIdIsKeptNextToTheEmbeddedDatabaseAcrossRestarts() throws Exception {
    Path cfg = config("");
    String first;
    try (Server s = start(cfg)) {
      first = s.argos().nodeId();
    }
    Path file = dir.resolve("data/argos.node-id");
    assertThat(Files.readString(file).strip()).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (Server s = start(cfg)) {
      assertThat(s.argos().nodeId()).isEqualTo(first);
    }
    try (Server s = start(config("  node_id: edge-1.paris"))) {
      assertThat(s.argos().nodeId()).isEqualTo("edge-1.paris"); // configured wins
    }
    Files.writeString(file, "not a node id!\n");
    assertThatThrownBy(() -> start(config(""))).isInstanceOf(ArgosException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not a node id");
  }

  @Test
  void aBadNodeIdOrLeaseIsAConfigErrorNamingTheField() throws Exception {
    assertThatThrownBy(() -> start(config("  node_id: \"a b/c\"\n  claim_lease: 0s\n  heartbeat_misses: 0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("argos_java.node_id").hasMessageContaining("'a b/c'")
        .hasMessageContaining("argos_java.claim_lease").hasMessageContaining("argos_java.heartbeat_misses");
  }

  @Test
  void aDaemonKilledWithItsClaimsChecksAgainWithinSecondsOfItsRestart() throws Exception {
    // heartbeats so slow that taking over a silent node (3 minutes) cannot be what saves the restart
    Path cfg = config("  heartbeat: 60s");
    Process first = daemon(cfg, dir.resolve("first.log"));
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() > 0); // claimed, its probe waits
      // H2 writes committed changes to its file within about a second: a kill -9 before would lose the claim itself
      Thread.sleep(3_000);
    } finally {
      first.destroyForcibly(); // kill -9
      first.waitFor(30, TimeUnit.SECONDS);
    }
    siteDelayMillis = 0;
    int before = requests.get();
    Process second = daemon(cfg, dir.resolve("second.log"));
    try {
      // before: a new node id, and the old one's claim kept the site waiting for the 2-minute lease
      await().atMost(Duration.ofSeconds(40)).until(() -> requests.get() > before);
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
      second.destroyForcibly();
    }
  }

  private Process daemon(Path cfg, Path log) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "server", "start", "--config", cfg.toString(),
        "--port", "0");
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  @Test
  void sigtermRecordsTheRunInProgressAndReleasesItsClaimBeforeTheDatabaseCloses() throws Exception {
    stopAndCheck();
  }

  @Test
  void sigtermRightAfterARunLeavesTheDatabaseClean() throws Exception {
    siteDelayMillis = 0; // the engine's last writes (claims, node row) race H2's own shutdown hook
    stopAndCheck();
  }

  private void stopAndCheck() throws Exception {
    Path cfg = config("");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "server", "start", "--config",
        cfg.toString(), "--port", "0"));
    Path out = dir.resolve("daemon.log");
    Process daemon = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    try {
      // started (signals handled from then on), and its probe waits for the slow site
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("argos listening on"));
      await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() > 0);
      daemon.destroy(); // SIGTERM
      assertThat(daemon.waitFor(90, TimeUnit.SECONDS)).isTrue();
    } finally {
      daemon.destroyForcibly();
    }
    String log = Files.readString(out);
    assertThat(log).as("daemon output").doesNotContain("Database is already closed")
        .containsPattern("Argos node \\S+ stopped");
    String domain = "http://127.0.0.1:" + site.getAddress().getPort();
    try (JdbcStore store = JdbcStore.embedded(dir.resolve("data/argos")).build()) {
      // before: H2's shutdown hook closed the database under the engine, which could neither record nor release
      assertThat(store.tasks(domain))
          .as("the run in progress was recorded; daemon exit %d, output:\n%s", daemon.exitValue(), log)
          .extracting(TaskStatus::state).doesNotContainNull();
      Instant farAhead = Instant.now().plus(Duration.ofHours(1));
      assertThat(store.claimDue("checker", Instant.now(), farAhead, 10, farAhead)).extracting(ClaimedGroup::domain)
          .as("the group is not claimed any more; daemon output:\n%s", log).containsExactly(domain);
      assertThat(store.takeOverSilentNodes("checker", Duration.ZERO)).as("the node left the nodes table").isEmpty();
    }
  }
}
