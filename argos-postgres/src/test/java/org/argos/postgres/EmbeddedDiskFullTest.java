package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.AlertRouting;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.argos.engine.EngineHealth;
import org.argos.notify.WebhookNotifierProvider;
import org.argos.testkit.Tmpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database on a file system that fills up (a real tmpfs, mounted for the test): the engine says so in
 * its health and metrics, holds what it cannot write, and once space is freed writes it, sends every alert decided
 * meanwhile and goes on checking, without a restart.
 */
class EmbeddedDiskFullTest {
  @TempDir Path temp;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final AtomicLong probed = new AtomicLong();
  /** Alerts the webhook receiver got: domain and severity. */
  private final List<String> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Exception first = null;
    for (AutoCloseable c : closeables.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private static final CheckProvider STATUS_IS = StatusIs.PROVIDER;

  private final Probe probe = request -> {
    probed.incrementAndGet();
    int status = failing.contains(request.url()) ? 500 : 200;
    return new ProbeResponse(request, status, Map.of(), new byte[0], false, List.of(), "http/1.1", request.url(),
        List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);
  };

  /** A real webhook receiver on loopback: records each alert of each payload. */
  private String receiver() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ObjectMapper json = new ObjectMapper();
    server.createContext("/hook", exchange -> {
      JsonNode payload = json.readTree(exchange.getRequestBody().readAllBytes());
      for (JsonNode a : payload.get("alerts")) {
        received.add(a.get("domain").asText() + " " + a.get("severity").asText());
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    closeLater(() -> server.stop(0));
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The time from space freed to all ten alerts received, for docs/benchmarks.md. */
  private static void figure(String variant, long freed, long alerted) {
    System.out.printf("disk-full figure (%s): all 10 alerts received %d ms after space was freed%n", variant,
        (alerted - freed) / 1_000_000);
  }

  private static Site site(int i) {
    return Site.builder("http://s" + i + ".disk.test").ipVersions(true, false).frequency(Duration.ofSeconds(1))
        .path("/", p -> p.check("status-is", 200)).build();
  }

  private Argos engine(JdbcStore store, String hook, Duration lease) {
    Argos argos = Argos.builder().store(store).nodeId("solo").probe(probe).discoverPlugins(false)
        .install(STATUS_IS).claims(Duration.ofMillis(500), lease, 200).grouping(Duration.ZERO, 20)
        .notificationRetry(Duration.ofMillis(200), Duration.ofSeconds(1), 50, Duration.ofSeconds(5))
        .notifiers(new WebhookNotifierProvider().create("hook", Map.of("url", hook)))
        .routing(AlertRouting.all("hook")).build();
    for (int i = 0; i < 10; i++) {
      argos.register(site(i));
    }
    argos.start();
    return argos;
  }

  /**
   * With space kept free under it, the database never runs out: writes are refused before, so H2 never takes a
   * write it could not save, and every run probed is written once space is back (none lost, none twice).
   */
  @Test
  void writesAreRefusedBeforeTheDiskIsFullAndEveryRunIsWrittenOnceSpaceIsFreed() throws Exception {
    Tmpfs disk = closeLater(Tmpfs.mount(temp.resolve("disk"), 24));
    String hook = receiver();
    JdbcStore store = closeLater(JdbcStore.embedded(disk.dir().resolve("argos")).minFreeSpace(4 << 20).build());
    Argos argos = closeLater(engine(store, hook, Duration.ofSeconds(60)));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= 20);

    disk.fill(2 << 20);
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.storeWrites().failing());
    assertThat(argos.storeWrites().cause()).contains("No space left on device", "below the 4 MB kept free")
        .doesNotContain(temp.toString());
    for (int i = 0; i < 10; i++) {
      failing.add("http://s" + i + ".disk.test/");
    }
    long writtenWhileFull = argos.metrics().resultsWritten();
    Thread.sleep(2000); // two periods of the sites while the disk is full
    assertThat(argos.metrics().resultsWritten()).isEqualTo(writtenWhileFull);
    assertThat(received).isEmpty();

    disk.free();
    long freed = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 10);
    long alerted = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> !argos.storeWrites().failing());
    figure("space kept free", freed, alerted);
    long written = argos.metrics().resultsWritten();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= written + 20);
    argos.close();
    assertThat(argos.metrics().resultsLost()).isZero();
    assertThat(argos.metrics().resultsWritten()).isEqualTo(probed.get());
    long stored = 0;
    for (int i = 0; i < 10; i++) {
      long taskId = store.tasks("http://s" + i + ".disk.test").get(0).taskId();
      stored += store.results(taskId, 10_000).size();
    }
    assertThat(stored).isEqualTo(probed.get());
    assertThat(received).hasSize(10);
  }

  @Test
  void tenAlertsDecidedWhileTheDiskIsFullAreAllSentOnceSpaceIsFreedAndChecksResume() throws Exception {
    Tmpfs disk = closeLater(Tmpfs.mount(temp.resolve("disk"), 24));
    String hook = receiver();
    // no free space kept: the disk fills up to the last byte under H2, which then closes the database
    JdbcStore store = closeLater(JdbcStore.embedded(disk.dir().resolve("argos")).minFreeSpace(0).build());
    // H2 reopens the database as it last saved it, with claims this node had taken meanwhile: the node takes back
    // those it does not hold once writes work again, so the default lease (2 min) is not waited out
    Argos argos = closeLater(engine(store, hook, Duration.ofMinutes(2)));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= 20);
    assertThat(argos.health().storeWrites().failing()).isFalse();

    disk.fill();
    // H2 keeps accepting writes in memory for a while, then fails them and closes the database: wait until the
    // failure has lasted a few seconds, so the sites below fail while nothing can be written
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      var w = argos.storeWrites();
      return w.failing() && w.failingSince().isBefore(java.time.Instant.now().minusSeconds(3));
    });
    for (int i = 0; i < 10; i++) {
      failing.add("http://s" + i + ".disk.test/");
    }
    Thread.sleep(2000); // the sites fail for two seconds of their one-second period while the disk is full
    EngineHealth failingHealth = argos.health();
    assertThat(failingHealth.storeWrites().problem()).startsWith("store writes failing since ");
    assertThat(failingHealth.storeWrites().problem()).doesNotContain(temp.toString());
    assertThat(argos.metrics().storeWriteFailures()).isPositive();
    assertThat(received).isEmpty();

    disk.free();
    long freed = System.nanoTime();
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 10);
    figure("disk filled to the last byte", freed, System.nanoTime());
    assertThat(received).hasSize(10).allMatch(a -> a.endsWith(" critical"));
    assertThat(received.stream().map(a -> a.split(" ")[0]).distinct()).hasSize(10);
    await().atMost(Duration.ofSeconds(30)).until(() -> !argos.health().storeWrites().failing());
    long written = argos.metrics().resultsWritten();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() >= written + 20);
    assertThat(argos.metrics().resultsLost()).isZero();
    assertThat(argos.metrics().alertsLost()).isZero();
    Thread.sleep(1500); // still failing: no second alert for any site
    assertThat(received).hasSize(10);
  }
}
