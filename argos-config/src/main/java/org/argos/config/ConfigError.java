package org.argos.config;

import org.argos.config.yaml.ConfigNode;

/**
 * One problem in a config file, at a position, about a key.
 *
 * @param where file, line and column
 * @param key the key path, e.g. {@code websites[0].paths[1].checks[0]}
 * @param message what is wrong and what was expected
 */
public record ConfigError(ConfigNode.Where where, String key, String message) {
  @Override
  public String toString() {
    return where + ": " + (key.isEmpty() ? "" : key + ": ") + message;
  }
}
