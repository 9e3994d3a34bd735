package org.argos.api.executor;

import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;

import java.util.concurrent.CompletionStage;

/**
 * Where probes run: in this process (virtual threads) or on remote agents. The scheduler hands it claimed groups and
 * stores the outcomes. Implementations are thread-safe.
 */
public interface ProbeExecutor extends AutoCloseable {
  /**
   * Called once before the first {@link #execute}.
   *
   * @param context the runner and clock
   */
  default void start(ExecutorContext context) {}

  /**
   * Runs a group. The returned stage must complete, normally, within the group's timeout plus a small grace: an
   * executor that cannot finish a run completes it with {@link GroupRunner#abandoned}.
   *
   * @param group the claimed group
   * @return its outcome
   */
  CompletionStage<GroupOutcome> execute(ClaimedGroup group);

  /**
   * How many groups this executor is willing to hold at once, running or finished and not yet recorded: the scheduler
   * hands it no more. Groups claimed ahead of their due time wait in the scheduler, not here, under a bound of their
   * own (twice this), so a look-ahead at a high rate never takes this executor's places.
   *
   * @return the bound, at least 1
   */
  int capacity();

  /**
   * Stops accepting work; runs in flight get until their timeout, then are abandoned. Returns when all have
   * completed.
   */
  @Override
  default void close() {}
}
