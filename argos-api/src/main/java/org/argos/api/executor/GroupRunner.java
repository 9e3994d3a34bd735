package org.argos.api.executor;

import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;

import java.time.Instant;
import org.argos.api.CheckResult;

/**
 * Runs a claimed group where it stands: the probe, then every check, with failures isolated (a throwing check gives an
 * {@code unknown} result for that task only). Executors and remote agents use the same runner so results do not
 * depend on where a probe ran.
 */
public interface GroupRunner {
  /**
   * @param group the group to run
   * @return one outcome per task
   * @throws InterruptedException when the caller gives up (timeout, shutdown)
   */
  GroupOutcome run(ClaimedGroup group) throws InterruptedException;

  /**
   * Builds the outcome of a run that could not finish, giving every task the same result.
   *
   * @param group the group
   * @param startedAt when the run started
   * @param result the result for every task (for example a timeout failure)
   * @return the outcome
   */
  GroupOutcome abandoned(ClaimedGroup group, Instant startedAt, CheckResult result);
}
