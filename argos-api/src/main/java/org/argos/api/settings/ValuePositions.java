package org.argos.api.settings;

import org.jspecify.annotations.Nullable;

/**
 * Tells where each value of a document was written, so that an {@link org.argos.api.InvalidValueException} can name
 * the file, line and column. A YAML config knows this from its nodes; a map built in code does not ({@link #NONE}).
 *
 * <p>Paths join keys with {@code .} and list indexes with {@code [i]}: {@code websites[0].paths[1].checks[2]}.
 */
@FunctionalInterface
public interface ValuePositions {
  /** Knows no positions. */
  ValuePositions NONE = path -> null;

  /**
   * @param path a path from the root of the document, as {@link #join} builds it
   * @return where the value at that path was written (e.g. {@code argos.yaml:12:7}), or null when unknown
   */
  @Nullable String positionOf(String path);

  /**
   * Joins a parent path and a child path: a key gets a {@code .} ({@code a} + {@code b} = {@code a.b}), an index does
   * not ({@code a} + {@code [0]} = {@code a[0]}), and an empty side leaves the other unchanged.
   *
   * @param parent the parent path, possibly empty
   * @param child a key, an index such as {@code [2]}, or a relative path; possibly empty
   * @return the joined path
   */
  static String join(String parent, String child) {
    if (parent.isEmpty()) {
      return child;
    }
    if (child.isEmpty()) {
      return parent;
    }
    return child.startsWith("[") ? parent + child : parent + "." + child;
  }
}
