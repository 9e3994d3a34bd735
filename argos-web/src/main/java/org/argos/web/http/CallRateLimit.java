package org.argos.web.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a push site), in bounded memory: at most {@code burst} calls at once, one more every
 * {@code refill}. The buckets of the least recently used keys are forgotten past {@code maxKeys}, which only lets a
 * forgotten key start again with a full bucket.
 */
public final class CallRateLimit {
  private final int burst;
  private final long refillNanos;
  private final int maxKeys;
  private final LongSupplier nanoTime;
  private final Map<String, long[]> buckets;

  /**
   * @param burst calls allowed at once, at least 1
   * @param refill the time that gives one more call back
   * @param maxKeys the most keys remembered
   * @param nanoTime a monotonic time in nanoseconds ({@code System::nanoTime}, or a test's)
   */
  public CallRateLimit(int burst, Duration refill, int maxKeys, LongSupplier nanoTime) {
    if (burst < 1 || refill.isNegative() || refill.isZero() || maxKeys < 1) {
      throw new IllegalArgumentException("burst, refill and maxKeys must be positive");
    }
    this.burst = burst;
    this.refillNanos = refill.toNanos();
    this.maxKeys = maxKeys;
    this.nanoTime = nanoTime;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
        return size() > CallRateLimit.this.maxKeys;
      }
    };
  }

  /**
   * Takes one call from the key's bucket.
   *
   * @param key whose calls
   * @return 0 when the call may go on; otherwise the seconds (at least 1) until the next one may
   */
  public synchronized long acquire(String key) {
    long now = nanoTime.getAsLong();
    // [0] calls left, [1] when the last refill was counted
    long[] b = buckets.computeIfAbsent(key, k -> new long[] {burst, now});
    long refills = (now - b[1]) / refillNanos;
    if (refills > 0) {
      b[0] = Math.min(burst, b[0] + refills);
      b[1] = b[0] == burst ? now : b[1] + refills * refillNanos;
    }
    if (b[0] > 0) {
      b[0]--;
      return 0;
    }
    long waitNanos = refillNanos - (now - b[1]);
    return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  /** @return the keys remembered now */
  public synchronized int keys() {
    return buckets.size();
  }
}
