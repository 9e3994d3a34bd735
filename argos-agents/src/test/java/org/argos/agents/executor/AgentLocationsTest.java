package org.argos.agents.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.agents.agent.Agent;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Quorum;
import org.argos.api.RequestData;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.LocationUnavailable;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §1: two of our agents in different locations, over the agent endpoints: each takes only its location's run
 * of a group checked from several locations (and any agent the groups of sites without locations); a location with
 * no agent leaves the verdict ({@link LocationUnavailable}) instead of failing.
 */
class AgentLocationsTest {
  private static final Quorum PAR_FRA_AMS = new Quorum(List.of("par1", "fra1", "ams1"), 2, false);

  private static ClaimedGroup group(long id, Quorum quorum) {
    ProbeRequest r = new ProbeRequest("http://site.test/", "GET", RequestData.NONE, IpVersion.IPV4,
        Duration.ofMillis(200), false, 0);
    return new ClaimedGroup(id, "http://site.test", r, new SchedulePolicy(Duration.ofMinutes(1), null, 0, quorum),
        Instant.now(), Instant.now().plusSeconds(60), List.of(new TaskRef(id * 10, CheckSpec.of("status-is", 200))));
  }

  /** Says which agent ran the group: the agents share it, each runs with its own. */
  private record Runner(String name) implements GroupRunner {
    @Override
    public GroupOutcome run(ClaimedGroup g) {
      return new GroupOutcome(g.groupId(), Instant.now(), Instant.now(), g.tasks().stream()
          .map(t -> new TaskOutcome(t.taskId(), CheckResult.success("ran by " + name))).toList());
    }

    @Override
    public GroupOutcome abandoned(ClaimedGroup g, Instant startedAt, CheckResult result) {
      return new GroupOutcome(g.groupId(), startedAt, Instant.now(), g.tasks().stream()
          .map(t -> new TaskOutcome(t.taskId(), result)).toList());
    }
  }

  @Test
  void eachAgentTakesItsLocationsRunAndALocationWithoutAgentsLeavesTheVerdict() throws Exception {
    AtomicLong ids = new AtomicLong();
    RemoteAgentExecutor executor = new RemoteAgentExecutor(Duration.ofMillis(300), 100);
    executor.start(new ExecutorContext(new Runner("server"), Clock.systemUTC()));
    try (AgentEndpoints server = new AgentEndpoints(executor, (check, report) -> report.defaultResult(),
        n -> java.util.stream.LongStream.range(0, n).map(i -> ids.incrementAndGet()).boxed().toList());
        Agent paris = new Agent(server.url(), "t", "agent-a", 10, Duration.ofMillis(20), new Runner("paris"),
            Clock.systemUTC()).location("par1");
        Agent frankfurt = new Agent(server.url(), "t", "agent-b", 10, Duration.ofMillis(20), new Runner("frankfurt"),
            Clock.systemUTC()).location("fra1")) {
      ClaimedGroup g = group(1, PAR_FRA_AMS);
      CompletableFuture<GroupOutcome> par = executor.execute(g.in("par1")).toCompletableFuture();
      CompletableFuture<GroupOutcome> fra = executor.execute(g.in("fra1")).toCompletableFuture();
      CompletableFuture<GroupOutcome> ams = executor.execute(g.in("ams1")).toCompletableFuture();
      CompletableFuture<GroupOutcome> anyAgent = executor.execute(group(2, Quorum.DEFAULT)).toCompletableFuture();
      Thread a = Thread.ofPlatform().start(paris::run);
      Thread b = Thread.ofPlatform().start(frankfurt::run);

      TaskOutcome fromParis = par.get(10, TimeUnit.SECONDS).outcomes().getFirst();
      assertThat(fromParis.producedBy()).isEqualTo("agent-a");
      TaskOutcome fromFrankfurt = fra.get(10, TimeUnit.SECONDS).outcomes().getFirst();
      assertThat(fromFrankfurt.producedBy()).isEqualTo("agent-b");
      assertThat(anyAgent.get(10, TimeUnit.SECONDS).outcomes().getFirst().producedBy()).isIn("agent-a", "agent-b");

      ExecutionException noAgent = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
          () -> ams.get(10, TimeUnit.SECONDS));
      assertThat(noAgent).isNotNull();
      assertThat(noAgent.getCause()).isInstanceOf(LocationUnavailable.class);
      assertThat(((LocationUnavailable) noAgent.getCause()).location()).isEqualTo("ams1");
      assertThat(executor.locations()).containsOnlyKeys("par1", "fra1");

      paris.close();
      frankfurt.close();
      a.join(10_000);
      b.join(10_000);
    } finally {
      executor.close();
    }
  }
}
