package org.argos.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Start lags at millisecond resolution up to a minute (the rest counted in the last bucket), cheap enough to record
 * on every run from any thread. This is the benchmark's measuring instrument, not a metric, so it is not the engine's
 * Micrometer timer ({@code argos.start.lag}): that one is taken at the hand-over to the executor, over a decaying
 * window of a few minutes at two significant digits, while the report needs every run of a period (a p99 over a
 * million tasks, exact to the millisecond), windows the harness resets, and the lag when the probe actually begins,
 * after the executor's permits.
 */
final class LagHistogram {
  private static final int BUCKETS = 60_001;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  void record(long lagMillis) {
    long l = Math.max(0, lagMillis);
    counts.incrementAndGet((int) Math.min(l, BUCKETS - 1));
    max.accumulate(l);
  }

  void reset() {
    for (int i = 0; i < BUCKETS; i++) {
      counts.set(i, 0);
    }
    max.reset();
  }

  long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /** @param p a fraction in (0, 1] @return the lag under which that fraction of the runs started, in ms */
  long percentile(double p) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return i;
      }
    }
    return BUCKETS - 1;
  }

  long max() {
    return max.get();
  }

  /** @return the non-empty buckets as {@code lag:count,...} (empty when none), for a forked node to report */
  String sparse() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < BUCKETS; i++) {
      long n = counts.get(i);
      if (n > 0) {
        sb.append(sb.isEmpty() ? "" : ",").append(i).append(':').append(n);
      }
    }
    return sb.toString();
  }

  /** Adds the runs of another histogram, as {@link #sparse()} wrote them. */
  void add(String sparse) {
    if (sparse.isBlank()) {
      return;
    }
    for (String part : sparse.split(",")) {
      int colon = part.indexOf(':');
      int lag = Integer.parseInt(part.substring(0, colon));
      counts.addAndGet(Math.min(lag, BUCKETS - 1), Long.parseLong(part.substring(colon + 1)));
      max.accumulate(lag);
    }
  }
}
