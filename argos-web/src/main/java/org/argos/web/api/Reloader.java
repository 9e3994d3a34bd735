package org.argos.web.api;

import java.util.List;
import org.argos.api.store.ConfigVersion;
import org.jspecify.annotations.Nullable;

/**
 * The host's running config, for {@code POST /api/reload-config} and {@code GET /api/config-version}: it re-reads its
 * file and applies the sites, and says which config version it runs.
 */
public interface Reloader {
  /**
   * What a reload did.
   *
   * @param refused why nothing was applied although the file is valid ({@code "deletions"}, {@code "config-version"}),
   *     or null
   */
  record Outcome(boolean ok, int added, int changed, int removed, int unchanged, List<String> errors,
      @Nullable String refused) {
    /** Copies the errors. */
    public Outcome {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Re-reads the config and applies it.
   *
   * @param force apply even if more sites than {@code reload_max_deletions} would be deleted
   * @param adopt make the file's config the cluster's even if another is stored
   */
  Outcome reload(boolean force, boolean adopt);

  /** @return the version of the config this node runs */
  ConfigVersion nodeVersion();

  /** @return true when this node checks the stored sites and registers none of its config's */
  boolean readOnly();
}
