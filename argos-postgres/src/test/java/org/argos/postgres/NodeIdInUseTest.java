package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.argos.engine.NodeIdInUseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two live processes configured with one node id on one PostgreSQL (issue 17): each would take back the other's
 * claims as its own and run the same work twice. The second refuses to start, naming the other; a node restarted after
 * kill -9 still starts at once; a running node that sees another write its row stops claiming and says so in health.
 */
class NodeIdInUseTest {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases("fnodeid");

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private static Probe recording(Set<String> urls) {
    return request -> {
      urls.add(request.url());
      return new ProbeResponse(request, 200, Map.of(), new byte[0], false, List.of(), "http/1.1", request.url(),
          List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);
    };
  }

  private Argos engine(JdbcStore store, String node, Duration heartbeat, Set<String> probed) {
    return closeLater(Argos.builder().store(store).nodeId(node).discoverPlugins(false)
        .install(EngineProcess.STATUS_IS).probe(recording(probed)).firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(500), Duration.ofMinutes(2), 200)
        .heartbeat(heartbeat, 3, Duration.ofSeconds(2)).build());
  }

  @Test
  void aSecondLiveProcessWithTheSameNodeIdRefusesToStartAndLeavesTheFirstOnesClaimsAlone() throws Exception {
    String url = DATABASES.newDatabaseUrl();
    int sites = 5;
    // the first node, in a JVM of its own, claims every site and hangs in its probes, beating every 500 ms
    EngineProcess.Forked first = EngineProcess.start(url, "copied-node", 600_000, 500, sites);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> first.probed().size() == sites);
      JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).build());
      Set<String> probed = ConcurrentHashMap.newKeySet();
      Argos second = engine(store, "copied-node", Duration.ofMillis(500), probed);
      // before: it took the first node's claims back as its own and ran all 5 sites a second time
      assertThatThrownBy(second::start).isInstanceOf(NodeIdInUseException.class)
          .hasMessageContaining("node id 'copied-node' is in use by another live Argos process")
          .hasMessageContaining("pid " + first.process().pid())
          .hasMessageContaining("host " + InetAddress.getLocalHost().getHostName())
          .hasMessageContaining("last heartbeat ")
          .hasMessageContaining("Give each node its own node_id");
      assertThat(probed).isEmpty();
      assertThat(first.process().isAlive()).isTrue();
      assertThat(store.lastHeartbeat("copied-node").orElseThrow().pid()).isEqualTo(first.process().pid());
    } finally {
      first.process().destroyForcibly();
      first.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeRestartedAfterKillMinus9OnItsHostStartsAtOnceThoughItsLastBeatIsFresh() throws Exception {
    String url = DATABASES.newDatabaseUrl();
    int sites = 5;
    // beats every 60 s: its row stays fresh for 3 minutes, and waiting to see whether it beats would take 90 s
    EngineProcess.Forked killed = EngineProcess.start(url, "phoenix", 600_000, 60_000, sites);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> killed.probed().size() == sites);
    } finally {
      killed.process().destroyForcibly(); // kill -9
      killed.process().waitFor(30, TimeUnit.SECONDS);
    }
    JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).build());
    assertThat(store.lastHeartbeat("phoenix").orElseThrow().age()).isLessThan(Duration.ofMinutes(1));
    Set<String> probed = ConcurrentHashMap.newKeySet();
    Argos restarted = engine(store, "phoenix", Duration.ofSeconds(60), probed);
    CompletableFuture<Void> started = CompletableFuture.runAsync(restarted::start);
    // its old pid is gone from this host: no wait, and its own claims are taken back at once
    await().atMost(Duration.ofSeconds(15)).until(() -> started.isDone() && probed.size() == sites);
    started.get();
  }

  @Test
  void aFreshRowFromAProcessThatNoLongerBeatsIsWaitedOutForOneIntervalAndAHalf() {
    String url = DATABASES.newDatabaseUrl();
    JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).build());
    // another host's process beat once just now, then died (or lost the database)
    store.heartbeat("moved-node", "gone-instance", "other-host.example", 4242, Instant.now());
    Set<String> probed = ConcurrentHashMap.newKeySet();
    Argos node = engine(store, "moved-node", Duration.ofMillis(400), probed);
    node.start();
    assertThat(node.health().live()).isTrue();
    assertThat(store.lastHeartbeat("moved-node").orElseThrow().host()).isNotEqualTo("other-host.example");
  }

  @Test
  void aFreshRowFromAnotherHostThatKeepsBeatingIsRefused() throws Exception {
    String url = DATABASES.newDatabaseUrl();
    JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).build());
    // another engine with this id on another host, beating every 200 ms meanwhile
    CompletableFuture<Void> stop = new CompletableFuture<>();
    Thread other = Thread.ofPlatform().start(() -> {
      while (!stop.isDone()) {
        store.heartbeat("copied-node", "other-instance", "other-host.example", 4242, Instant.now());
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> store.lastHeartbeat("copied-node").isPresent());
      Argos node = engine(store, "copied-node", Duration.ofMillis(400), ConcurrentHashMap.newKeySet());
      assertThatThrownBy(node::start).isInstanceOf(NodeIdInUseException.class)
          .hasMessageContaining("host other-host.example, pid 4242");
    } finally {
      stop.complete(null);
      other.join();
    }
  }

  @Test
  void aRunningNodeThatSeesAnotherProcessWriteItsRowStopsClaimingAndIsUnhealthy() {
    String url = DATABASES.newDatabaseUrl();
    JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).build());
    Set<String> probed = ConcurrentHashMap.newKeySet();
    Argos node = engine(store, "racing-node", Duration.ofMillis(300), probed);
    node.registerAll(EngineProcess.sites(1));
    node.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> probed.size() == 1);
    assertThat(node.health().live()).isTrue();
    // a second process with this id started in the same instant (both saw no row): it beats once
    store.heartbeat("racing-node", "other-instance", "other-host.example", 4242, Instant.now());
    await().atMost(Duration.ofSeconds(10)).until(() -> !node.health().live());
    assertThat(node.health().problem()).contains("node id 'racing-node' is also used by another live process")
        .contains("host other-host.example, pid 4242").contains("stopped claiming");
    // it claims nothing more: a new site, due at once, stays unprobed while it keeps running
    node.registerAll(EngineProcess.sites(3));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> probed.size() == 1);
  }
}
