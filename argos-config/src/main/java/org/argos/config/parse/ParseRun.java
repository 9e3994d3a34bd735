package org.argos.config.parse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.InvalidValueException;
import org.argos.config.ConfigError;
import org.argos.config.DaemonConfig.Channel;
import org.argos.config.secrets.Secrets;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Where;
import org.argos.engine.CheckRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What one reading of a config file collects across its sections: every error, the notification channels defined so
 * far (routings are checked against them), and our own secrets (checked once all are read).
 */
final class ParseRun {
  final CheckRegistry checks;
  final List<ConfigError> errors = new ArrayList<>();
  final Map<String, Channel> channels = new LinkedHashMap<>();
  private final List<OwnSecret> ownSecrets = new ArrayList<>();

  /** A secret of ours as written: its key path, value and position. */
  private record OwnSecret(String key, String value, Where where) {}

  ParseRun(CheckRegistry checks) {
    this.checks = checks;
  }

  void error(Where where, String key, String message) {
    errors.add(new ConfigError(where, key, message));
  }

  /**
   * Adds a provider's complaint about a value it read with argos-api's settings reader: its path is placed under
   * {@code parentPath}, and the error points at the bad value's file, line and column.
   */
  void invalid(InvalidValueException e, String parentPath, NodePositions positions) {
    InvalidValueException placed = e.within(parentPath, positions);
    error(positions.nearest(placed.path()), placed.path(), placed.problem());
  }

  /** @return the node as a section, or null (an error was added) when it is not a mapping */
  @Nullable Section section(ConfigNode node, String path, @Nullable Set<String> known) {
    if (!(node instanceof Mapping m)) {
      error(node.where(), path, "expected a mapping (key: value lines), got " + node.kind());
      return null;
    }
    return new Section(this, m, path, known);
  }

  void ownSecret(String key, String value, Where where) {
    ownSecrets.add(new OwnSecret(key, value, where));
  }

  /**
   * Refuses weak secrets of ours (short, published in an example, placeholders) and one value under two keys: an
   * agent's token that is also an API token would give every agent that token's scopes, and a token that is also the
   * cookie secret would let its holder sign web sessions. The same agent token listed twice is harmless.
   */
  void checkOwnSecrets() {
    Map<String, OwnSecret> first = new HashMap<>();
    List<OwnSecret> inFileOrder = new ArrayList<>(ownSecrets); // the later use of a value is the one reported
    inFileOrder.sort(Comparator.comparing((OwnSecret s) -> s.where().file()).thenComparingInt(s -> s.where().line())
        .thenComparingInt(s -> s.where().column()));
    for (OwnSecret s : inFileOrder) {
      String weak = Secrets.weakness(s.value());
      if (weak != null) {
        error(s.where(), s.key(), weak);
        continue;
      }
      OwnSecret before = first.putIfAbsent(s.value(), s);
      if (before != null && !(isAgentSecret(before) && isAgentSecret(s))) {
        error(s.where(), s.key(), "is the same value as " + before.key() + " (" + before.where()
            + "); give each its own random secret (" + Secrets.GENERATE + "), so that a token cannot do what the other "
            + "key allows");
      }
    }
  }

  private static boolean isAgentSecret(OwnSecret s) {
    return s.key().startsWith("service.secrets[");
  }
}
