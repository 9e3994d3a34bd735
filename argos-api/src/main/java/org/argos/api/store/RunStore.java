package org.argos.api.store;

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

  /**
   * Reserves ids for result rows written later by {@link #complete}: an outcome that carries one
   * ({@link TaskOutcome#resultId()}) is stored under it, so its id can be told before the batch is written (Argos
   * answers {@code POST /api/results} with the new rows' ids). Each id is distinct from every id the store has
   * used or will assign itself, and is used once; an id never used leaves a gap. Safe to call from several nodes.
   *
   * <p>The default reserves nothing (an empty list): the store numbers every result when it writes it, ignoring
   * {@link TaskOutcome#resultId()}, and callers do without the ids. A store that reserves ids must not fail a batch
   * on a wrong one: an id already taken, or given twice, gets a fresh id instead.
   *
   * @param count how many ids, {@code >= 0}
   * @return {@code count} distinct positive ids, or an empty list when this store does not reserve ids
   */
  default java.util.List<Long> reserveResultIds(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    return java.util.List.of();
  }

  /**
   * The latest result of each location that reported for a task checked from several locations (recorded by
   * {@link #complete} from {@link GroupOutcome#locations()}), in location order. The default keeps none.
   *
   * @param taskId the task
   * @return its per-location results, empty when it is checked from one location or never ran
   */
  default java.util.List<LocationResult> locationResults(long taskId) {
    return java.util.List.of();
  }

  /**
   * What each task's group connected to at its last run that said so ({@link GroupOutcome#peer()}): alert delivery
   * groups the alerts of tasks sharing an address or a certificate into one notification per cause.
   *
   * <p>The default knows no peer (an empty map): grouping then falls back to other keys.
   *
   * @param taskIds the tasks, at most 10,000
   * @return the peer of each task whose group has one; tasks unknown or without a peer are absent
   */
  default java.util.Map<Long, org.argos.api.ProbePeer> peers(java.util.Collection<Long> taskIds) {
    return java.util.Map.of();
  }

  /**
   * The failing tasks (with a state that is not ok) whose group's last peer ({@link #peers}) is at an address: the web
   * UI's filter by address, where a notification's cause link points (issue 19 §7).
   *
   * <p>The default knows no peer: an empty list.
   *
   * @param address an IP literal, as {@link org.argos.api.ProbePeer#address()} holds it
   * @param port the port, or 0 for any port
   * @param offset how many to skip, {@code >= 0}
   * @param limit how many at most, 1 to 1000
   * @return one page of task ids, ascending
   */
  default java.util.List<Long> failingAt(String address, int port, int offset, int limit) {
    checkPage(offset, limit);
    return java.util.List.of();
  }

  /** The bounds of {@link #failingAt}'s page. */
  static void checkPage(int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("offset must be >= 0 and limit 1 to 1000, got " + offset + " and " + limit);
    }
  }
}
