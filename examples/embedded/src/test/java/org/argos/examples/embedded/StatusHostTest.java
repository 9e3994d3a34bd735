package org.argos.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.config.DaemonConfig;
import org.argos.web.auth.ApiAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host's own Javalin server with Argos' status API and agent endpoints mounted: a real HTTP client reads the status
 * with an API token and plays an agent (takes tasks with an agent token, posts results), and the results land in the
 * host's engine. Access control stays in force on the mounted routes.
 */
class StatusHostTest {
  private static final String AGENT = "agent-secret-0123456789";
  private static final String READER = "reader-token-0123456789";
  private static final int TASKS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private StatusHost host;

  @BeforeEach
  void start() {
    host = StatusHost.start(0, new ApiAccess.Tokens(List.of(AGENT),
        List.of(new DaemonConfig.ApiToken("dashboard", READER, DaemonConfig.Scope.READ))), List.of(
            Site.builder("https://one.example").frequency(Duration.ofMinutes(5))
                .path("/", p -> p.check("status-is", 200)).build(),
            Site.builder("https://two.example").frequency(Duration.ofMinutes(5))
                .path("/", p -> p.check("status-is", 200)).build()));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void anAgentTakesTasksAndItsResultsLandInTheHostsEngine() throws Exception {
    assertThat(send("GET", "/", null, null).body()).isEqualTo("the host's own page");
    // two sites, each probed over IPv4 and IPv6: four groups parked until an agent answers
    await().atMost(Duration.ofSeconds(20)).until(() -> host.agents().waitingGroups() == TASKS);

    JsonNode severities = json(send("GET", "/api/severities", null, null));
    assertThat(severities.path("pending").asLong()).isEqualTo(TASKS);

    JsonNode tasks = json(send("GET", "/api/tasks?limit=10&agent_id=embedded-agent", AGENT, null));
    assertThat(tasks).hasSize(TASKS);
    JsonNode stats = json(send("GET", "/api/stats", READER, null));
    assertThat(stats.path("selected_tasks_count").asLong()).isEqualTo(TASKS);

    StringBuilder results = new StringBuilder("[");
    for (int i = 0; i < tasks.size(); i++) {
      results.append(i == 0 ? "" : ",").append("{\"task_id\": ").append(tasks.get(i).path("id").asLong())
          .append(", \"status\": \"failure\", \"context\": {\"error\": \"refused by the embedded agent\"}}");
    }
    results.append("]");
    HttpResponse<String> posted = send("POST", "/api/results?agent_id=embedded-agent", AGENT, results.toString());
    assertThat(posted.statusCode()).isEqualTo(201);
    assertThat(json(posted).path("result_ids")).hasSize(TASKS);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (String domain : List.of("https://one.example", "https://two.example")) {
        for (TaskStatus t : host.argos().store().tasks(domain)) {
          assertThat(t.state()).isNotNull();
          assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL);
          assertThat(t.state().message()).contains("refused by the embedded agent");
        }
      }
    });
    assertThat(json(send("GET", "/api/severities", null, null)).path("critical").asLong()).isEqualTo(TASKS);
    JsonNode sites = json(send("GET", "/api/sites", READER, null));
    assertThat(sites.path("total").asLong()).isEqualTo(2);
  }

  @Test
  void theMountedRoutesKeepTheirAccessControl() throws Exception {
    assertThat(send("GET", "/api/stats", null, null).statusCode()).as("no token").isEqualTo(403);
    assertThat(send("GET", "/api/stats", "not-a-token", null).statusCode()).as("unknown token").isEqualTo(401);
    assertThat(send("GET", "/api/stats", AGENT, null).statusCode()).as("an agent token outside the protocol")
        .isEqualTo(403);
    assertThat(send("GET", "/api/tasks?agent_id=x", READER, null).statusCode()).as("an API token in the protocol")
        .isEqualTo(403);
    HttpResponse<String> write = send("POST", "/api/reschedule/all", READER, "");
    assertThat(write.statusCode()).as("a read token writing").isEqualTo(403);
    assertThat(json(write).path("scope").asText()).isEqualTo("write");
    HttpResponse<String> bad = send("POST", "/api/results?agent_id=x", AGENT, "{not json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("field").asText()).isEqualTo("body");
    // body limits hold on mounted routes too: 1 MiB for the API's JSON, before a handler reads it
    HttpResponse<String> huge = send("PUT", "/api/silences/s1", "not-a-token", "x".repeat(2 * 1024 * 1024));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(json(huge).path("field").asText()).isEqualTo("body");
  }

  private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }
}
