package org.argos.api.store;

/**
 * Everything the engine persists. The engine ships an in-memory store; {@code argos-postgres} provides PostgreSQL
 * and an embedded database. Both pass the store compatibility kit in {@code argos-testkit}. Implementations are
 * thread-safe.
 */
public interface Store extends SiteStore, ClaimStore, RunStore, OutboxStore, StatusStore, ClusterStore, AutoCloseable {
  /**
   * @return true when several engine nodes may use this store at once (a shared database); the engine refuses to
   *     start a second node on a store that says false
   */
  default boolean supportsSeveralNodes() {
    return false;
  }

  /**
   * Called by an engine node when it starts. A store that cannot serve several nodes refuses a second one here, with
   * a message saying what to use instead; a shared store may record the node.
   *
   * @param nodeId the starting node
   * @throws org.argos.api.StoreException when the node may not use this store
   */
  default void nodeStarting(String nodeId) {}

  /**
   * Called by an engine node when it stops, so its place is free again.
   *
   * @param nodeId the stopping node
   */
  default void nodeStopped(String nodeId) {}

  /** Releases connections. */
  @Override
  default void close() {}
}
