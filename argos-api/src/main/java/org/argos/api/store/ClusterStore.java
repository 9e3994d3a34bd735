package org.argos.api.store;

import java.util.List;
import java.util.Optional;
import org.argos.api.Silence;
import org.jspecify.annotations.Nullable;

/**
 * What the nodes of a cluster share besides sites and runs: the version of the configuration the cluster runs, and
 * the silences (maintenance windows). A store that keeps them says so with {@link #keepsClusterState()}; the defaults
 * keep nothing, so a store written before this contract existed still compiles and works as before (the engine then
 * keeps silences in its own memory, and no config version is checked).
 */
public interface ClusterStore {
  /** @return true when this store keeps the config version and the silences (every store of this project does) */
  default boolean keepsClusterState() {
    return false;
  }

  /** @return the config version the cluster runs, if one was stored */
  default Optional<ConfigVersion> configVersion() {
    return Optional.empty();
  }

  /**
   * Stores the config version if the stored one is still the expected one (compare and set), so two nodes adopting
   * different configs at once cannot both win.
   *
   * @param expectedHash the hash the caller read, or null when it read none
   * @param next the new version
   * @return true if stored; false when another node changed it first (read it again)
   * @throws UnsupportedOperationException when {@link #keepsClusterState()} is false
   */
  default boolean replaceConfigVersion(@Nullable String expectedHash, ConfigVersion next) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no config version");
  }

  /** @return every stored silence, by id, including ended ones not yet deleted */
  default List<Silence> silences() {
    return List.of();
  }

  /**
   * Stores a silence, replacing one with the same id.
   *
   * @param silence the maintenance window
   * @throws UnsupportedOperationException when {@link #keepsClusterState()} is false
   */
  default void putSilence(Silence silence) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no silences");
  }

  /**
   * @param id a silence's id
   * @return true if it existed
   * @throws UnsupportedOperationException when {@link #keepsClusterState()} is false
   */
  default boolean deleteSilence(String id) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no silences");
  }
}
