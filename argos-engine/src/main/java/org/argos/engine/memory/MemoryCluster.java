package org.argos.engine.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.argos.api.Silence;
import org.argos.api.store.ConfigVersion;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's config version and silences (see {@link org.argos.api.store.ClusterStore}). Thread-safe: it
 * has its own lock, apart from the store's.
 */
public final class MemoryCluster {
  private @Nullable ConfigVersion version;
  private final Map<String, Silence> silences = new TreeMap<>();

  public synchronized Optional<ConfigVersion> configVersion() {
    return Optional.ofNullable(version);
  }

  public synchronized boolean replaceConfigVersion(@Nullable String expectedHash, ConfigVersion next) {
    Objects.requireNonNull(next, "next");
    if (!Objects.equals(version == null ? null : version.hash(), expectedHash)) {
      return false;
    }
    version = next;
    return true;
  }

  public synchronized List<Silence> silences() {
    return new ArrayList<>(silences.values());
  }

  public synchronized void put(Silence silence) {
    silences.put(Objects.requireNonNull(silence, "silence").id(), silence);
  }

  public synchronized boolean delete(String id) {
    return silences.remove(id) != null;
  }
}
