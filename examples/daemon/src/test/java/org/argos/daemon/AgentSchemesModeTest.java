package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.argos.agents.agent.Agent;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.store.StoredResult;
import org.argos.engine.LocalGroupRunner;
import org.argos.engine.Probes;
import org.argos.engine.plugin.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 over the daemon's real agent endpoints: a tcp:// site is taken by our agent, which says it probes tcp
 * ({@code ?schemes=}); with no such agent the server probes it itself.
 */
class AgentSchemesModeTest {
  @TempDir Path dir;
  ServerSocket banner;
  Server server;

  @BeforeEach
  void setUp() throws Exception {
    banner = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!banner.isClosed()) {
        try (Socket s = banner.accept(); OutputStream out = s.getOutputStream()) {
          out.write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          return;
        }
      }
    });
    // a generous grace: a loaded machine must not make the agent's group look untaken (then the server probes it)
    server = TestServers.start(TestServers.write(dir, TestServers.config("  probing: agents\n  agent_grace: 30s", "http://127.0.0.1:9")));
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    banner.close();
  }

  private String tcpSite() {
    String domain = "tcp://127.0.0.1:" + banner.getLocalPort();
    server.argos().register(Site.builder(domain).ipVersions(true, false).frequency(Duration.ofSeconds(2))
        .timeout(Duration.ofSeconds(2)).path("/", p -> p.check("tcp-expect", "220 ")).build());
    return domain;
  }

  private StoredResult lastResult(String domain) {
    TaskStatus t = server.argos().store().tasks(domain).get(0);
    return server.argos().store().results(t.taskId(), 1).get(0);
  }

  @Test
  void ourAgentSaysItProbesTcpAndTakesTheSite() throws Exception {
    PluginRegistry plugins = PluginRegistry.discovering(getClass().getClassLoader());
    try (Probes probes = Probes.of(plugins, null);
        Agent agent = new Agent(TestServers.base(server), TestServers.TOKEN, "tcp-agent", 10, Duration.ofMillis(100),
            new LocalGroupRunner(probes, plugins.checks(), Clock.systemUTC()), plugins.checks(), Clock.systemUTC())) {
      Thread t = Thread.ofPlatform().start(agent::run);
      await().atMost(Duration.ofSeconds(20)).until(() -> server.remote().agents().containsKey("tcp-agent"));
      String domain = tcpSite();
      await().atMost(Duration.ofSeconds(30)).until(() -> server.argos().store().tasks(domain).get(0).state() != null);
      StoredResult r = lastResult(domain);
      assertThat(r.result().severity()).as(r.result().message()).isEqualTo(Severity.OK);
      assertThat(r.node()).isEqualTo("tcp-agent");
      agent.close();
      t.join(10_000);
    }
  }

  @Test
  void withNoAgentThatProbesTcpTheServerProbesTheSiteItself() {
    String domain = tcpSite();
    await().atMost(Duration.ofSeconds(30)).until(() -> server.argos().store().tasks(domain).get(0).state() != null);
    StoredResult r = lastResult(domain);
    assertThat(r.result().severity()).as(r.result().message()).isEqualTo(Severity.OK);
    assertThat(r.node()).isEqualTo(server.argos().nodeId());
  }
}
