package org.argos.daemon;

import java.util.List;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.agents.agent.Agent;

/** A server that leaves probing to agents, and an agent in the JVM pulling and posting over the Argos API. */
class AgentModeTest {
  @TempDir Path dir;
  WireMockServer site;
  Server server;
  Agent agent;
  Thread agentThread;

  @BeforeEach
  void setUp() throws Exception {
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    site.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("home")));
    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
    String extra = "  probing: agents\n  agent_grace: 5s";
    server = TestServers.start(TestServers.write(dir, TestServers.config(extra, "http://127.0.0.1:" + site.port())));
  }

  @AfterEach
  void tearDown() throws Exception {
    stopAgent();
    server.close();
    site.stop();
  }

  private String api(String path) {
    return TestServers.base(server) + path;
  }

  private void startAgent() {
    CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    agent = new Agent(TestServers.base(server), TestServers.TOKEN, "agent-1", 10, Duration.ofMillis(200),
        new LocalGroupRunner(HttpProbe.builder().build(), checks, Clock.systemUTC()), checks, Clock.systemUTC());
    agentThread = Thread.ofPlatform().name("test-agent").start(agent::run);
  }

  @Test
  void anIdleAgentLongPollsAndStartsAGroupWhenItComesDueNotAfterItsSleep() throws Exception {
    CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    // A 15 s wait time: an agent that slept it after an empty poll would take up to 15 s to see a group come due.
    agent = new Agent(TestServers.base(server), TestServers.TOKEN, "idle-agent", 10, Duration.ofSeconds(15),
        new LocalGroupRunner(HttpProbe.builder().build(), checks, Clock.systemUTC()), checks, Clock.systemUTC());
    agentThread = Thread.ofPlatform().name("idle-agent").start(agent::run);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("ok").asLong()).isEqualTo(3));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.remote().pollsWaiting() == 1);

    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
    long start = System.nanoTime();
    server.argos().rescheduleAll();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("critical").asLong()).isEqualTo(2));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("handed over by the waiting poll")
        .isLessThan(Duration.ofSeconds(8));
  }

  private void stopAgent() throws InterruptedException {
    if (agent != null) {
      agent.close();
      agentThread.join(10_000);
      agent = null;
    }
  }

  @Test
  void anAgentRunsTheTasksAndTheServerRecordsThem() throws Exception {
    assertThat(server.remote()).isNotNull();
    startAgent();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("ok").asLong()).isEqualTo(3));
    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("critical").asLong()).isEqualTo(2));
    assertThat(agent.posted()).isGreaterThanOrEqualTo(6);
    assertThat(Http.get(api("/api/agents"), TestServers.READ).json().get(0).path("agent_id").asText())
        .isEqualTo("agent-1");
  }

  @Test
  void theAgentCommandTakesItsServerAndTokenFromTheEnvironment() throws Exception {
    Map<String, String> env = Map.of("ARGOS_AGENT_SERVER_URL", TestServers.base(server), "ARGOS_AGENT_TOKEN", TestServers.TOKEN);
    java.util.concurrent.atomic.AtomicReference<Cli.Run> result = new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> result.set(Cli.run(dir, env, "agent", "--agent-id", "from-env", "--wait-time", "1")));
    await().atMost(Duration.ofSeconds(30)).until(() -> server.remote().agents().containsKey("from-env"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("ok").asLong()).isEqualTo(3));
    t.interrupt(); // the agent stops between polls when interrupted
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(result.get().exit()).isZero();
  }

  @Test
  void groupsNobodyTakesAreAbandonedAsUnknown() {
    // No agent: after the request timeout (2 s) plus the grace (5 s) each group is completed as an error.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("unknown").asLong()).isEqualTo(3));
    var task = server.argos().store().tasks("http://127.0.0.1:" + site.port()).get(0);
    assertThat(task.state().message()).startsWith("no agent took the task");
  }

  @Test
  void noAgentForTooLongRaisesOneNoAgentAlert() {
    java.time.Instant later = java.time.Instant.now().plus(Duration.ofMinutes(6)); // time_without_agent defaults to 5 min
    server.watchAgents(later);
    assertThat(server.noAgentAlerted).isTrue();
    long pending = server.argos().store().pendingAlerts();
    assertThat(pending).isGreaterThanOrEqualTo(1);
    server.watchAgents(later.plusSeconds(30));
    assertThat(server.argos().store().pendingAlerts()).as("alerted once, not at every watch").isLessThanOrEqualTo(pending);
    startAgent();
    await().atMost(Duration.ofSeconds(20)).until(() -> !server.remote().agents().isEmpty());
    server.watchAgents(java.time.Instant.now());
    assertThat(server.noAgentAlerted).as("an agent came back: the next silence alerts again").isFalse();
  }

  @Test
  void theAgentApiSpeaksArgos() {
    // As Argos (FastAPI's HTTPBearer): no token 403, a wrong one 401
    assertThat(Http.get(api("/api/tasks?limit=5&agent_id=a")).status()).isEqualTo(403);
    assertThat(Http.get(api("/api/tasks?limit=5&agent_id=a"), "nope").status()).isEqualTo(401);
    assertThat(Http.get(api("/api/tasks?limit=0&agent_id=a"), TestServers.TOKEN).json().path("field").asText()).isEqualTo("limit");

    await().atMost(Duration.ofSeconds(20)).until(() -> server.remote().waitingGroups() == 2);
    var tasks = Http.get(api("/api/tasks?limit=1&agent_id=manual"), TestServers.TOKEN).json();
    assertThat(tasks).hasSizeBetween(1, 2);
    var t = tasks.get(0);
    for (String field : new String[] {"id", "url", "domain", "ip_version", "check", "method", "request_data", "expected",
        "task_group", "retry_before_notification", "contiguous_failures", "selected_at", "selected_by"}) {
      assertThat(t.has(field)).as("task field %s", field).isTrue();
    }
    assertThat(t.path("selected_by").asText()).isEqualTo("manual");
    assertThat(t.path("ip_version").asText()).isEqualTo("4");
    assertThat(t.path("task_group").asText()).startsWith("GET-4-http://127.0.0.1:");
    var stats = Http.get(api("/api/stats"), TestServers.READ).json();
    assertThat(stats.path("selected_tasks_count").asLong()).isEqualTo(tasks.size());
    assertThat(stats.path("upcoming_tasks_count").asLong()).isEqualTo(3 - tasks.size());

    // A bad entry anywhere refuses the whole post: nothing recorded.
    String bad = "[{\"task_id\": %d, \"status\": \"success\", \"context\": {}}, {\"task_id\": %d, \"status\": \"fine\"}]"
        .formatted(t.path("id").asLong(), t.path("id").asLong() + 1);
    Http.Response r = Http.send("POST", api("/api/results?agent_id=manual"), TestServers.TOKEN, bad);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("field").asText()).isEqualTo("[1].status");
    assertThat(Http.send("POST", api("/api/results?agent_id=manual"), TestServers.TOKEN, "{not json").json().path("field")
        .asText()).isEqualTo("body");
    assertThat(server.remote().knows(t.path("id").asLong())).isTrue();

    StringBuilder ok = new StringBuilder("[");
    for (int i = 0; i < tasks.size(); i++) {
      ok.append(i == 0 ? "" : ",").append("{\"task_id\": ").append(tasks.get(i).path("id").asLong())
          .append(", \"status\": \"failure\", \"context\": {\"error\": \"from the test\"}}");
    }
    ok.append("]");
    Http.Response posted = Http.send("POST", api("/api/results?agent_id=manual"), TestServers.TOKEN, ok.toString());
    assertThat(posted.status()).isEqualTo(201);
    assertThat(posted.json().path("result_ids")).hasSize(tasks.size());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("critical").asLong()).isEqualTo(tasks.size()));
  }
}
