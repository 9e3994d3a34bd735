package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Engine nodes on one PostgreSQL (issue 17): a node killed with {@code kill -9} has its sites run by a live node after
 * a few missed heartbeats, not after the 2-minute lease (failure 5); a node whose clock is 25 s fast is reported and
 * shares the work instead of taking it all (clock skew).
 */
class NodeHeartbeatTest {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases("nodes");

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

  private static Probe counting(Set<String> urls, AtomicInteger runs) {
    return request -> {
      urls.add(request.url());
      runs.incrementAndGet();
      return new ProbeResponse(request, 200, Map.of(), new byte[0], false, List.of(), "http/1.1", request.url(),
          List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);
    };
  }

  @Test
  void aKilledNodesSitesAreRunByALiveNodeAfterAFewMissedHeartbeats() throws Exception {
    String url = DATABASES.newDatabaseUrl();
    int sites = 10;
    // the forked node claims every site and hangs in its probes, beating every 500 ms
    EngineProcess.Forked dead = EngineProcess.start(url, "doomed-node", 600_000, 500, sites);
    Set<String> probed = ConcurrentHashMap.newKeySet();
    long killedAt;
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> dead.probed().size() == sites);
      JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).build());
      Argos live = closeLater(Argos.builder().store(store).nodeId("live-node").discoverPlugins(false)
          .install(EngineProcess.STATUS_IS).probe(counting(probed, new AtomicInteger()))
          .claims(Duration.ofMillis(500), Duration.ofMinutes(2), 200)
          .heartbeat(Duration.ofMillis(500), 3, Duration.ofSeconds(2)).build());
      live.start();
      assertThat(probed).isEmpty(); // all claimed by the other node, for 2 minutes
    } finally {
      dead.process().destroyForcibly(); // kill -9
      killedAt = System.nanoTime();
      dead.process().waitFor(30, TimeUnit.SECONDS);
    }
    // 3 missed beats of 500 ms, then one beat and one claim round of the live node, plus a margin for a busy machine
    await().atMost(Duration.ofMillis(1_500 + 3_500)).until(() -> probed.size() == sites);
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
  }

  @Test
  void aNodeWhoseClockIsFastIsReportedAndSharesTheWork() {
    String url = DATABASES.newDatabaseUrl();
    Clock fast = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(25));
    AtomicInteger fastRuns = new AtomicInteger();
    AtomicInteger rightRuns = new AtomicInteger();
    Argos onFast = engine(url, "fast-node", fast, fastRuns);
    Argos onRight = engine(url, "right-node", Clock.systemUTC(), rightRuns);
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sites.add(Site.builder("http://skew" + i + ".nodes.test").ipVersions(true, false).frequency(Duration.ofSeconds(1))
          .path("/", p -> p.check("status-is", 200)).build());
    }
    onRight.registerAll(sites);
    onFast.start();
    onRight.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> fastRuns.get() + rightRuns.get() >= 200);
    int total = fastRuns.get() + rightRuns.get();
    // before: the fast node claimed every group 25 s ahead of time and ran them all
    assertThat(rightRuns.get()).as("runs by the node with the right clock, of %d", total).isGreaterThan(total / 5);
    assertThat(fastRuns.get()).as("runs by the fast node, of %d", total).isGreaterThan(total / 5);
    assertThat(onFast.clockSkewed()).isTrue();
    assertThat(onFast.clockSkew()).hasValueSatisfying(s -> assertThat(s).isBetween(Duration.ofSeconds(24),
        Duration.ofSeconds(26)));
    assertThat(onRight.clockSkewed()).isFalse();
  }

  private Argos engine(String url, String node, Clock clock, AtomicInteger runs) {
    JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).build());
    return closeLater(Argos.builder().store(store).nodeId(node).clock(clock).discoverPlugins(false)
        .install(EngineProcess.STATUS_IS).probe(counting(ConcurrentHashMap.newKeySet(), runs))
        .firstRunSpread(Duration.ZERO).claims(Duration.ofMillis(200), Duration.ofMinutes(2), 5)
        .heartbeat(Duration.ofSeconds(1), 3, Duration.ofSeconds(2))
        .build());
  }
}
