package org.argos.postgres.internal.sql;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs the store's failures without flooding: a failure is logged as a warning the first time its kind (its cause with
 * numbers left out) is seen, and again at most once a minute; in between, repeats go to debug and are counted in the
 * next warning of that kind. A database away or a full disk fails every call of every loop, several times a second; the
 * engine says once that writes fail and once that they work again.
 */
public final class FailureLog {
  private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();

  private static final int KINDS = 100;

  private final Logger log;
  /** Per kind: when it was last logged (nanoTime) and the repeats not logged since. */
  private final java.util.Map<String, long[]> kinds = new java.util.LinkedHashMap<>();

  public FailureLog(Logger log) {
    this.log = log;
  }

  public void log(String where, String what, String cause) {
    String kind = cause.replaceAll("[0-9a-f]{6,}|\\d+", "#");
    long now = System.nanoTime();
    long repeats;
    synchronized (this) {
      long[] k = kinds.get(kind);
      if (k != null && now - k[0] < QUIET_NANOS) {
        k[1]++;
        repeats = -1;
      } else {
        repeats = k == null ? 0 : k[1];
        if (k == null && kinds.size() >= KINDS) {
          kinds.remove(kinds.keySet().iterator().next());
        }
        kinds.put(kind, new long[] {now, 0});
      }
    }
    if (repeats < 0) {
      log.debug("Argos store ({}): could not {}: {}", where, what, cause);
    } else if (repeats == 0) {
      log.warn("Argos store ({}): could not {}: {}", where, what, cause);
    } else {
      log.warn("Argos store ({}): could not {}: {} ({} more failures not logged since the last warning)", where, what,
          cause, repeats);
    }
  }
}
