package org.argos.web.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * One log line per event, and at most a burst of them per kind of event, refilled at a steady rate (a token bucket per
 * kind). Events past the budget are counted, not written; the next line written for that kind says how many were
 * left out. A client that sends a thousand broken requests a second costs the log a few lines a minute.
 *
 * <p>Kinds are names chosen in the code ({@code "request-error"}, {@code "agent-post"}...), never client input, so the
 * set of buckets stays small.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final int burst;
  private final long refillNanos;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param log where lines go
   * @param burst how many lines of one kind may be written at once
   * @param refill how often one more line of a kind becomes allowed
   * @param clock the time
   */
  public RateLimitedLog(Logger log, int burst, Duration refill, Clock clock) {
    if (burst < 1 || refill.isZero() || refill.isNegative()) {
      throw new IllegalArgumentException("burst must be >= 1 and refill positive");
    }
    this.log = log;
    this.burst = burst;
    this.refillNanos = refill.toNanos();
    this.clock = clock;
  }

  /** @return a log of 20 lines per kind at once, then one every 3 seconds (20 a minute) */
  public static RateLimitedLog of(Logger log) {
    return new RateLimitedLog(log, 20, Duration.ofSeconds(3), Clock.systemUTC());
  }

  /** Writes a warning of this kind when the budget allows (slf4j format and arguments), else counts it. */
  public void warn(String kind, String format, Object... args) {
    long suppressed = take(kind);
    if (suppressed < 0) {
      return;
    }
    if (suppressed > 0) {
      log.warn(format + " ({} similar messages suppressed)", append(args, suppressed));
    } else {
      log.warn(format, args);
    }
  }

  /** As {@link #warn}, at error level. */
  public void error(String kind, String format, Object... args) {
    long suppressed = take(kind);
    if (suppressed < 0) {
      return;
    }
    if (suppressed > 0) {
      log.error(format + " ({} similar messages suppressed)", append(args, suppressed));
    } else {
      log.error(format, args);
    }
  }

  /** As {@link #warn}, at info level. */
  public void info(String kind, String format, Object... args) {
    long suppressed = take(kind);
    if (suppressed < 0) {
      return;
    }
    if (suppressed > 0) {
      log.info(format + " ({} similar messages suppressed)", append(args, suppressed));
    } else {
      log.info(format, args);
    }
  }

  /** @return -1 when the line must be left out, else how many were left out since the last line of this kind */
  private long take(String kind) {
    return buckets.computeIfAbsent(kind, k -> new Bucket(burst, nanos())).take(nanos(), burst, refillNanos);
  }

  private long nanos() {
    Duration since = Duration.between(java.time.Instant.EPOCH, clock.instant());
    return since.getSeconds() * 1_000_000_000L + since.getNano();
  }

  private static Object[] append(Object[] args, long n) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = n;
    return out;
  }

  private static final class Bucket {
    private double tokens;
    private long at;
    private long suppressed;

    Bucket(int tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized long take(long now, int burst, long refillNanos) {
      if (now > at) {
        tokens = Math.min(burst, tokens + (double) (now - at) / refillNanos);
        at = now;
      }
      if (tokens < 1) {
        suppressed++;
        return -1;
      }
      tokens--;
      long s = suppressed;
      suppressed = 0;
      return s;
    }
  }
}
