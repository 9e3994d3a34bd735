package org.argos.agents.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.argos.agents.agent.Agent;
import org.argos.api.ResultStatus;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.junit.jupiter.api.Test;

/**
 * Groups that end while the agent's POSTs are in flight go together in its next POST: one request per round trip, not
 * one per group (issue 22: at 1,000 groups a second through agents, a POST per group was the protocol's largest cost
 * in the server). An idle agent still posts a lone group's results at once.
 */
class AgentBatchesResultsTest {
  private static ClaimedGroup group(long id) {
    return AgentTestRuns.group(id, "http://g" + id + ".test");
  }

  @Test
  void groupsEndingWhilePostsAreInFlightShareTheNextPost() throws Exception {
    AgentTestRuns.Succeeding runner = new AgentTestRuns.Succeeding();
    AtomicLong ids = new AtomicLong();
    RemoteAgentExecutor executor = new RemoteAgentExecutor(Duration.ofSeconds(30), 1000);
    executor.start(new ExecutorContext(runner, Clock.systemUTC()));
    try (AgentEndpoints server = new AgentEndpoints(executor, (check, report) -> report.defaultResult(),
        n -> LongStream.range(0, n).map(i -> ids.incrementAndGet()).boxed().toList());
        Agent agent = new Agent(server.url(), "t", "batching-agent", 1000, Duration.ofMillis(50), runner,
            Clock.systemUTC())) {
      server.postDelay = Duration.ofMillis(300);
      List<CompletableFuture<GroupOutcome>> outcomes = new ArrayList<>();
      for (long id = 1; id <= 60; id++) {
        outcomes.add(executor.execute(group(id)).toCompletableFuture());
      }
      Thread polling = Thread.ofPlatform().name("batching-agent").start(agent::run);
      for (CompletableFuture<GroupOutcome> o : outcomes) {
        assertThat(o.get(30, TimeUnit.SECONDS).outcomes()).extracting(t -> t.result().status())
            .containsExactly(ResultStatus.SUCCESS);
      }
      // 60 groups, posts of 300 ms, at most two at once: the first two go alone, the rest wait and share a few POSTs
      assertThat(server.posts.get()).isBetween(2, 10);
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.posted() == 60); // counted once the answer is read

      // idle again: a lone group is posted at once, in a POST of its own
      server.postDelay = Duration.ZERO;
      int before = server.posts.get();
      assertThat(executor.execute(group(61)).toCompletableFuture().get(30, TimeUnit.SECONDS).outcomes())
          .extracting(t -> t.result().status()).containsExactly(ResultStatus.SUCCESS);
      assertThat(server.posts.get()).isEqualTo(before + 1);
      agent.close();
      polling.join(10_000);
    } finally {
      executor.close();
    }
  }
}
