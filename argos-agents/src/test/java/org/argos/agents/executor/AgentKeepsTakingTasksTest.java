package org.argos.agents.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.agents.agent.Agent;
import org.argos.api.ResultStatus;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.junit.jupiter.api.Test;

/**
 * An agent busy with a slow group still takes and answers the others: it used to wait for every group of a poll before
 * polling again, so one slow site held back every other task until its timeout, and they timed out on the server.
 */
class AgentKeepsTakingTasksTest {
  private static ClaimedGroup group(long id, String domain) {
    return AgentTestRuns.group(id, domain);
  }

  /** Runs {@code slow} groups until released; answers the others at once. */
  private static final class Runner extends AgentTestRuns.Succeeding {
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public GroupOutcome run(ClaimedGroup g) throws InterruptedException {
      if (g.domain().contains("slow")) {
        slowStarted.countDown();
        release.await();
      }
      return super.run(g);
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
