package org.argos.postgres;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs the store's failures without flooding: a failure is logged as a warning when its kind (its cause with numbers
 * left out) differs from the last one logged, or a minute after it; in between, repeats go to debug and are counted
 * in the next warning. A database away or a full disk fails every call of every loop, several times a second; the
 * engine says once that writes fail and once that they work again.
 */
final class FailureLog {
  private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();

  private final Logger log;
  private String lastKind = "";
  private long lastAt;
  private long quieted;

  FailureLog(Logger log) {
    this.log = log;
  }

  void log(String where, String what, String cause) {
    String kind = cause.replaceAll("[0-9a-f]{6,}|\\d+", "#");
    long now = System.nanoTime();
    long repeats;
    synchronized (this) {
      if (kind.equals(lastKind) && now - lastAt < QUIET_NANOS) {
        quieted++;
        repeats = -1;
      } else {
        repeats = quieted;
        quieted = 0;
        lastKind = kind;
        lastAt = now;
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
