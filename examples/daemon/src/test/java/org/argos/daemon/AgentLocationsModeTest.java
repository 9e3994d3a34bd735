package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.argos.agents.agent.Agent;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 §1 end to end: a server whose sites are checked from par1 and fra1 (quorum 2), and two of our agents, one
 * in each location, over the server's agent routes; the site API shows each location's result.
 */
class AgentLocationsModeTest {
  @TempDir Path dir;
  WireMockServer site;
  Server server;
  final List<Agent> agents = new ArrayList<>();
  final List<Thread> threads = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    site.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("home")));
    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
    String extra = "  probing: agents\n  agent_grace: 5s\n  locations: [par1, fra1]\n  quorum: 2";
    server = TestServers.start(TestServers.write(dir, TestServers.config(extra, "http://127.0.0.1:" + site.port())));
  }

  @AfterEach
  void tearDown() throws Exception {
    agents.forEach(Agent::close);
    for (Thread t : threads) {
      t.join(10_000);
    }
    server.close();
    site.stop();
  }

  private void startAgent(String id, String location) {
    CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    Agent agent = new Agent(TestServers.base(server), TestServers.TOKEN, id, 10, Duration.ofMillis(200),
        new LocalGroupRunner(HttpProbe.builder().build(), checks, Clock.systemUTC()), checks, Clock.systemUTC())
        .location(location);
    agents.add(agent);
    threads.add(Thread.ofPlatform().name("agent-" + location).start(agent::run));
  }

  private JsonNode siteJson() {
    String domain = URLEncoder.encode("http://127.0.0.1:" + site.port(), StandardCharsets.UTF_8);
    return Http.get(TestServers.base(server) + "/api/sites/" + domain, TestServers.READ).json();
  }

  @Test
  void twoAgentsInTwoLocationsEachRunTheirLocationAndTheVerdictNeedsBoth() {
    startAgent("agent-paris", "par1");
    startAgent("agent-frankfurt", "fra1");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode task = siteJson().path("tasks").get(0);
      assertThat(task.path("severity").asText()).isEqualTo("ok");
      assertThat(task.path("locations").findValuesAsText("location")).containsExactly("par1", "fra1");
      assertThat(task.path("partial").asBoolean()).isFalse();
    });
    assertThat(server.remote().locations()).containsKeys("par1", "fra1");
    assertThat(siteJson().path("locations").toString()).isEqualTo("[\"par1\",\"fra1\"]");
    assertThat(siteJson().path("quorum").asInt()).isEqualTo(2);

    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(TestServers.base(server) + "/api/severities").json().path("critical").asLong())
            .isEqualTo(2));
  }

  @Test
  void aSiteAddedThroughTheApiTakesItsLocationsOrTheDefaults() {
    String base = TestServers.base(server) + "/api/sites/";
    String own = URLEncoder.encode("http://own.test", StandardCharsets.UTF_8);
    assertThat(Http.send("PUT", base + own, TestServers.WRITE, "{\"domain\": \"http://own.test\", \"locations\": "
        + "[\"fra1\"], \"paths\": [{\"path\": \"/\", \"checks\": [{\"status-is\": 200}]}]}").status()).isBetween(200, 201);
    JsonNode site = Http.get(base + own, TestServers.READ).json();
    assertThat(site.path("locations").toString()).isEqualTo("[\"fra1\"]");
    assertThat(site.path("quorum").asInt()).as("the default quorum 2, capped at one location").isEqualTo(1);

    String inherits = URLEncoder.encode("http://inherits.test", StandardCharsets.UTF_8);
    Http.send("PUT", base + inherits, TestServers.WRITE, "{\"domain\": \"http://inherits.test\", \"paths\": "
        + "[{\"path\": \"/\", \"checks\": [{\"status-is\": 200}]}]}");
    assertThat(Http.get(base + inherits, TestServers.READ).json().path("locations").toString())
        .isEqualTo("[\"par1\",\"fra1\"]");
  }
}
