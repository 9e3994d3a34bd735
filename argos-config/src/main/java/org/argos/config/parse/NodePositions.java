package org.argos.config.parse;

import java.util.HashMap;
import java.util.Map;
import org.argos.api.JsonLike;
import org.argos.api.settings.ValuePositions;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.argos.config.yaml.ConfigNode.Where;
import org.jspecify.annotations.Nullable;

/**
 * Where each value under one YAML node was written, by its path in the config ({@code
 * websites[0].paths[1].checks[2].response-time.critical}): the {@link ValuePositions} that gives the errors of check
 * and notifier providers, read with argos-api's {@code Settings}, the file, line and column of the bad value.
 */
final class NodePositions implements ValuePositions {
  private final Map<String, Where> byPath = new HashMap<>();
  private final Where root;

  NodePositions(ConfigNode node, String path) {
    this.root = node.where();
    index(node, path);
  }

  private void index(ConfigNode n, String path) {
    byPath.put(path, n.where());
    switch (n) {
      case Mapping m -> m.entries().forEach(e -> index(e.value(), ValuePositions.join(path, segment(e.name()))));
      case Sequence s -> {
        for (int i = 0; i < s.items().size(); i++) {
          index(s.items().get(i), path + "[" + i + "]");
        }
      }
      default -> { }
    }
  }

  /** A key as {@code Settings} writes it in a path: plain when it is a word, else {@code ["a b"]}. */
  private static String segment(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "[" + JsonLike.canonical(key) + "]";
  }

  @Override
  public String positionOf(String path) {
    return nearest(path).toString();
  }

  /**
   * @param path a path under the indexed node
   * @return where its value was written or, for a key that is missing, where its closest written parent was
   */
  Where nearest(String path) {
    String p = path;
    while (true) {
      Where w = byPath.get(p);
      if (w != null) {
        return w;
      }
      @Nullable String parent = parent(p);
      if (parent == null) {
        return root;
      }
      p = parent;
    }
  }

  private static @Nullable String parent(String path) {
    if (path.isEmpty()) {
      return null;
    }
    int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
    return cut <= 0 ? "" : path.substring(0, cut);
  }
}
