package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon end to end: config file, in-process probing of WireMock sites, status, sites and metrics APIs. */
class ServerTest {
  @TempDir Path dir;
  WireMockServer site;
  Server server;

  @BeforeEach
  void setUp() throws Exception {
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    site.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("home")));
    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("all ok")));
    server = TestServers.start(TestServers.write(dir, TestServers.config("", "http://127.0.0.1:" + site.port())));
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    site.stop();
  }

  private String api(String path) {
    return TestServers.base(server) + path;
  }

  @Test
  void checksSitesAndReportsABrokenOne() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Http.get(api("/api/severities")).json().path("ok").asLong()).isEqualTo(3));
    Http.Response sev = Http.get(api("/api/severities"));
    assertThat(sev.json().fieldNames()).toIterable().contains("ok", "warning", "critical", "unknown");

    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(500).withBody("down")));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var s = Http.get(api("/api/severities")).json();
      assertThat(s.path("critical").asLong()).isEqualTo(2);
      assertThat(s.path("ok").asLong()).isEqualTo(1);
    });

    var stats = Http.get(api("/api/stats"), TestServers.READ).json();
    assertThat(stats.path("results_count").asLong()).isGreaterThanOrEqualTo(5); // 3 first results, then 2 of the broken path
    assertThat(stats.has("upcoming_tasks_count") && stats.has("selected_tasks_count")).isTrue();

    String metrics = Http.get(api("/metrics"), TestServers.READ).body();
    assertThat(metrics).contains("argos_results_total{severity=\"critical\"}", "argos_checks_run_total",
        "argos_probe_latency_seconds_bucket", "argos_notifications_sent_total",
        // the engine's own meters, registered in the daemon's registry; Prometheus takes the start lag's histogram
        // (quantiles by histogram_quantile) rather than its client-side percentiles
        "argos_start_lag_seconds_bucket{le=", "argos_start_lag_seconds_max", "argos_groups_run_total",
        "argos_results_written_total", "argos_state_changes_total", "argos_alerts_decided_total",
        "argos_tasks{severity=\"critical\"} 2.0", "argos_severity_changes_total{to=\"critical\"}");
    assertThat(Http.get(api("/healthz")).json().path("status").asText()).isEqualTo("ok");

    var sites = Http.get(api("/api/sites?severity=critical"), TestServers.READ).json();
    assertThat(sites.path("total").asLong()).isEqualTo(1);
    assertThat(sites.path("sites").get(0).path("severity").asText()).isEqualTo("critical");
    var one = Http.get(api("/api/sites/127.0.0.1:" + site.port()), TestServers.READ).json();
    assertThat(one.path("severity").asText()).isEqualTo("critical");
    assertThat(one.path("tasks")).hasSize(3);
    assertThat(one.path("paths").get(1).path("checks").get(1).path("body-contains").asText()).isEqualTo("ok");
  }

  @Test
  void writesNeedTheTokenAndBadPayloadsChangeNothing() {
    assertThat(Http.send("POST", api("/api/reschedule/all"), null, null).status()).isEqualTo(403);
    assertThat(Http.send("POST", api("/api/reschedule/all"), "wrong", null).status()).isEqualTo(401);
    assertThat(Http.send("POST", api("/api/reschedule/all"), TestServers.WRITE, null).json().path("msg").asText())
        .endsWith("task groups rescheduled");
    assertThat(Http.get(api("/api/sites")).status()).isEqualTo(403);

    String other = "http://127.0.0.2:9";
    String body = """
        {"domain": "%s", "frequency": "10m", "tags": ["shop"],
         "paths": [{"path": "/", "checks": [{"status-iz": 200}]}]}
        """.formatted(other);
    Http.Response bad = Http.send("PUT", api("/api/sites/127.0.0.2:9"), TestServers.WRITE, body);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("field").asText()).isEqualTo("paths[0].checks[0]");
    assertThat(bad.json().path("error").asText()).contains("unknown check 'status-iz'", "known checks: body-contains");
    assertThat(bad.json().path("errors").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(server.argos().sites()).hasSize(1);

    Http.Response mismatch = Http.send("PUT", api("/api/sites/127.0.0.3:9"), TestServers.WRITE,
        body.replace("status-iz", "status-is"));
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.json().path("field").asText()).isEqualTo("domain");
    assertThat(Http.send("PUT", api("/api/sites/127.0.0.2:9"), "wrong", body).status()).isEqualTo(401);
    assertThat(Http.send("PUT", api("/api/sites/127.0.0.2:9"), TestServers.READ, body).status()).isEqualTo(403);
    assertThat(server.argos().sites()).hasSize(1);

    Http.Response created = Http.send("PUT", api("/api/sites/127.0.0.2:9"), TestServers.WRITE, body.replace("status-iz", "status-is"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("tasks_added").asInt()).isEqualTo(1);
    var got = Http.get(api("/api/sites/127.0.0.2:9"), TestServers.WRITE).json();
    assertThat(got.path("frequency").asText()).isEqualTo("10m");
    assertThat(got.path("managed_by").asText()).isEqualTo("api");
    assertThat(Http.get(api("/api/sites?tag=shop"), TestServers.WRITE).json().path("total").asLong()).isEqualTo(1);
    assertThat(Http.get(api("/api/sites?q=127.0.0.2"), TestServers.WRITE).json().path("total").asLong()).isEqualTo(1);
    Http.Response badQuery = Http.get(api("/api/sites?severity=fatal"), TestServers.WRITE);
    assertThat(badQuery.status()).isEqualTo(400);
    assertThat(badQuery.json().path("field").asText()).isEqualTo("severity");

    Http.Response again = Http.send("PUT", api("/api/sites/127.0.0.2:9"), TestServers.WRITE, body.replace("status-iz", "status-is"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("tasks_kept").asInt()).isEqualTo(1);

    assertThat(Http.send("DELETE", api("/api/sites/127.0.0.2:9"), TestServers.WRITE, null).status()).isEqualTo(204);
    assertThat(Http.get(api("/api/sites/127.0.0.2:9"), TestServers.WRITE).status()).isEqualTo(404);
    assertThat(server.argos().sites()).hasSize(1);
  }
}
