package org.argos.agents.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.agents.agent.Agent;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ResultStatus;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.argos.engine.Probes;
import org.argos.engine.plugin.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: upstream agents get http(s) groups only; our agent says which schemes it probes and gets those too; a
 * group of a scheme no agent probes runs in the server's process. Against a real TCP server on loopback.
 */
class AgentSchemesTest {
  private static final PluginRegistry PLUGINS = PluginRegistry.discovering(AgentSchemesTest.class.getClassLoader());
  private static final CheckRegistry CHECKS = PLUGINS.checks();
  private final AtomicLong ids = new AtomicLong();
  private ServerSocket banner;
  private Probes probes;

  @BeforeEach
  void start() throws IOException {
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
    probes = Probes.of(PLUGINS, null);
  }

  @AfterEach
  void stop() throws IOException {
    banner.close();
    probes.close();
  }

  private ClaimedGroup group(long id, String url, String check, Object parameter) {
    ProbeRequest base = ProbeRequest.of(url, IpVersion.IPV4, Duration.ofMillis(500));
    CheckSpec spec = CheckSpec.of(check, parameter);
    return new ClaimedGroup(id, url, CHECKS.check(spec).request(base), new SchedulePolicy(Duration.ofMinutes(1), null,
        0), Instant.now(), Instant.now().plusSeconds(60), List.of(new TaskRef(id * 10, spec)));
  }

  private RemoteAgentExecutor executor(Duration grace) {
    RemoteAgentExecutor e = new RemoteAgentExecutor(grace, 100);
    e.start(new ExecutorContext(new LocalGroupRunner(probes, CHECKS, Clock.systemUTC()), Clock.systemUTC()));
    return e;
  }

  private AgentEndpoints endpoints(RemoteAgentExecutor e) throws IOException {
    return new AgentEndpoints(e, (check, report) -> CHECKS.judgeReport(check, report,
        new org.argos.api.spi.CheckContext(Instant.now())),
        n -> java.util.stream.LongStream.range(0, n).map(i -> ids.incrementAndGet()).boxed().toList());
  }

  @Test
  void aGroupOfASchemeNoAgentProbesRunsInTheServersProcess() throws Exception {
    RemoteAgentExecutor e = executor(Duration.ofMinutes(5));
    try {
      e.take("upstream", "token", 10); // an Argos agent is around: it probes http(s) only
      ClaimedGroup tcp = group(1, "tcp://127.0.0.1:" + banner.getLocalPort(), "tcp-expect", "220 ");
      TaskOutcome o = e.execute(tcp).toCompletableFuture().get(10, TimeUnit.SECONDS).outcomes().getFirst();
      assertThat(o.result().status()).as(o.result().message()).isEqualTo(ResultStatus.SUCCESS);
      assertThat(o.producedBy()).as("run here, by no agent").isNull();
      assertThat(e.waitingGroups()).isZero();
    } finally {
      e.close();
    }
  }

  @Test
  void ourAgentSaysItsSchemesAndTakesWhatUpstreamAgentsAreNotGiven() throws Exception {
    RemoteAgentExecutor e = executor(Duration.ofMinutes(5));
    try (AgentEndpoints server = endpoints(e);
        Agent ours = new Agent(server.url(), "t", "ours", 10, Duration.ofMillis(20),
            new LocalGroupRunner(probes, CHECKS, Clock.systemUTC()), CHECKS, Clock.systemUTC())) {
      assertThat(probes.schemes()).contains("http", "https", "tcp");
      e.take("ours", "default", "t-fingerprint", 0, Set.of("http", "https", "tcp")); // seen: tcp groups now wait for agents
      CompletableFuture<GroupOutcome> tcp = e.execute(group(1, "tcp://127.0.0.1:" + banner.getLocalPort(),
          "tcp-expect", "220 ")).toCompletableFuture();
      CompletableFuture<GroupOutcome> web = e.execute(group(2, "http://127.0.0.1:9/", "status-is", 200))
          .toCompletableFuture();
      assertThat(e.waitingGroups()).isEqualTo(2);
      assertThat(e.take("upstream", "token", 10)).as("an upstream agent gets the http group only")
          .extracting(h -> h.group().groupId()).containsExactly(2L);
      Thread t = Thread.ofPlatform().start(ours::run);
      TaskOutcome o = tcp.get(10, TimeUnit.SECONDS).outcomes().getFirst();
      assertThat(o.producedBy()).isEqualTo("ours");
      assertThat(o.result().status()).as(o.result().message()).isEqualTo(ResultStatus.SUCCESS);
      assertThat(web).isNotDone(); // held by the upstream agent, which never answers
      ours.close();
      t.join(10_000);
    } finally {
      e.close();
    }
  }

  @Test
  void aGroupNoAgentTookInTimeRunsHereRatherThanFailing() throws Exception {
    RemoteAgentExecutor e = executor(Duration.ofMillis(200));
    try {
      e.take("ours", "default", "t", 0, Set.of("http", "https", "tcp")); // then it goes away
      CompletableFuture<GroupOutcome> tcp = e.execute(group(1, "tcp://127.0.0.1:" + banner.getLocalPort(),
          "tcp-connect", true)).toCompletableFuture();
      assertThat(e.waitingGroups()).isEqualTo(1);
      TaskOutcome o = tcp.get(10, TimeUnit.SECONDS).outcomes().getFirst();
      assertThat(o.result().status()).as(o.result().message()).isEqualTo(ResultStatus.SUCCESS);
      assertThat(o.producedBy()).isNull();
    } finally {
      e.close();
    }
  }

  @Test
  void schemesAreParsedBoundedAndDefaultToHttp() {
    assertThat(AgentSchemes.parse(null)).containsExactlyInAnyOrder("http", "https");
    assertThat(AgentSchemes.parse("HTTP,https, tcp")).containsExactly("http", "https", "tcp");
    assertThatThrownBy(() -> AgentSchemes.parse("tcp,1x")).hasMessageContaining("'1x' is not a URI scheme");
    assertThatThrownBy(() -> AgentSchemes.parse("a,".repeat(40))).hasMessageContaining("at most 32");
  }
}
