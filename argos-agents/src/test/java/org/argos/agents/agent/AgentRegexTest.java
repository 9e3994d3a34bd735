package org.argos.agents.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.agents.protocol.Json;
import org.argos.engine.LocalGroupRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Patterns an agent receives from a server (possibly an upstream Argos server, which never validated them for RE2)
 * are matched in linear time too, and one RE2 cannot take is reported as an error result that says why.
 */
class AgentRegexTest {
  private HttpServer site;
  private HttpServer argos;
  private final AtomicReference<String> posted = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = ("a".repeat(100_000) + "b").getBytes(StandardCharsets.UTF_8);
    site.createContext("/", ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    site.start();
    String url = "http://127.0.0.1:" + site.getAddress().getPort();
    String tasks = Json.write(List.of(
        task(1, url, "body-like", "(a+)+$"),
        task(2, url, "body-not-like", "\\s+$"),
        task(3, url, "body-like", "(?<=a)b")));
    argos = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    argos.createContext("/api/tasks", ex -> {
      byte[] b = tasks.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    argos.createContext("/api/results", ex -> {
      posted.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] b = "{\"result_ids\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(201, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    argos.start();
  }

  @AfterEach
  void stop() {
    site.stop(0);
    argos.stop(0);
  }

  private static Map<String, Object> task(long id, String url, String check, String expected) {
    return Map.of("id", id, "url", url + "/", "domain", url, "ip_version", "4", "check", check, "method", "GET",
        "expected", expected, "task_group", "GET-4-" + url + "/");
  }

  @Test
  void anAgentMatchesReceivedPatternsInLinearTimeAndReportsUnsupportedOnes() throws Exception {
    CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    Agent agent = new Agent("http://127.0.0.1:" + argos.getAddress().getPort() + "/", "agent-token-0123", "agent-1",
        10, Duration.ofMillis(200), new LocalGroupRunner(HttpProbe.builder().build(), checks, Clock.systemUTC()),
        checks, Clock.systemUTC());
    try {
      int received = assertTimeoutPreemptively(Duration.ofSeconds(30), agent::once);
      assertThat(received).isEqualTo(3);
    } finally {
      agent.close();
    }
    JsonNode results = Json.MAPPER.readTree(posted.get());
    assertThat(results).hasSize(3);
    for (JsonNode r : results) {
      switch (r.path("task_id").asInt()) {
        case 1 -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("failure");
        case 2 -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("success");
        case 3 -> {
          assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("error");
          assertThat(r.path("message").asText()).contains("lookbehind", "RE2");
        }
        default -> throw new AssertionError("unexpected " + r);
      }
    }
  }
}
