package org.argos.engine.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * A bound on concurrent probes per key (a host name, a resolved address): each key has its own permits, and its entry
 * disappears when no run holds or waits for it, so a million keys seen once do not stay in memory. A caller holds at
 * most one permit of one instance at a time, so two runs can never wait for each other's keys.
 */
public final class KeyedPermits {
  private final int permits;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** @param permits permits per key, at least 1 */
  public KeyedPermits(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be >= 1, got " + permits);
    }
    this.permits = permits;
  }

  /** @return the permits each key has */
  public int permits() {
    return permits;
  }

  /**
   * Waits for a permit of the key.
   *
   * @param key the key
   * @return what {@link #release} takes back
   * @throws InterruptedException when interrupted while waiting (nothing is then held)
   */
  public Entry acquire(String key) throws InterruptedException {
    Entry p = entries.compute(key, (k, v) -> {
      Entry e = v == null ? new Entry(permits) : v;
      e.users++;
      return e;
    });
    try {
      p.semaphore.acquire();
    } catch (InterruptedException e) {
      entries.compute(key, (k, v) -> v == null || --v.users == 0 ? null : v);
      throw e;
    }
    return p;
  }

  /**
   * Takes a permit of the key if one is free now.
   *
   * @param key the key
   * @return what {@link #release} takes back, or null when every permit of the key is held
   */
  public @Nullable Entry tryAcquire(String key) {
    Entry p = entries.compute(key, (k, v) -> {
      Entry e = v == null ? new Entry(permits) : v;
      e.users++;
      return e;
    });
    if (p.semaphore.tryAcquire()) {
      return p;
    }
    entries.compute(key, (k, v) -> v == null || --v.users == 0 ? null : v);
    return null;
  }

  /**
   * @param key the key given to {@link #acquire}
   * @param entry what it returned
   */
  public void release(String key, Entry entry) {
    entry.semaphore.release();
    entries.compute(key, (k, v) -> v == null || --v.users == 0 ? null : v);
  }

  /** @return the keys held or waited for now (the memory this bound takes) */
  public int keys() {
    return entries.size();
  }

  /** One key's permits, and how many runs hold or wait for them. */
  public static final class Entry {
    final Semaphore semaphore;
    int users; // guarded by the map's compute

    Entry(int permits) {
      semaphore = new Semaphore(permits);
    }
  }
}
