package org.argos.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * An optional store capability: acknowledging failing tasks, so that they get no reminders until they recover. The
 * acknowledgement is kept in the task's state ({@link org.argos.api.TaskLifecycle}), where the alert rules see it in
 * the transaction that records a result, and the rules clear it on recovery. Both stores offer it; find it with
 * {@code store.capability(Acknowledgements.class)}.
 */
public interface Acknowledgements {
  /** The most tasks one call may acknowledge. */
  int MAX_TASKS = 1000;

  /**
   * Acknowledges the tasks among these that are failing (not ok, with a result) and not acknowledged yet; others are
   * left as they are.
   *
   * @param taskIds the tasks, at most {@link #MAX_TASKS}
   * @param by who (a user name), at most {@link org.argos.api.TaskLifecycle#MAX_ACKED_BY} characters kept
   * @param at when
   * @return the tasks acknowledged by this call
   * @throws IllegalArgumentException with more than {@link #MAX_TASKS} tasks or a blank name
   */
  Set<Long> acknowledge(Collection<Long> taskIds, String by, Instant at);

  /**
   * Removes the acknowledgement of these tasks, so reminders resume.
   *
   * @param taskIds the tasks, at most {@link #MAX_TASKS}
   * @return the tasks that were acknowledged
   * @throws IllegalArgumentException with more than {@link #MAX_TASKS} tasks
   */
  Set<Long> unacknowledge(Collection<Long> taskIds);

  /**
   * Records that a single-use token (of a signed link) was used, once across nodes.
   *
   * @param token the token's identity, at most 200 characters
   * @param expiresAt when the token expires (after which the record may be forgotten)
   * @param now the current time (records of tokens expired by then may be forgotten)
   * @return true the first time, false when it was used already
   */
  boolean useToken(String token, Instant expiresAt, Instant now);

  /**
   * The key that signs acknowledgement links, the same on every node of the store: the first call stores
   * {@code candidate}, every call returns what is stored. Never published (not in any API answer).
   *
   * @param candidate a new random key, 32 to 100 characters, used when none is stored yet
   * @return the stored key
   */
  String linkSecret(String candidate);

  /** Checks the bounds shared by implementations. @param taskIds tasks @param by who, or null */
  static void checkRequest(Collection<Long> taskIds, String by) {
    if (taskIds.size() > MAX_TASKS) {
      throw new IllegalArgumentException("at most " + MAX_TASKS + " tasks at once, got " + taskIds.size());
    }
    if (by != null && by.isBlank()) {
      throw new IllegalArgumentException("who acknowledges must not be blank");
    }
  }
}
