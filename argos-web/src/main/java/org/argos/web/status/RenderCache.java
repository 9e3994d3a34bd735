package org.argos.web.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Public pages rendered at most once per key and time-to-live, whoever asks: a status page read by a crowd during an
 * outage costs the store one read per page and TTL, not one per visitor. Concurrent requests for a key being rendered
 * wait for that rendering instead of starting their own. Bounded: past {@code maxEntries} keys, the oldest entries
 * are dropped first.
 */
public final class RenderCache {
  /** A rendered page: its body, its entity tag and when it was made. */
  public record Rendered(byte[] body, String etag, Instant at) {
    /** @param body the page @param at when its data was read @return the page with its tag */
    public static Rendered of(byte[] body, Instant at) {
      return new Rendered(body, Conditional.etag(body), at);
    }
  }

  private record Entry(CompletableFuture<Rendered> page, Instant madeAt) {}

  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param ttl how long a rendering is served
   * @param maxEntries how many keys are kept at most
   * @param clock the time
   */
  public RenderCache(Duration ttl, int maxEntries, Clock clock) {
    if (ttl.isNegative() || maxEntries < 1) {
      throw new IllegalArgumentException("ttl must be >= 0 and maxEntries >= 1");
    }
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * The page for a key: the cached one while fresh, else a new rendering (one per key at a time). A rendering that
   * fails is not kept: the next request tries again.
   *
   * @param key what identifies the page (slug, page number...)
   * @param render makes the page
   * @return the page
   * @throws RuntimeException what the rendering threw
   */
  public Rendered get(String key, Supplier<Rendered> render) {
    Instant now = clock.instant();
    CompletableFuture<Rendered> mine = new CompletableFuture<>();
    Entry fresh = new Entry(mine, now);
    Entry e = entries.compute(key, (k, old) -> old != null && !expired(old, now) ? old : fresh);
    if (e == fresh) {
      trim();
      try {
        mine.complete(render.get());
      } catch (RuntimeException | Error t) {
        entries.remove(key, fresh);
        mine.completeExceptionally(t);
        throw t;
      }
    }
    try {
      return e.page().get();
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the page", x);
    } catch (ExecutionException x) {
      if (x.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the page could not be made", x.getCause());
    }
  }

  private boolean expired(Entry e, Instant now) {
    return e.page().isDone() && !now.isBefore(e.madeAt().plus(ttl));
  }

  /** Drops expired entries, then the oldest ones, while there are more than allowed. */
  private void trim() {
    if (entries.size() <= maxEntries) {
      return;
    }
    Instant now = clock.instant();
    entries.values().removeIf(e -> expired(e, now));
    while (entries.size() > maxEntries) {
      Map.Entry<String, Entry> oldest = null;
      for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Entry> x = it.next();
        if (oldest == null || x.getValue().madeAt().isBefore(oldest.getValue().madeAt())) {
          oldest = x;
        }
      }
      if (oldest == null || !entries.remove(oldest.getKey(), oldest.getValue())) {
        return;
      }
    }
  }

  /** @return how many keys are kept now */
  public int size() {
    return entries.size();
  }
}
