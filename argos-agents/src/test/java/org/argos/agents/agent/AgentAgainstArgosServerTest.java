package org.argos.agents.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.argos.agents.protocol.Json;

/**
 * Our agent against a server that speaks as an Argos 0.9 server: tasks without our extra fields, {@code expected} in
 * Argos' shapes ({@code http-to-https} as {@code {"value": 301}}...), the https URL for {@code http-to-https}. The
 * agent must read them as Argos' agent does, probe each request once, and post what the checks found.
 */
class AgentAgainstArgosServerTest {
  private HttpServer site;
  private HttpServer argos;
  private final Map<String, AtomicInteger> siteHits = new ConcurrentHashMap<>();
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private final List<String> seenAuth = new CopyOnWriteArrayList<>();
  private final List<String> seenQueries = new CopyOnWriteArrayList<>();
  private volatile String tasks = "[]";

  private static void send(HttpExchange ex, int status, String body, String... headers) throws IOException {
    for (int i = 0; i < headers.length; i += 2) {
      ex.getResponseHeaders().add(headers[i], headers[i + 1]);
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    site.createContext("/", ex -> {
      siteHits.computeIfAbsent(ex.getRequestMethod() + " " + ex.getRequestURI(), k -> new AtomicInteger())
          .incrementAndGet();
      if (ex.getRequestURI().getPath().equals("/redirect")) {
        send(ex, 301, "", "Location", "https://127.0.0.1/redirect");
      } else {
        send(ex, 200, "{\"a\": 123}", "Content-Type", "application/json");
      }
    });
    site.start();
    argos = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    argos.createContext("/api/tasks", ex -> {
      seenAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      seenQueries.add(ex.getRequestURI().getRawQuery());
      String body = tasks;
      tasks = "[]";
      send(ex, 200, body, "Content-Type", "application/json");
    });
    argos.createContext("/api/results", ex -> {
      seenQueries.add(ex.getRequestURI().getRawQuery());
      posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      send(ex, 201, "{\"result_ids\": [1]}", "Content-Type", "application/json");
    });
    argos.start();
  }

  @AfterEach
  void tearDown() {
    site.stop(0);
    argos.stop(0);
  }

  /** A task as the Argos server writes it: only the fields of its Task model. */
  private static String task(int id, String url, String check, String expected) {
    String group = "GET-4-" + url + "-d41d8cd98f00b204e9800998ecf8427e";
    return """
        {"id": %d, "url": "%s", "domain": "%s", "ip_version": "4", "check": "%s", "method": "GET", "request_data": null,
         "expected": %s, "task_group": "%s", "retry_before_notification": 0, "contiguous_failures": 0,
         "selected_at": "2026-12-01T10:00:00.123456", "selected_by": "host-1"}"""
        .formatted(id, url, url.substring(0, url.indexOf('/', 8)), check, Json.write(expected), group);
  }

  @Test
  void readsArgosShapedTasksRunsEachRequestOnceAndPostsWhatTheChecksFound() throws Exception {
    String base = "http://127.0.0.1:" + site.getAddress().getPort();
    String secure = "https://127.0.0.1:" + site.getAddress().getPort(); // http-to-https: the agent probes the http twin
    tasks = "[" + String.join(", ",
        task(1, base + "/", "status-is", "200"),
        task(2, base + "/", "status-in", "[200, 302]"),
        task(3, base + "/", "body-contains", "123"),
        task(4, base + "/", "json-is", "{\"a\": 123}"),
        task(5, base + "/", "headers-have", "{\"content-type\": \"application/json\"}"),
        task(6, secure + "/redirect", "http-to-https", "{\"value\": 301}"),
        task(7, secure + "/redirect", "http-to-https", "{\"range\": [300, 400]}"),
        task(8, secure + "/redirect", "http-to-https", "{\"list\": [302, 308]}"),
        task(9, secure + "/redirect", "http-to-https", "{\"range\": [301, 302]}")) + "]";
    CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    try (Agent agent = new Agent("http://127.0.0.1:" + argos.getAddress().getPort() + "/", "tok-3f9a", "host-1", 10,
        Duration.ofSeconds(1), new LocalGroupRunner(HttpProbe.builder().build(), checks, Clock.systemUTC()), checks,
        Clock.systemUTC())) {
      assertThat(agent.once()).isEqualTo(9);
    }
    assertThat(seenAuth).containsExactly("Bearer tok-3f9a");
    assertThat(seenQueries).containsExactly("limit=10&agent_id=host-1", "agent_id=host-1");
    assertThat(siteHits).as("one request per group: the path once, its http twin once")
        .containsOnlyKeys("GET /", "GET /redirect");
    assertThat(siteHits.get("GET /").get()).isEqualTo(1);
    assertThat(siteHits.get("GET /redirect").get()).isEqualTo(1);

    JsonNode results = Json.MAPPER.readTree(posted.get(0));
    assertThat(results).hasSize(9);
    Map<Long, String> status = new java.util.TreeMap<>();
    for (JsonNode r : results) {
      assertThat(r.path("context").isObject()).isTrue();
      status.put(r.path("task_id").asLong(), r.path("status").asText());
      // an extra field the Argos server ignores: what the probe connected to, for grouping alerts by cause
      assertThat(r.path("peer").path("address").asText()).isEqualTo("127.0.0.1");
      assertThat(r.path("peer").path("port").asInt()).isEqualTo(site.getAddress().getPort());
    }
    assertThat(status).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(1L, "success", 2L, "success",
        3L, "success", 4L, "success", 5L, "success", 6L, "success", 7L, "success", 8L, "failure", 9L, "success")));
  }
}
