package org.argos.engine.memory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.ProbeTimings;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.TaskState;
import org.argos.api.store.StoredResult;
import org.jspecify.annotations.Nullable;

/**
 * The compact forms the in-memory store keeps results and state changes in, rebuilt as {@link StoredResult} and
 * {@link org.argos.api.StateChange} when read. Hand-written because a measurement asked for it: at a million tasks
 * each raw result's context in its own {@code LinkedHashMap} took about 340 MB and two {@code ArrayDeque}s per task
 * about 100 MB; with these forms the store holds 650 MiB live instead of 1,577 MiB (docs/benchmarks.md,
 * "Registration and the in-memory store's heap").
 */
final class Compact {
  private static final Object[] NONE = new Object[0];

  private Compact() {}

  // Up to cap items, newest first, kept as nothing (null), the item itself, or an array: most tasks hold one result
  // and one change, and an array around each would cost a million arrays.

  static int count(@Nullable Object items) {
    return items == null ? 0 : items instanceof Object[] a ? a.length : 1;
  }

  static Object item(Object items, int i) {
    return items instanceof Object[] a ? a[i] : items;
  }

  /** @return {@code items} with {@code item} in front, at most {@code cap} long (the oldest dropped) */
  static Object pushFirst(@Nullable Object items, Object item, int cap) {
    int n = count(items);
    if (n == 0 || cap == 1) {
      return item;
    }
    int m = Math.min(n + 1, cap);
    Object[] out = items instanceof Object[] a && a.length == m ? a : new Object[m];
    if (items instanceof Object[] a) {
      System.arraycopy(a, 0, out, 1, m - 1);
    } else {
      out[1] = items;
    }
    out[0] = item;
    return out;
  }

  /** A raw result without its task id, its context as key/value pairs with equal values shared. */
  static KeptResult keep(Interner shared, long id, Instant at, String node, CheckResult result, String groupUrl) {
    Map<String, @Nullable Object> ctx = result.context();
    Object[] pairs = ctx.isEmpty() ? NONE : new Object[ctx.size() * 2];
    int i = 0;
    for (Map.Entry<String, @Nullable Object> e : ctx.entrySet()) {
      Object v = e.getValue();
      pairs[i++] = shared.intern(e.getKey());
      // a result's URL is nearly always its group's: share that string rather than fill the intern table with URLs
      pairs[i++] = groupUrl.equals(v) ? groupUrl : shared.intern(v);
    }
    return new KeptResult(id, at, shared.intern(node), result.status(), result.severity(), shared.intern(result.message()),
        pairs, result.timings());
  }

  /** The state with its message shared when an equal one is already kept. */
  static TaskState slim(Interner shared, TaskState s) {
    String m = shared.intern(s.message());
    return m == s.message() ? s : new TaskState(s.severity(), s.status(), m, s.lastRunAt(), s.severitySince(),
        s.contiguousFailures(), s.alreadyRetried(), s.notifiedSeverity(), s.notifiedAt(), s.lifecycle());
  }

  record KeptResult(long id, Instant at, String node, ResultStatus status, Severity severity, String message,
      Object[] context, @Nullable ProbeTimings timings) {
    StoredResult toStored(long taskId) {
      Map<String, @Nullable Object> ctx = new LinkedHashMap<>();
      for (int i = 0; i < context.length; i += 2) {
        ctx.put((String) context[i], context[i + 1]);
      }
      return new StoredResult(id, taskId, at, node, new CheckResult(status, severity, message, ctx, timings));
    }
  }

  record KeptChange(@Nullable Severity previous, Severity current, Instant at, String message, long resultId) {}
}
