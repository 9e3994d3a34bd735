package org.argos.api.spi;

/** Recording of results: raw results, per-task state, state-change history and alert outbox, together. */
public interface RunStore {
  /**
   * Records a batch of runs in as few transactions as correctness allows. For each task outcome: reads the task's
   * state, applies the rule, stores the result, the new state, a history line when the rule says the severity
   * changed, and an outbox entry when it decided an alert — atomically. Then sets each group's next run to the
   * earliest of its tasks' and clears its claim. Outcomes for tasks or groups deleted meanwhile are dropped.
   *
   * @param runs the finished runs
   * @param rule the engine's state machine
   * @return what was recorded
   */
  CompletionReport complete(java.util.List<CompletedRun> runs, TransitionRule rule);
}
