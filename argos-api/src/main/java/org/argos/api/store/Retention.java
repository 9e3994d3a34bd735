package org.argos.api.store;

import java.time.Instant;

/**
 * An optional store capability: deleting old raw results and history on demand. A host (the daemon's recurring
 * cleanup) runs it periodically; a store that bounds itself (the in-memory store) does not offer it.
 *
 * <p>Find it with {@code store.capability(Retention.class)} (see {@link Store#capability(Class)}), never by casting to
 * an implementation class.
 */
public interface Retention {
  /**
   * Deletes raw results older than the policy's age and beyond its count per task, history older than its history
   * age, and delivered alerts older than that age too. Implementations work in bounded batches, each in its own
   * transaction, so this can run beside the engine without holding locks for long.
   *
   * @param policy what to keep
   * @param now the current time
   * @return how many rows were deleted
   * @throws org.argos.api.StoreException when the store fails; a later call continues where this one stopped
   */
  PruneReport prune(RetentionPolicy policy, Instant now);
}
