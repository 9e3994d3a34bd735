package org.argos.api.store;

import java.util.Optional;

/**
 * Everything the engine persists. The engine ships an in-memory store; {@code argos-postgres} provides PostgreSQL
 * and an embedded database. Both pass the store compatibility kit in {@code argos-testkit}. Implementations are
 * thread-safe.
 *
 * <p>Beyond these contracts, a store may offer optional capabilities ({@link Retention}, {@link AgentDirectory},
 * {@link LocalFile}): a caller asks for one with {@link #capability(Class)}, never by casting to an implementation.
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

  /**
   * An optional capability of this store. One way to ask, whichever the store: a store may offer a capability only in
   * some of its configurations (an SQL store has a {@link LocalFile} when it is an embedded file, not on a server), or
   * through another object than itself, so callers ask here rather than with {@code instanceof}.
   *
   * <p>The default returns this store when it implements {@code type}; a store overrides it to answer otherwise, and
   * a store that wraps another one forwards the question.
   *
   * @param type the capability's interface, for example {@link Retention}{@code .class}
   * @param <C> the capability
   * @return the capability, or empty when this store does not offer it
   */
  default <C> Optional<C> capability(Class<C> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  /** Releases connections. */
  @Override
  default void close() {}
}
