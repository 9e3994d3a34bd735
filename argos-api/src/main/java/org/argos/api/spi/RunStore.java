package org.argos.api.spi;

/** Recording of results: raw results, per-task state, state-change history and alert outbox, together. */
public interface RunStore {
  /**
   * Records a batch of runs in as few transactions as correctness allows. For each task outcome: reads the task's
   * state, applies the rule, stores the result, the new state, a history line when the rule says the severity
   * changed, and an outbox entry when it decided an alert — atomically. Then sets each group's next run to the
   * earliest of its tasks' and clears its claim. Outcomes for tasks or groups deleted meanwhile are dropped.
   *
   * <p>A run is recorded only while its node still holds the group's claim for the run's due time: the group is
   * claimed by {@link CompletedRun#node()} and its next run is still {@link ClaimedGroup#dueAt()}. Otherwise the run is
   * dropped, so that each due time is recorded once: a node whose lease ran out and whose group another node took
   * over records nothing late (nor sets the next run back), and a batch retried after a commit whose answer was lost
   * records nothing twice.
   *
   * @param runs the finished runs
   * @param rule the engine's state machine
   * @return what was recorded
   */
  CompletionReport complete(java.util.List<CompletedRun> runs, TransitionRule rule);
}
