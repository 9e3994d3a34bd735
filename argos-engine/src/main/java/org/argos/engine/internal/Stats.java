package org.argos.engine.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.argos.engine.EngineMetrics;
import org.argos.engine.StoreWrites;

/** Counters and a window of recent start lags. Cheap enough for the per-group path. */
public final class Stats {
  public final AtomicLong claimed = new AtomicLong();
  public final AtomicLong run = new AtomicLong();
  public final AtomicLong results = new AtomicLong();
  public final AtomicLong changes = new AtomicLong();
  public final AtomicLong alerts = new AtomicLong();
  public final AtomicLong sent = new AtomicLong();
  public final AtomicLong failed = new AtomicLong();
  public final AtomicLong silenced = new AtomicLong();
  public final AtomicLong held = new AtomicLong();
  public final AtomicLong storeErrors = new AtomicLong();
  private final LongAccumulator lagMax = new LongAccumulator(Math::max, 0);
  private final long[] lags = new long[8192];
  private long lagCount;

  /** @param lagMillis a start lag, recorded by the single scheduler thread */
  public void lag(long lagMillis) {
    long l = Math.max(0, lagMillis);
    lagMax.accumulate(l);
    synchronized (lags) {
      lags[(int) (lagCount++ % lags.length)] = l;
    }
  }

  /** @param writes the store's write health now @return a snapshot */
  public EngineMetrics snapshot(StoreWrites writes) {
    long[] copy;
    synchronized (lags) {
      copy = Arrays.copyOf(lags, (int) Math.min(lagCount, lags.length));
    }
    Arrays.sort(copy);
    return new EngineMetrics(claimed.get(), run.get(), results.get(), changes.get(), alerts.get(), sent.get(),
        failed.get(), held.get(), Duration.ofMillis(pct(copy, 0.50)), Duration.ofMillis(pct(copy, 0.99)),
        Duration.ofMillis(lagMax.get()), storeErrors.get(), silenced.get(), writes.failures(),
        writes.resultsHeld(), writes.alertsHeld(), writes.resultsLost(), writes.alertsLost());
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }
}
