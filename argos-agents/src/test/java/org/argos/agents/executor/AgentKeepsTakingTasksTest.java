package org.argos.agents.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.agents.agent.Agent;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.ResultStatus;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.GroupRunner;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.junit.jupiter.api.Test;

/**
 * An agent busy with a slow group still takes and answers the others: it used to wait for every group of a poll before
 * polling again, so one slow site held back every other task until its timeout, and they timed out on the server.
 */
class AgentKeepsTakingTasksTest {
  private static ClaimedGroup group(long id, String domain) {
    ProbeRequest r = new ProbeRequest(domain + "/", "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(30),
        false, 0);
    return new ClaimedGroup(id, domain, r, new SchedulePolicy(Duration.ofMinutes(1), null, 0), Instant.now(),
        Instant.now().plusSeconds(60), List.of(new TaskRef(id * 10, CheckSpec.of("status-is", 200))));
  }

  /** Runs {@code slow} groups until released; answers the others at once. */
  private static final class Runner implements GroupRunner {
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public GroupOutcome run(ClaimedGroup g) throws InterruptedException {
      if (g.domain().contains("slow")) {
        slowStarted.countDown();
        release.await();
      }
      return new GroupOutcome(g.groupId(), Instant.now(), Instant.now(), g.tasks().stream()
          .map(t -> new TaskOutcome(t.taskId(), CheckResult.success("ran " + g.domain()))).toList());
    }

    @Override
    public GroupOutcome abandoned(ClaimedGroup g, Instant startedAt, CheckResult result) {
      return new GroupOutcome(g.groupId(), startedAt, Instant.now(), g.tasks().stream()
          .map(t -> new TaskOutcome(t.taskId(), result)).toList());
    }
  }

  @Test
  void aSlowGroupDoesNotHoldBackTheOthers() throws Exception {
    Runner runner = new Runner();
    AtomicLong ids = new AtomicLong();
    RemoteAgentExecutor executor = new RemoteAgentExecutor(Duration.ofSeconds(5), 100);
    executor.start(new ExecutorContext(runner, Clock.systemUTC()));
    try (AgentEndpoints server = new AgentEndpoints(executor, (check, report) -> report.defaultResult(),
        n -> java.util.stream.LongStream.range(0, n).map(i -> ids.incrementAndGet()).boxed().toList());
        Agent agent = new Agent(server.url(), "t", "busy-agent", 10, Duration.ofMillis(50), runner,
            Clock.systemUTC())) {
      Thread polling = Thread.ofPlatform().name("busy-agent").start(agent::run);
      CompletableFuture<GroupOutcome> slow = executor.execute(group(1, "http://slow.test")).toCompletableFuture();
      assertThat(runner.slowStarted.await(10, TimeUnit.SECONDS)).as("the agent runs the slow group").isTrue();

      CompletableFuture<GroupOutcome> fast = executor.execute(group(2, "http://fast.test")).toCompletableFuture();
      GroupOutcome answered = fast.get(10, TimeUnit.SECONDS);
      assertThat(answered.outcomes()).extracting(o -> o.result().status()).containsExactly(ResultStatus.SUCCESS);
      assertThat(answered.outcomes().get(0).result().message()).isEqualTo("ran http://fast.test");
      assertThat(slow).as("the slow group is still running").isNotDone();

      runner.release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).outcomes()).extracting(o -> o.result().status())
          .containsExactly(ResultStatus.SUCCESS);
      agent.close();
      polling.join(10_000);
      assertThat(polling.isAlive()).as("run() returns once the agent is closed").isFalse();
    } finally {
      executor.close();
    }
  }
}
