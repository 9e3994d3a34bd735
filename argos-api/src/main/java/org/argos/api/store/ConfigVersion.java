package org.argos.api.store;

import java.time.Instant;

/**
 * The version of the configuration a cluster runs: a stable hash of its sites and checks, with a label for people.
 * Stored once per database, so that a node started with another configuration is noticed before it rewrites the
 * sites every node shares.
 *
 * @param hash a stable hash of the normalised sites and checks (hex), 1 to 128 characters
 * @param label what people recognise: a version label, or the file and its modification time (at most 1000
 *     characters)
 * @param setAt when it was stored
 * @param setBy the node that stored it (at most 200 characters)
 */
public record ConfigVersion(String hash, String label, Instant setAt, String setBy) {
  /** Validates and bounds. */
  public ConfigVersion {
    if (hash == null || hash.isEmpty() || hash.length() > 128) {
      throw new IllegalArgumentException("a config hash is 1 to 128 characters");
    }
    if (setAt == null) {
      throw new IllegalArgumentException("a config version needs the time it was set");
    }
    label = label == null ? "" : label.length() > 1000 ? label.substring(0, 1000) : label;
    setBy = setBy == null ? "" : setBy.length() > 200 ? setBy.substring(0, 200) : setBy;
  }

  /** @return hash (12 first characters), label, when and by which node: for messages */
  public String describe() {
    return hash.substring(0, Math.min(12, hash.length())) + " (" + label + ", set " + setAt + " by node " + setBy + ")";
  }
}
