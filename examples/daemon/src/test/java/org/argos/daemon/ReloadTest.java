package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload without restart: sites added, changed and removed; unchanged tasks keep their state; a bad file changes nothing. */
class ReloadTest {
  @TempDir Path dir;
  WireMockServer a;
  WireMockServer b;
  Server server;
  Path config;

  @BeforeEach
  void setUp() throws Exception {
    a = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    b = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    a.start();
    b.start();
    a.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    b.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    config = TestServers.write(dir, TestServers.config("", url(a)));
    server = TestServers.start(config);
  }

  @AfterEach
  void tearDown() {
    server.close();
    a.stop();
    b.stop();
  }

  static String url(WireMockServer s) {
    return "http://127.0.0.1:" + s.port();
  }

  @Test
  void reloadAppliesAddedChangedAndRemovedSites() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> server.argos().store().severityCounts().ok() == 3);
    TaskStatus before = server.argos().store().tasks(url(a)).get(0);

    Files.writeString(config, TestServers.config("", url(a), url(b)));
    Server.Reload r = server.reload();
    assertThat(r.ok()).isTrue();
    assertThat(r.added()).isEqualTo(1);
    assertThat(r.unchanged()).isEqualTo(1);
    TaskStatus after = server.argos().store().tasks(url(a)).get(0);
    assertThat(after.taskId()).isEqualTo(before.taskId());
    assertThat(after.state()).as("an unchanged task keeps its state").isNotNull();
    await().atMost(Duration.ofSeconds(30)).until(() -> server.argos().store().severityCounts().ok() == 6);

    // Change site b (one check less), remove site a.
    String changed = TestServers.config("", url(b)).replace("          - body-contains: ok\n", "");
    Files.writeString(config, changed);
    r = server.reload();
    assertThat(r.changed()).isEqualTo(1);
    assertThat(r.removed()).isEqualTo(1);
    assertThat(server.argos().sites()).extracting(Site::domain).containsExactly(url(b));
    assertThat(server.argos().store().tasks(url(b))).hasSize(2);
  }

  @Test
  void aBadFileKeepsTheRunningConfiguration() throws Exception {
    Files.writeString(config, TestServers.config("", url(a), url(b)).replace("status-is: 200", "status-is: teapot"));
    Server.Reload r = server.reload();
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("argos-config.yaml:", "status-is", "got \"teapot\""));
    assertThat(server.argos().sites()).extracting(Site::domain).containsExactly(url(a));
  }

  @Test
  void theCliAsksTheRunningServerToReload() throws Exception {
    Files.writeString(config, TestServers.config("", url(a), url(b)));
    Cli.Run run = Cli.run(dir, Map.of(), "server", "reload-config", "--config", config.toString(), "--server",
        TestServers.base(server));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("config reloaded: 1 added, 0 changed, 0 removed, 1 unchanged");

    Files.writeString(config, TestServers.config("", url(a)).replace("frequency: \"1s\"", "frequency: \"soon\""));
    // The CLI reads the token from the config, so give it the good file and break the server's copy afterwards.
    Path cliConfig = dir.resolve("cli.yaml");
    Files.writeString(cliConfig, TestServers.config("", url(a)));
    run = Cli.run(dir, Map.of(), "server", "reload-config", "--config", cliConfig.toString(), "--server", TestServers.base(server));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("keeps its running config", "general.frequency");
    assertThat(server.argos().sites()).hasSize(2);
  }
}
