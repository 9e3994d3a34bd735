package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: silences added through the API lived on one node only (20 of 20 alerts were sent in a 3-node cluster).
 * They are stored in the database, so a silence added through node 1's API silences node 2's alerts.
 */
class ClusterSilencesTest {
  @TempDir Path dir1;
  @TempDir Path dir2;
  WireMockServer site;
  final TestPostgres postgres = new TestPostgres();
  Server node1;
  Server node2;

  @BeforeEach
  void setUp() {
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    site.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Server s : new Server[] {node2, node1}) {
      if (s != null) {
        s.close();
      }
    }
    site.stop();
    postgres.dropAll();
  }

  @Test
  void aSilenceAddedThroughOneNodeSilencesAnotherNodesAlerts() throws Exception {
    String db = postgres.newDatabaseUrl("argos_config_silences");
    String url = "http://127.0.0.1:" + site.port();
    String yaml = TestServers.config("", url).replace("url: memory", "url: \"" + db + "\"");
    node1 = TestServers.start(TestServers.write(dir1, yaml));
    node2 = TestServers.start(TestServers.write(dir2, yaml));
    await().atMost(Duration.ofSeconds(30)).until(() -> node2.argos().store().severityCounts().ok() == 3);

    String body = """
        {"domain": "%s", "from": "%s", "until": "%s", "reason": "maintenance"}""".formatted(url,
        Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
    assertThat(Http.send("PUT", TestServers.base(node1) + "/api/silences/maintenance", TestServers.WRITE, body).status())
        .isEqualTo(201);
    // node 2 reads the stored silences at once when listing them (delivery re-reads them every 5 s)
    Http.Response listed = Http.get(TestServers.base(node2) + "/api/silences", TestServers.READ);

    // node 2 alone now checks and delivers: the site fails, its alerts are decided and must stay silent
    node1.close();
    node1 = null;
    site.resetAll();
    site.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("down")));
    await().atMost(Duration.ofSeconds(30)).until(() -> node2.argos().metrics().alertsDecided() > 0
        && node2.argos().store().pendingAlerts() == 0);
    assertThat(node2.argos().metrics().notificationsSent()).as("nothing sent").isZero();
    assertThat(node2.argos().metrics().alertsSilenced()).isPositive();
    assertThat(listed.json().path("silences")).as("node 2 knows node 1's silence").hasSize(1);
    assertThat(listed.json().path("silences").get(0).path("id").asText()).isEqualTo("maintenance");

    // deleted through node 2, it is gone for every node
    assertThat(Http.send("DELETE", TestServers.base(node2) + "/api/silences/maintenance", TestServers.WRITE, null)
        .status()).isEqualTo(204);
    assertThat(node2.argos().store().silences()).isEmpty();
  }
}
