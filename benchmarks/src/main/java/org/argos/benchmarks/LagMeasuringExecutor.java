package org.argos.benchmarks;

import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.argos.api.CheckResult;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.GroupOutcome;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;

/**
 * Wraps the engine's executor to measure start lag without any engine change: the dispatch lag (when the scheduler
 * hands a group over, minus its due time) and the start lag (when the probe actually begins, after the executor's
 * global and per-host permits, minus its due time). The second is what a site sees.
 */
final class LagMeasuringExecutor implements ProbeExecutor {
  private final ProbeExecutor delegate;
  final LagHistogram dispatchLag = new LagHistogram();
  final LagHistogram startLag = new LagHistogram();
  /** Start lags since the harness last looked (it resets this one on its own, to tell when a backlog is gone). */
  final LagHistogram recentStartLag = new LagHistogram();
  final LongAdder probes = new LongAdder();
  final LongAdder transportErrors = new LongAdder();

  LagMeasuringExecutor(ProbeExecutor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void start(ExecutorContext context) {
    GroupRunner inner = context.runner();
    delegate.start(new ExecutorContext(new GroupRunner() {
      @Override
      public GroupOutcome run(ClaimedGroup group) throws InterruptedException {
        long lag = System.currentTimeMillis() - group.dueAt().toEpochMilli();
        startLag.record(lag);
        recentStartLag.record(lag);
        GroupOutcome o = inner.run(group);
        probes.increment();
        if (!o.outcomes().isEmpty() && o.outcomes().get(0).result().context().containsKey("error")) {
          transportErrors.increment();
        }
        return o;
      }

      @Override
      public GroupOutcome abandoned(ClaimedGroup group, Instant startedAt, CheckResult result) {
        return inner.abandoned(group, startedAt, result);
      }
    }, context.clock()));
  }

  @Override
  public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
    dispatchLag.record(System.currentTimeMillis() - group.dueAt().toEpochMilli());
    return delegate.execute(group);
  }

  @Override
  public int capacity() {
    return delegate.capacity();
  }

  @Override
  public void close() {
    delegate.close();
  }

  void resetWindow() {
    dispatchLag.reset();
    startLag.reset();
    probes.reset();
    transportErrors.reset();
  }
}
