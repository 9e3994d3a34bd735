package org.argos.api.spi;

/**
 * Everything the engine persists. The engine ships an in-memory store; {@code argos-postgres} provides PostgreSQL
 * and an embedded database. Both pass the store compatibility kit in {@code argos-testkit}. Implementations are
 * thread-safe.
 */
public interface Store extends SiteStore, ClaimStore, RunStore, OutboxStore, StatusStore, AutoCloseable {
  /**
   * @return true when several engine nodes may use this store at once (a shared database); the engine refuses to
   *     start a second node on a store that says false
   */
  default boolean supportsSeveralNodes() {
    return false;
  }

  /** Releases connections. */
  @Override
  default void close() {}
}
