package org.argos.config.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A YAML node that remembers where it was written (file, line, column), after {@code !include}, {@code !env} and
 * {@code ${VAR}} have been resolved. Config errors point at these positions.
 */
public sealed interface ConfigNode permits ConfigNode.Scalar, ConfigNode.Mapping, ConfigNode.Sequence {
  Where where();

  /** A position in a config file; lines and columns count from 1. */
  record Where(String file, int line, int column) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }
  }

  /**
   * @param value the typed value the YAML resolver gives it: String, Long, Double, Boolean or null
   * @param text the text as written
   */
  record Scalar(Where where, @Nullable Object value, String text) implements ConfigNode {}

  /** An entry of a mapping, with its key node (for the key's own position). */
  record Entry(Scalar key, ConfigNode value) {
    public String name() {
      return key.text();
    }
  }

  record Mapping(Where where, List<Entry> entries) implements ConfigNode {
    public @Nullable Entry entry(String name) {
      for (Entry e : entries) {
        if (e.name().equals(name)) {
          return e;
        }
      }
      return null;
    }
  }

  record Sequence(Where where, List<ConfigNode> items) implements ConfigNode {}

  /** @return a short name of the node's kind, for "expected X, got Y" messages */
  default String kind() {
    return switch (this) {
      case Scalar s -> s.value() == null ? "null" : s.value() instanceof String ? "a string '" + s.text() + "'" : "'" + s.text() + "'";
      case Mapping m -> "a mapping";
      case Sequence s -> "a list";
    };
  }

  /** @return the node as a JSON-like value (maps keep their order) */
  static @Nullable Object toJsonLike(ConfigNode node) {
    return switch (node) {
      case Scalar s -> s.value();
      case Sequence s -> {
        List<@Nullable Object> out = new ArrayList<>();
        s.items().forEach(i -> out.add(toJsonLike(i)));
        yield out;
      }
      case Mapping m -> {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        m.entries().forEach(e -> out.put(e.name(), toJsonLike(e.value())));
        yield out;
      }
    };
  }
}
