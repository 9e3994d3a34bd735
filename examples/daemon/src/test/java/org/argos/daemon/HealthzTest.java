package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.argos.api.store.Store;
import org.argos.engine.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthz} reports the engine's liveness, not only that HTTP answers: 503 with the reason when the scheduler
 * is stuck (a store that blocks, seen through a clock the test moves) or the engine is dead; and a dead engine makes
 * {@code server start} exit loudly.
 */
class HealthzTest {
  @TempDir Path dir;

  private HttpServer site;
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile String blocked = "";
  private volatile String failing = "";
  private volatile String refusing = "";
  private final CountDownLatch entered = new CountDownLatch(1);

  @BeforeEach
  void startSite() throws Exception {
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", ex -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    site.start();
  }

  @AfterEach
  void stopSite() {
    release.countDown();
    site.stop(0);
  }

  /** A clock that runs with the system's and that the test moves forward. */
  static final class JumpingClock extends Clock {
    final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }
  }

  /** The in-memory store, except that the method named by {@link #blocked} blocks, and {@link #failing} throws. */
  private Store faultyStore() {
    InMemoryStore real = new InMemoryStore();
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
      if (m.getName().equals(blocked)) {
        entered.countDown();
        release.await(); // a database lock that does not end
      }
      if (m.getName().equals(failing)) {
        throw new OutOfMemoryError("injected: Java heap space");
      }
      if (m.getName().equals(refusing)) {
        throw new org.argos.api.StoreException("Could not record runs in H2 at file:/var/lib/argos/data/argos: "
            + "No space left on device");
      }
      try {
        return m.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private Server start(Clock clock) throws Exception {
    Store store = faultyStore();
    Path config = TestServers.write(dir, TestServers.config("", "http://127.0.0.1:" + site.getAddress().getPort()));
    return Server.start(new Server.Options(config, "127.0.0.1", 0, Map.of(), dir, null, null, List.of(), db -> store,
        clock));
  }

  @Test
  void aLiveEngineAnswers200WithItsNumbersAndNoInternals() throws Exception {
    try (Server server = start(Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> server.argos().status().counts().ok() > 0);
      Http.Response r = Http.get(TestServers.base(server) + "/healthz");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).as("the example config watches /healthz with body-contains: ok").contains("ok");
      JsonNode j = r.json();
      assertThat(j.path("status").asText()).isEqualTo("ok");
      assertThat(j.path("alive").asBoolean()).isTrue();
      assertThat(Instant.parse(j.path("last_scheduler_tick").asText())).isAfter(Instant.now().minusSeconds(30));
      assertThat(j.has("writer_backlog")).isTrue();
      assertThat(j.has("delivery_backlog")).isTrue();
      assertThat(j.path("errors").asLong()).isZero();
      assertThat(j.has("node")).as("the node id names the host").isFalse();
      assertThat(j.has("reason")).isFalse();
      assertThat(j.path("store_writes").path("failing").asBoolean()).isFalse();
      assertThat(j.path("store_writes").path("problem").isNull()).isTrue();
    }
  }

  /** A store that refuses writes (a full disk) shows in /healthz and /metrics; the daemon goes on answering. */
  @Test
  void storeWritesThatFailShowInHealthzAndMetrics() throws Exception {
    try (Server server = start(Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> server.argos().status().counts().ok() > 0);
      refusing = "complete";
      await().atMost(Duration.ofSeconds(20)).until(() -> server.argos().storeWrites().failing());
      Http.Response r = Http.get(TestServers.base(server) + "/healthz");
      JsonNode w = r.json().path("store_writes");
      assertThat(w.path("failing").asBoolean()).isTrue();
      assertThat(w.path("problem").asText()).startsWith("store writes failing since ")
          .contains("No space left on device", "…/data/argos").doesNotContain("/var/lib");
      assertThat(Instant.parse(w.path("failing_since").asText())).isBefore(Instant.now().plusSeconds(1));
      assertThat(w.has("results_held")).isTrue();
      assertThat(w.path("results_lost").asLong()).isZero();
      String metrics = server.metrics().scrape();
      assertThat(metrics).contains("argos_store_writes_failing 1.0", "argos_store_write_failures_total",
          "argos_results_lost_total 0.0", "argos_alerts_lost_total 0.0", "argos_results_held", "argos_alerts_held");

      refusing = "";
      await().atMost(Duration.ofSeconds(20)).until(() -> !server.argos().storeWrites().failing());
      assertThat(Http.get(TestServers.base(server) + "/healthz").json().path("store_writes").path("failing")
          .asBoolean()).isFalse();
    }
  }

  @Test
  void aStuckSchedulerTurnsHealthzTo503UntilItMovesAgain() throws Exception {
    JumpingClock clock = new JumpingClock();
    try (Server server = start(clock)) {
      String url = TestServers.base(server) + "/healthz";
      await().atMost(Duration.ofSeconds(20)).until(() -> server.argos().status().counts().ok() > 0);
      assertThat(Http.get(url).status()).isEqualTo(200);

      blocked = "claimDue";
      entered.await();
      clock.offset.set(Duration.ofMinutes(3)); // three minutes without the scheduler going round
      Http.Response r = Http.get(url);
      assertThat(r.status()).isEqualTo(503);
      JsonNode j = r.json();
      assertThat(j.path("status").asText()).isEqualTo("unhealthy");
      assertThat(j.path("reason").asText()).startsWith("the scheduler has not gone round for 18");
      assertThat(j.path("alive").asBoolean()).as("stuck, not dead").isTrue();
      assertThat(r.body()).as("the self-watching config must see it fail").doesNotContain("ok");

      blocked = "";
      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(url).status() == 200);
    }
  }

  @Test
  void housekeepingGoesOnAfterAnError() throws Exception {
    ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger runs = new AtomicInteger();
      ses.scheduleWithFixedDelay(Server.guarded("test task", () -> {
        if (runs.incrementAndGet() == 1) {
          throw new OutOfMemoryError("injected while pruning");
        }
      }), 0, 10, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    } finally {
      ses.shutdownNow();
    }
  }

  @Test
  void aDeadEngineAnswers503AndMakesTheDaemonExit() throws Exception {
    try (Server server = start(Clock.systemUTC())) {
      List<Integer> exits = new CopyOnWriteArrayList<>();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Main.exitWhenDead(server, new PrintStream(err, true, StandardCharsets.UTF_8), exits::add);
      failing = "complete"; // every write runs out of memory
      await().atMost(Duration.ofSeconds(30)).until(() -> !exits.isEmpty());
      assertThat(exits).containsExactly(Main.DEAD_ENGINE);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("the engine is dead", "result writer", "exiting");

      Http.Response r = Http.get(TestServers.base(server) + "/healthz");
      assertThat(r.status()).isEqualTo(503);
      JsonNode j = r.json();
      assertThat(j.path("alive").asBoolean()).isFalse();
      assertThat(j.path("reason").asText()).startsWith("the engine is dead").contains("OutOfMemoryError");
      assertThat(j.path("last_error").asText()).isEqualTo("OutOfMemoryError");
      assertThat(r.body()).as("the error's message stays in the log").doesNotContain("heap space");
    }
  }
}
