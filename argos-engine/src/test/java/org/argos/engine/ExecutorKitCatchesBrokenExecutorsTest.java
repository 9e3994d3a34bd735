package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.argos.api.CheckResult;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.Store;
import org.argos.testkit.ExecutorCompatibilityKit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The executor kit must be able to fail: run it on deliberately broken executors and expect the matching tests to
 * fail. The broken kits are static nested classes, which Surefire does not run on its own.
 */
class ExecutorKitCatchesBrokenExecutorsTest {
  /** A thread per group, no timeout, failures passed on as failed stages, and a close that does nothing. */
  static final class NaiveExecutorKit extends ExecutorCompatibilityKit {
    @Override
    protected ProbeExecutor createExecutor(GroupRunner runner) {
      return new ProbeExecutor() {
        private volatile GroupRunner started = runner;

        @Override
        public void start(ExecutorContext context) {
          started = context.runner();
        }

        @Override
        public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
          CompletableFuture<GroupOutcome> result = new CompletableFuture<>();
          Thread.ofPlatform().daemon().start(() -> {
            try {
              result.complete(started.run(group));
            } catch (Throwable t) {
              result.completeExceptionally(t);
            }
          });
          return result;
        }

        @Override
        public int capacity() {
          return 1000;
        }
      };
    }

    @Override
    protected Store createStore() {
      return new InMemoryStore();
    }

    @Override
    protected Duration grace() {
      return Duration.ofMillis(500);
    }
  }

  /** The in-process executor, given a runner that runs every group twice. */
  static final class DoubleRunKit extends ExecutorCompatibilityKit {
    @Override
    protected ProbeExecutor createExecutor(GroupRunner runner) {
      InProcessExecutor inner = InProcessExecutor.builder().maxConcurrency(concurrency()).grace(grace()).build();
      return new ProbeExecutor() {
        @Override
        public void start(ExecutorContext context) {
          GroupRunner once = context.runner();
          inner.start(new ExecutorContext(new GroupRunner() {
            @Override
            public GroupOutcome run(ClaimedGroup group) throws InterruptedException {
              once.run(group);
              return once.run(group);
            }

            @Override
            public GroupOutcome abandoned(ClaimedGroup group, Instant startedAt, CheckResult result) {
              return once.abandoned(group, startedAt, result);
            }
          }, context.clock()));
        }

        @Override
        public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
          return inner.execute(group);
        }

        @Override
        public int capacity() {
          return inner.capacity();
        }

        @Override
        public void close() {
          inner.close();
        }
      };
    }

    @Override
    protected Store createStore() {
      return new InMemoryStore();
    }

    @Override
    protected Duration grace() {
      return Duration.ofMillis(500);
    }
  }

  private static List<String> failed(Class<?> kit) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents().failed().stream()
        .map(e -> e.getTestDescriptor().getDisplayName()).toList();
  }

  @Test
  void catchesFailedStagesRunsNeverAbandonedAndACloseThatEndsNothing() {
    assertThat(failed(NaiveExecutorKit.class)).containsExactlyInAnyOrder(
        "aRunThatThrowsIsIsolated()",
        "aRunPastItsTimeoutIsAbandonedWithinTheGraceAndInterrupted()",
        "closeEndsEveryGroupInFlightOrWaitingAndLeavesNoThread()",
        "aGroupHandedAfterCloseIsNotRunAndEndsPromptly()");
  }

  @Test
  void catchesGroupsRunTwice() {
    assertThat(failed(DoubleRunKit.class)).containsExactlyInAnyOrder(
        "everyGroupHandedIsRunOnceAndItsOutcomeReturned()",
        "closeEndsEveryGroupInFlightOrWaitingAndLeavesNoThread()");
  }
}
