package org.argos.benchmarks;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.argos.api.CheckResult;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;

/**
 * Wraps the server's {@code RemoteAgentExecutor} to measure, from the server's side, when agents run what it parks for
 * them. Agents never see a group's due time (the protocol does not carry it), so the lags are taken from each
 * completed run: the <b>hand-out lag</b> (the run's {@code startedAt}, when an agent took the group, minus its due
 * time) is a lower bound of the start lag, and the <b>start lag</b> reported (when the server received the results,
 * minus the probe's duration as the agent reports it, minus the due time) an upper bound: the agent's probe began at
 * most that late, the difference being the results' way back over HTTP. Both clocks are this machine's.
 */
final class AgentLagExecutor implements ProbeExecutor {
  private final ProbeExecutor delegate;
  final LagHistogram dispatchLag = new LagHistogram();
  final LagHistogram handOutLag = new LagHistogram();
  final LagHistogram startLag = new LagHistogram();
  /** Start lags since the harness last looked. */
  final LagHistogram recentStartLag = new LagHistogram();
  final LongAdder probes = new LongAdder();
  final LongAdder transportErrors = new LongAdder();
  /** Runs that no agent took or answered in time (completed by the server with an agent-timeout error). */
  final LongAdder abandoned = new LongAdder();

  AgentLagExecutor(ProbeExecutor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void start(ExecutorContext context) {
    delegate.start(context);
  }

  @Override
  public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
    long due = group.dueAt().toEpochMilli();
    dispatchLag.record(System.currentTimeMillis() - due);
    return delegate.execute(group).whenComplete((o, error) -> {
      if (o != null) {
        completed(o, due);
      }
    });
  }

  private void completed(GroupOutcome o, long due) {
    if (o.outcomes().isEmpty()) {
      return;
    }
    CheckResult r = o.outcomes().get(0).result();
    if (r.context().get("error") instanceof java.util.Map<?, ?> e && "agent-timeout".equals(e.get("kind"))) {
      abandoned.increment();
      return;
    }
    probes.increment();
    if (r.context().containsKey("error")) {
      transportErrors.increment();
    }
    handOutLag.record(o.startedAt().toEpochMilli() - due);
    long duration = 0;
    for (TaskOutcome t : o.outcomes()) {
      if (t.result().timings() != null) {
        duration = Math.max(duration, t.result().timings().total().toMillis());
      }
    }
    long lag = o.finishedAt().toEpochMilli() - duration - due;
    startLag.record(lag);
    recentStartLag.record(lag);
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
    handOutLag.reset();
    startLag.reset();
    probes.reset();
    transportErrors.reset();
    abandoned.reset();
  }
}
