package org.argos.engine;

import java.time.Duration;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.Store;
import org.argos.testkit.ExecutorCompatibilityKit;

/**
 * The in-process executor keeps the executor contract. Its global bound is the kit's concurrency, so that the kit's
 * close test has groups parked for a permit as well as groups running.
 */
class InProcessExecutorCompatibilityTest extends ExecutorCompatibilityKit {
  @Override
  protected ProbeExecutor createExecutor(GroupRunner runner) {
    return InProcessExecutor.builder().maxConcurrency(concurrency()).grace(grace()).build();
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
