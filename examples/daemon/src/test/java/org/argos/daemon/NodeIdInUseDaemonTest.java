package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.version.ConfigVersions;

/**
 * Issue 17: a config copied to a second host keeps its {@code argos_java.node_id}. Two live daemons with one id on one
 * PostgreSQL would take back each other's claims and run the same work twice; the second exits with status 76 and a
 * message naming the id and the other process, and a running daemon that sees another write its row says so in
 * {@code /healthz}.
 */
class NodeIdInUseDaemonTest {
  @TempDir Path dir1;
  @TempDir Path dir2;
  WireMockServer site;
  final TestPostgres postgres = new TestPostgres();
  String db;
  Server node1;

  @BeforeEach
  void setUp() throws Exception {
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    site.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    db = postgres.newDatabaseUrl("argos_f_nodeid");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (node1 != null) {
      node1.close();
    }
    site.stop();
    postgres.dropAll();
  }

  String config() {
    return TestServers.config("  node_id: \"copied-node\"\n  heartbeat: 500ms", "http://127.0.0.1:" + site.port())
        .replace("url: memory", "url: \"" + db + "\"");
  }

  @Test
  @Timeout(60) // without the check, the command would serve until interrupted
  void aSecondDaemonWithTheSameNodeIdExitsWithItsOwnStatusAndAMessageNamingTheOther() throws Exception {
    Path first = TestServers.write(dir1, config());
    node1 = Server.start(new Server.Options(first, "127.0.0.1", 0, Map.of(), dir1, null, null, List.of(),
        Stores.DEFAULT));
    Path copy = TestServers.write(dir2, config());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.execute(new String[] {"server", "start", "--config", copy.toString(), "--port", "0"},
        new Main.Env(new PrintStream(new ByteArrayOutputStream(), true),
            new PrintStream(err, true, StandardCharsets.UTF_8), System.in, Map.of(), dir2, List.of(), null,
            Stores.DEFAULT));
    assertThat(status).isEqualTo(Main.NODE_ID_IN_USE).isNotIn(0, 1, Main.DEAD_ENGINE, ConfigVersions.MISMATCH_EXIT);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("node id 'copied-node' is in use by another live Argos process")
        .contains("pid " + ProcessHandle.current().pid())
        .contains("Give each node its own node_id")
        .doesNotContain("postgres@");
    assertThat(node1.argos().health().live()).isTrue();
  }

  @Test
  void aRunningDaemonWhoseRowAnotherProcessWritesIsUnhealthyInHealthz() throws Exception {
    Path first = TestServers.write(dir1, config());
    node1 = Server.start(new Server.Options(first, "127.0.0.1", 0, Map.of(), dir1, null, null, List.of(),
        Stores.DEFAULT));
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node1.port() + "/healthz")).build();
    assertThat(http.send(healthz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    // another process with this id beats (it started at the same instant, so neither refused)
    node1.argos().store().heartbeat("copied-node", "other-instance", "other-host.example", 4242, Instant.now());
    await().atMost(Duration.ofSeconds(10)).until(() -> http.send(healthz, HttpResponse.BodyHandlers.ofString())
        .statusCode() == 503);
    assertThat(http.send(healthz, HttpResponse.BodyHandlers.ofString()).body())
        .contains("node id 'copied-node' is also used by another live process (host other-host.example, pid 4242)");
  }
}
