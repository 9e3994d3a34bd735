package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.store.ConfigVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.version.ConfigVersions;

/**
 * Issue 17, failure 1: two daemons on one PostgreSQL database, the second started with another config. It used to
 * rewrite the first one's checks (deleting a task with its results and history) and its reload deleted sites for every
 * node. Now the config a cluster runs is stored, and a node with another config refuses to start, or runs read-only,
 * unless it adopts its config explicitly.
 */
class ClusterConfigVersionTest {
  @TempDir Path dir1;
  @TempDir Path dir2;
  WireMockServer a;
  WireMockServer b;
  final TestPostgres postgres = new TestPostgres();
  String db;
  Server node1;
  Server node2;

  @BeforeEach
  void setUp() throws Exception {
    a = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    b = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    a.start();
    b.start();
    a.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    b.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    db = postgres.newDatabaseUrl("argos_config_cluster");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Server s : new Server[] {node2, node1}) {
      if (s != null) {
        s.close();
      }
    }
    a.stop();
    b.stop();
    postgres.dropAll();
  }

  static String url(WireMockServer s) {
    return "http://127.0.0.1:" + s.port();
  }

  /** A config on the shared database; the site list as in {@link TestServers#config}. */
  String config(String... sites) {
    return TestServers.config("", sites).replace("url: memory", "url: \"" + db + "\"");
  }

  /** The same sites with one check less on every site: /health loses its body-contains. */
  String olderConfig(String... sites) {
    return config(sites).replace("          - body-contains: ok\n", "");
  }

  static Server start(Path config, ConfigVersions.OnMismatch onMismatch) {
    return Server.start(new Server.Options(config, "127.0.0.1", 0, Map.of(), config.getParent(), null, null, List.of(),
        Stores.DEFAULT).onMismatch(onMismatch));
  }

  @Test
  void aNodeWithAnotherConfigRefusesToStartAndRewritesNothing() throws Exception {
    node1 = start(TestServers.write(dir1, config(url(a), url(b))), ConfigVersions.OnMismatch.REFUSE);
    await().atMost(Duration.ofSeconds(30)).until(() -> node1.argos().store().severityCounts().ok() == 6);
    List<TaskStatus> before = node1.argos().store().tasks(url(a));
    ConfigVersion stored = node1.argos().store().configVersion().orElseThrow();
    assertThat(stored.hash()).isEqualTo(node1.nodeVersion().hash());
    assertThat(stored.setBy()).isEqualTo(node1.argos().nodeId());

    Path older = TestServers.write(dir2, olderConfig(url(a), url(b)));
    Throwable refused = catchThrowable(() -> node2 = start(older, ConfigVersions.OnMismatch.REFUSE));

    assertThat(node1.argos().store().tasks(url(a))).as("node 1's checks, with their state, are untouched")
        .extracting(TaskStatus::taskId).containsExactlyElementsOf(before.stream().map(TaskStatus::taskId).toList());
    assertThat(node1.argos().store().tasks(url(a))).hasSize(3);
    assertThat(node1.argos().store().configVersion()).contains(stored);
    assertThat(refused).isInstanceOf(ConfigVersions.Mismatch.class)
        .hasMessageContaining(stored.hash().substring(0, 12))
        .hasMessageContaining(stored.label())
        .hasMessageContaining("by node " + node1.argos().nodeId())
        .hasMessageContaining(older.toAbsolutePath().toString())
        .hasMessageContaining("--adopt-config").hasMessageContaining("--read-only");
  }

  @Test
  @Timeout(60) // without the check, the command would serve until interrupted
  void theCommandLineExitsWithAStatusAndAMessageNamingBothVersions() throws Exception {
    node1 = start(TestServers.write(dir1, config(url(a))), ConfigVersions.OnMismatch.REFUSE);
    ConfigVersion stored = node1.argos().store().configVersion().orElseThrow();
    Path older = TestServers.write(dir2, olderConfig(url(a)));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.execute(new String[] {"server", "start", "--config", older.toString(), "--port", "0"},
        new Main.Env(new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8),
            System.in, Map.of(), dir2, List.of(), null, Stores.DEFAULT));
    assertThat(status).isEqualTo(ConfigVersions.MISMATCH_EXIT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(stored.hash().substring(0, 12), stored.label(),
        "this node:", "the cluster:");
    assertThat(node1.argos().store().tasks(url(a))).hasSize(3);
  }

  @Test
  void aReadOnlyNodeChecksTheStoredSitesAndItsReloadNeedsAdoption() throws Exception {
    node1 = start(TestServers.write(dir1, config(url(a), url(b))), ConfigVersions.OnMismatch.REFUSE);
    await().atMost(Duration.ofSeconds(30)).until(() -> node1.argos().store().severityCounts().ok() == 6);
    List<Long> before = node1.argos().store().tasks(url(a)).stream().map(TaskStatus::taskId).toList();
    ConfigVersion stored = node1.argos().store().configVersion().orElseThrow();

    // the older config also lacks site b: a reload of it would delete b for every node
    Path older = TestServers.write(dir2, olderConfig(url(a)));
    node2 = start(older, ConfigVersions.OnMismatch.READ_ONLY);
    assertThat(node2.readOnly()).isTrue();
    assertThat(node2.argos().store().tasks(url(a))).extracting(TaskStatus::taskId).containsExactlyElementsOf(before);
    await().atMost(Duration.ofSeconds(30)).until(() -> node2.argos().metrics().groupsRun() > 0); // it does check

    Http.Response v = Http.get(TestServers.base(node2) + "/api/config-version", TestServers.READ);
    assertThat(v.status()).isEqualTo(200);
    assertThat(v.json().path("read_only").asBoolean()).isTrue();
    assertThat(v.json().path("matches").asBoolean()).isFalse();
    assertThat(v.json().path("stored").path("hash").asText()).isEqualTo(stored.hash());
    assertThat(v.json().path("stored").path("set_by").asText()).isEqualTo(node1.argos().nodeId());
    assertThat(v.json().path("node").path("hash").asText()).isEqualTo(node2.nodeVersion().hash()).isNotEqualTo(stored.hash());
    assertThat(Http.get(TestServers.base(node2) + "/api/config-version", null).status()).isEqualTo(403);
    Http.Response v1 = Http.get(TestServers.base(node1) + "/api/config-version", TestServers.READ);
    assertThat(v1.json().path("matches").asBoolean()).isTrue();
    assertThat(v1.json().path("read_only").asBoolean()).isFalse();

    Server.Reload refused = node2.reload();
    assertThat(refused.ok()).isFalse();
    assertThat(refused.refused()).isEqualTo("config-version");
    assertThat(refused.errors().get(0)).contains("read-only", stored.hash().substring(0, 12));
    Http.Response viaApi = Http.send("POST", TestServers.base(node2) + "/api/reload-config", TestServers.ADMIN, null);
    assertThat(viaApi.status()).isEqualTo(409);
    assertThat(node1.argos().sites()).extracting(Site::domain).containsExactlyInAnyOrder(url(a), url(b));
    assertThat(node1.argos().store().tasks(url(a))).extracting(TaskStatus::taskId).containsExactlyElementsOf(before);

    // the operator adopts node 2's config explicitly: now it is the cluster's, and node 1's reload of its own
    // (older for the cluster) file is refused in turn
    Http.Response adopted = Http.send("POST", TestServers.base(node2) + "/api/reload-config?adopt=true",
        TestServers.ADMIN, null);
    assertThat(adopted.status()).as(adopted.body()).isEqualTo(200);
    assertThat(adopted.json().path("removed").asInt()).isEqualTo(1);
    assertThat(node2.readOnly()).isFalse();
    assertThat(node1.argos().sites()).extracting(Site::domain).containsExactly(url(a));
    assertThat(node1.argos().store().tasks(url(a))).hasSize(2);
    assertThat(node1.argos().store().configVersion().orElseThrow().hash()).isEqualTo(node2.nodeVersion().hash());
    Server.Reload stale = node1.reload();
    assertThat(stale.refused()).isEqualTo("config-version");
    assertThat(node1.argos().sites()).extracting(Site::domain).containsExactly(url(a));
    assertThat(node1.argos().store().tasks(url(a))).hasSize(2);
  }

  @Test
  void aNodeAdoptsItsConfigOnlyWhenToldTo() throws Exception {
    node1 = start(TestServers.write(dir1, config(url(a), url(b))), ConfigVersions.OnMismatch.REFUSE);
    Path newer = TestServers.write(dir2, config(url(a)).replace("first_run_spread: 0\n",
        "first_run_spread: 0\n  config_version: \"2026-12-07 b retired\"\n"));
    node2 = start(newer, ConfigVersions.OnMismatch.ADOPT);
    assertThat(node2.readOnly()).isFalse();
    ConfigVersion stored = node2.argos().store().configVersion().orElseThrow();
    assertThat(stored.label()).isEqualTo("2026-12-07 b retired");
    assertThat(stored.setBy()).isEqualTo(node2.argos().nodeId());
    node2.close();
    node2 = null;
    // the same config again: no option needed
    node2 = start(newer, ConfigVersions.OnMismatch.REFUSE);
    assertThat(node2.readOnly()).isFalse();
  }

  @Test
  void aLoneNodeOnItsEmbeddedDatabaseAdoptsAnEditedConfigAtRestart() throws Exception {
    String h2 = "h2:" + dir1.resolve("argos").toAbsolutePath();
    Path cfg = TestServers.write(dir1, TestServers.config("", url(a), url(b)).replace("url: memory", "url: \"" + h2 + "\""));
    node1 = start(cfg, ConfigVersions.OnMismatch.REFUSE);
    String first = node1.argos().store().configVersion().orElseThrow().hash();
    node1.close();
    node1 = null;
    Files.writeString(cfg, Files.readString(cfg).replace("          - body-contains: ok\n", ""));
    node1 = start(cfg, ConfigVersions.OnMismatch.REFUSE);
    assertThat(node1.readOnly()).isFalse();
    assertThat(node1.argos().store().configVersion().orElseThrow().hash()).isNotEqualTo(first)
        .isEqualTo(node1.nodeVersion().hash());
    assertThat(node1.argos().store().tasks(url(a))).hasSize(2);
  }
}
