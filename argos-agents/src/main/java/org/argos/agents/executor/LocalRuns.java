package org.argos.agents.executor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.argos.api.CheckResult;
import org.argos.api.executor.GroupRunner;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;

/** Runs, in the server's process, a group no agent can take (a scheme no agent probes), bounded as agents' runs are. */
final class LocalRuns {
  private LocalRuns() {}

  /** Past {@code limit} the run is interrupted and its tasks get a timeout. */
  static CompletionStage<GroupOutcome> run(GroupRunner runner, ClaimedGroup group,
      CompletableFuture<GroupOutcome> future, Clock clock, ScheduledExecutorService timer, Duration limit) {
    Instant started = clock.instant();
    Thread t = Thread.ofVirtual().name("argos-agentless-" + group.groupId()).start(() -> {
      try {
        future.complete(runner.run(group));
      } catch (InterruptedException e) {
        String why = "timeout: the probe did not finish within " + group.request().timeout().toMillis() + " ms";
        future.complete(runner.abandoned(group, started, CheckResult.failure(why)
            .with("error", Map.of("kind", "timeout", "class", "", "message", why))));
      } catch (Throwable e) { // a runner's bug must still complete the run
        future.complete(runner.abandoned(group, started, CheckResult.error("the run failed: " + e)));
      }
    });
    try {
      timer.schedule(() -> {
        if (!future.isDone()) {
          t.interrupt();
        }
      }, limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closedMeanwhile) {
      // shutting down: the run ends at its probe's own timeout
    }
    return future;
  }
}
