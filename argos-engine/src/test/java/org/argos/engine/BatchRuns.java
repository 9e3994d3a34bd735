package org.argos.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.argos.api.CheckResult;
import org.argos.api.ProbePeer;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.Store;
import org.argos.api.store.TaskOutcome;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.jspecify.annotations.Nullable;

/**
 * Records runs in one batch, as the scheduler records a claim, so that a test decides which alerts a delivery round
 * claims together; and a notifier that hands what it is sent to the test.
 */
final class BatchRuns {
  private BatchRuns() {}

  /**
   * Every group due at {@code at} runs once, in one batch, under the kit's simple rule. The groups are claimed before
   * the clock moves to {@code at}, so the engine's scheduler leaves them to the test.
   */
  static void runAll(Store store, MutableClock clock, Instant at, Function<String, CheckResult> resultOf,
      Function<String, @Nullable ProbePeer> peerOf) {
    List<ClaimedGroup> claimed = store.claimDue("kit", at, at, 1000, at.plusSeconds(600));
    clock.advance(Duration.between(clock.instant(), at));
    List<CompletedRun> runs = new ArrayList<>();
    for (ClaimedGroup g : claimed) {
      CheckResult r = resultOf.apply(g.domain());
      List<TaskOutcome> outcomes = g.tasks().stream().map(t -> new TaskOutcome(t.taskId(), r)).toList();
      runs.add(new CompletedRun("kit", g, new GroupOutcome(g.groupId(), at, at, outcomes, peerOf.apply(g.domain()))));
    }
    store.complete(runs, StorePlans.simpleRule());
  }

  /** @return a notifier of channel {@code ops} that gives the test every notification */
  static Notifier recorder(Consumer<Notification> sent) {
    return new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        sent.accept(n);
      }
    };
  }
}
