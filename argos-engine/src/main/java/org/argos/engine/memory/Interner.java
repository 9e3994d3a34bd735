package org.argos.engine.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.store.SchedulePolicy;

/**
 * Canonical instances of equal immutable values, so a million results saying the same thing share one copy. Bounded:
 * emptied when full, which only costs sharing, never correctness. A million equal task keys and messages took about
 * 90 MB before (docs/benchmarks.md, "Registration and the in-memory store's heap").
 */
final class Interner {
  private static final int MAX = 20_000;
  private final Map<Object, Object> table = new HashMap<>();

  @SuppressWarnings("unchecked")
  <T> T intern(T value) {
    if (value == null || !worthSharing(value)) {
      return value;
    }
    Object known = table.get(value);
    if (known != null) {
      return (T) known;
    }
    if (table.size() >= MAX) {
      table.clear();
    }
    table.put(value, value);
    return value;
  }

  /** Small immutable values only: hashing a big one would cost more than it saves. */
  private static boolean worthSharing(Object v) {
    if (v instanceof String s) {
      return s.length() <= 256;
    }
    if (v instanceof Number || v instanceof Boolean || v instanceof SchedulePolicy) {
      return true;
    }
    if (v instanceof List<?> l) {
      // JSON-like lists in results are unmodifiable copies; only lists of a few scalars are shared
      if (l.size() > 8) {
        return false;
      }
      for (Object e : l) {
        if (e != null && !(e instanceof String s && s.length() <= 256) && !(e instanceof Number) && !(e instanceof Boolean)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
