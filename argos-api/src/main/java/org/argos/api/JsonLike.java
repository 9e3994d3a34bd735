package org.argos.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Parameters of checks and notifiers are "JSON-like" values, as a YAML or JSON parser produces them: {@code null},
 * {@link String}, {@link Boolean}, {@link Number}, {@link List} and {@link Map} with string keys. This class
 * validates such values, copies them into immutable form and renders them canonically.
 */
public final class JsonLike {
  /**
   * The deepest nesting of lists and maps a JSON-like value may have: far beyond what a check parameter or a result
   * context needs, and far below what would exhaust a thread's stack when the value is copied, stored or rendered.
   */
  public static final int MAX_DEPTH = 100;
  /** The most values (scalars, lists and maps together) one JSON-like value may hold. */
  public static final int MAX_NODES = 1_000_000;

  private JsonLike() {}

  /**
   * Deeply copies a JSON-like value into unmodifiable collections.
   *
   * @param value the value
   * @param where how to name the value in an error message (for example {@code "check status-is"})
   * @return an immutable copy; maps keep their insertion order
   * @throws InvalidValueException (its path is {@code where} followed by the path of the bad part) when the value
   *     holds something that is not JSON-like, is nested deeper than {@value #MAX_DEPTH} levels or holds more than
   *     {@value #MAX_NODES} values
   */
  public static @Nullable Object copyOf(@Nullable Object value, String where) {
    try {
      return copy(value, 0, new int[] {0});
    } catch (NotJsonLike e) {
      // the path starts with where the value is ("check status-is", "result context"), as messages always did
      throw new InvalidValueException("", where + e.path, null, e.getMessage(), null);
    }
  }

  // The path to a bad value is built only when there is one: copies run on every check result.
  private static @Nullable Object copy(@Nullable Object value, int depth, int[] nodes) {
    if (++nodes[0] > MAX_NODES) {
      throw new NotJsonLike("more than " + MAX_NODES + " values");
    }
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
      return value;
    }
    if (depth >= MAX_DEPTH && (value instanceof List || value instanceof Map)) {
      throw new NotJsonLike("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        try {
          out.add(copy(list.get(i), depth + 1, nodes));
        } catch (NotJsonLike e) {
          throw e.under("[" + i + "]");
        }
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new NotJsonLike("map keys must be strings, got " + e.getKey());
        }
        try {
          out.put(key, copy(e.getValue(), depth + 1, nodes));
        } catch (NotJsonLike x) {
          throw x.under("." + key);
        }
      }
      return Collections.unmodifiableMap(out);
    }
    throw new NotJsonLike(
        "unsupported value of type " + value.getClass().getName() + " (expected string, number, boolean, list or map)");
  }

  /** A value that is not JSON-like, with the path to it, built while the copy unwinds. */
  private static final class NotJsonLike extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private String path = "";

    NotJsonLike(String message) {
      super(message, null, false, false);
    }

    NotJsonLike under(String step) {
      path = step + path;
      return this;
    }
  }

  /**
   * Renders a JSON-like value as compact JSON with map keys sorted, so that equal values render equally.
   *
   * @param value a JSON-like value
   * @return its canonical JSON text
   */
  public static String canonical(@Nullable Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, @Nullable Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      quote(sb, s);
    } else if (value instanceof Boolean b) {
      sb.append(b);
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      BigDecimal d = new BigDecimal(value.toString()).stripTrailingZeros();
      sb.append(d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString());
    } else if (value instanceof Number n) {
      sb.append(n);
    } else if (value instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) sb.append(',');
        write(sb, list.get(i));
      }
      sb.append(']');
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        quote(sb, e.getKey());
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else {
      quote(sb, value.toString());
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
