package org.argos.benchmarks.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.AlertKind;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.postgres.JdbcStore;
import org.jspecify.annotations.Nullable;

/**
 * The crash-during-delivery scenario of issue 17: a forked node delivers a large grouped batch (half critical, half
 * warning: two messages) to a webhook receiver in this JVM; the receiver holds the first message it gets, and while it
 * holds it the node is killed with {@code kill -9}. Meanwhile a tenth more alerts arrive, and a second node takes
 * over. The receiver counts what it got, raw and after dropping repeated idempotency keys (what a receiver that keeps
 * keys does).
 */
public final class DeliveryCrash {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the receiver saw.
   *
   * @param alerts alerts in the batch (a tenth more arrive after the kill)
   * @param messages messages received (requests, repeats included)
   * @param duplicatesRaw alert deliveries beyond the first, counting every message
   * @param duplicatesAfterKeys the same after dropping messages whose key was seen before
   * @param missed alerts never received
   * @param resentUnderNewKey alerts that arrived again in a message with a key not seen before (a receiver cannot
   *     drop these)
   * @param messagesWithoutKey messages that carried no idempotency key
   * @param takeover from the kill to the last message of the second node
   */
  public record Result(int alerts, int messages, int duplicatesRaw, int duplicatesAfterKeys, int missed,
      int resentUnderNewKey, int messagesWithoutKey, Duration takeover) {}

  private record Received(@Nullable String key, List<Long> ids) {}

  private DeliveryCrash() {}

  /**
   * Runs the scenario once on a new database of the PostgreSQL at {@code pgHostPort} (user postgres, trust), dropped
   * afterwards.
   *
   * @param pgHostPort for example {@code 127.0.0.1:5432}
   * @param alerts alerts in the batch (a tenth more arrive after the kill) (even)
   * @param listed alerts listed per message (the rest are counted, and their ids carried by {@code alert_ids})
   * @return what the receiver saw
   * @throws Exception when the scenario cannot run
   */
  public static Result run(String pgHostPort, int alerts, int listed) throws Exception {
    String db = "argos_alerts_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin(pgHostPort, "CREATE DATABASE " + db);
    try {
      return run(pgHostPort, db, alerts, listed);
    } finally {
      admin(pgHostPort, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  private static Result run(String pgHostPort, String db, int alerts, int listed) throws Exception {
    String url = "jdbc:postgresql://" + pgHostPort + "/" + db + "?user=postgres";
    List<Received> got = new CopyOnWriteArrayList<>();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger requests = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/hook", exchange -> receive(exchange, got, requests, holding, release));
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    Process first = null;
    Process second = null;
    try (JdbcStore store = JdbcStore.postgres(url).poolSize(2).build()) {
      enqueue(store, 1, alerts);
      first = fork(url, hook, "crash-node-1", listed);
      if (!holding.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the first node sent nothing within 60 s");
      }
      first.destroyForcibly(); // SIGKILL while the receiver holds the message
      first.waitFor(30, TimeUnit.SECONDS);
      long killedAt = System.nanoTime();
      // checks go on meanwhile: new alerts of the same severities join the takeover's round
      int extra = alerts / 10;
      enqueue(store, alerts + 1, extra);
      release.countDown();
      second = fork(url, hook, "crash-node-2", listed);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (store.pendingAlerts() > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(store.pendingAlerts() + " alerts still pending 120 s after the takeover");
        }
        Thread.sleep(100); // polling the outbox, not timing anything
      }
      Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
      return count(alerts + extra, got, takeover);
    } finally {
      release.countDown();
      for (Process p : new Process[] {first, second}) {
        if (p != null) {
          p.getOutputStream().close();
          if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
          }
        }
      }
      receiver.stop(0);
    }
  }

  private static void enqueue(JdbcStore store, int from, int count) {
    for (int i = from; i < from + count; i++) {
      Severity severity = i % 2 == 0 ? Severity.CRITICAL : Severity.WARNING;
      String domain = String.format(java.util.Locale.ROOT, "site-%05d.example.net", i);
      store.enqueue(AlertKind.STATE_CHANGE, new StateChange(i, domain, "https://" + domain + "/health", "GET",
          IpVersion.IPV4, CheckSpec.of("status-is", 200), Severity.OK, severity, Instant.now(), "status 503", 0));
    }
  }

  private static void receive(HttpExchange exchange, List<Received> got, AtomicInteger requests, CountDownLatch holding,
      CountDownLatch release) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      JsonNode p = JSON.readTree(body);
      List<Long> ids = new ArrayList<>();
      // alert_ids carries every alert of the message; a payload without it lists only some in alerts[]
      JsonNode all = p.get("alert_ids");
      if (all != null) {
        all.forEach(n -> ids.add(n.asLong()));
      } else {
        p.get("alerts").forEach(a -> ids.add(a.get("id").asLong()));
      }
      got.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"), ids));
      if (requests.getAndIncrement() == 0) {
        holding.countDown();
        release.await(60, TimeUnit.SECONDS); // the node is killed meanwhile
      }
      exchange.sendResponseHeaders(200, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the killed node's connection is gone: what it sent was received all the same
    }
  }

  private static Result count(int alerts, List<Received> got, Duration takeover) {
    Map<Long, Integer> raw = new HashMap<>();
    Map<Long, Integer> kept = new HashMap<>();
    Set<String> keys = new HashSet<>();
    Set<Long> seen = new HashSet<>();
    int resentUnderNewKey = 0;
    int withoutKey = 0;
    for (Received r : got) {
      r.ids().forEach(id -> raw.merge(id, 1, Integer::sum));
      if (r.key() == null) {
        withoutKey++;
      }
      if (r.key() == null || keys.add(r.key())) {
        for (long id : r.ids()) {
          kept.merge(id, 1, Integer::sum);
          if (!seen.add(id)) {
            resentUnderNewKey++;
          }
        }
      }
    }
    int missed = 0;
    for (long id = 1; id <= alerts; id++) {
      if (!raw.containsKey(id)) {
        missed++;
      }
    }
    int dupRaw = raw.values().stream().mapToInt(n -> n - 1).sum();
    int dupKept = kept.values().stream().mapToInt(n -> n - 1).sum();
    return new Result(alerts, got.size(), dupRaw, dupKept, missed, resentUnderNewKey, withoutKey, takeover);
  }

  private static Process fork(String url, String hook, String node, int listed)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.jooq=error",
        "-cp", System.getProperty("java.class.path"),
        DeliveryCrashNode.class.getName(), url, hook, node, String.valueOf(listed))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.equals("ready")) {
      // skip anything printed before the node is ready
    }
    if (line == null) {
      p.destroyForcibly();
      throw new IllegalStateException("node " + node + " did not start (exit " + p.waitFor() + ")");
    }
    return p;
  }

  private static void admin(String pgHostPort, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + pgHostPort + "/postgres?user=postgres");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
