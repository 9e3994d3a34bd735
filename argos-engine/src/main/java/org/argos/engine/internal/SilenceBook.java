package org.argos.engine.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.argos.api.Silence;
import org.argos.api.StoreException;
import org.argos.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an engine's silences live. With a store that keeps cluster state (every store of this project), in the store,
 * so that every node sharing it honours a silence added on any one; delivery reads them through a cache refreshed at
 * most every {@link #REFRESH}, so a silence added on another node applies within that delay. With a store that keeps
 * none, in this engine's memory, as before.
 */
public final class SilenceBook {
  private static final Logger LOG = LoggerFactory.getLogger(SilenceBook.class);

  /** How stale delivery's view of the stored silences may be. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private final Store store;
  private final boolean shared;
  private final long refreshNanos;
  private final Map<String, Silence> local = new ConcurrentHashMap<>();
  private volatile List<Silence> cached = List.of();
  private volatile long readAtNanos;
  /** True while the store cannot be read (logged once per change). */
  private volatile boolean failing;
  private volatile boolean read;

  /** @param store where silences are kept when it {@link Store#keepsClusterState() keeps cluster state} */
  public SilenceBook(Store store) {
    this(store, REFRESH);
  }

  /** @param refresh how stale delivery's view may be (tests shorten it) */
  SilenceBook(Store store, Duration refresh) {
    this.store = store;
    this.shared = store.keepsClusterState();
    this.refreshNanos = refresh.toNanos();
  }

  /** @param silence stored (replacing one with the same id) and honoured at once by this node */
  public void put(Silence silence) {
    if (shared) {
      store.putSilence(silence);
      refresh();
    } else {
      local.put(silence.id(), silence);
    }
  }

  /** @param id a silence id @return true if it existed */
  public boolean remove(String id) {
    if (!shared) {
      return local.remove(id) != null;
    }
    boolean existed = store.deleteSilence(id);
    refresh();
    return existed;
  }

  /** @return every silence, read from the store now (for the API), including ended ones not yet deleted */
  public List<Silence> all() {
    return shared ? refresh() : List.copyOf(local.values());
  }

  /**
   * @return the silences delivery honours: the stored ones as read at most {@link #REFRESH} ago; when the store
   *     cannot be read, the last list read (a database outage must not turn maintenance windows into pages)
   */
  public List<Silence> current() {
    if (!shared) {
      return List.copyOf(local.values());
    }
    if (!read || System.nanoTime() - readAtNanos >= refreshNanos) {
      try {
        refresh();
        if (failing) {
          failing = false;
          LOG.info("the silences can be read again ({} stored)", cached.size());
        }
      } catch (StoreException e) {
        if (!failing) { // one line when reading begins to fail and one when it works again, not one per attempt
          failing = true;
          LOG.warn("reading the silences failed; the {} read before are honoured until it works again: {}",
              cached.size(), e.getMessage());
        }
        readAtNanos = System.nanoTime(); // try again after the refresh delay, not at every alert
      }
    }
    return cached;
  }

  /** Deletes silences that ended before the given time (each node may do it; deleting twice is harmless). */
  public void prune(Instant endedBefore) {
    if (!shared) {
      local.values().removeIf(s -> !s.until().isAfter(endedBefore));
      return;
    }
    for (Silence s : cached) {
      if (!s.until().isAfter(endedBefore)) {
        try {
          store.deleteSilence(s.id());
        } catch (StoreException e) {
          LOG.debug("deleting ended silence {} failed (next time): {}", s.id(), e.getMessage());
          return;
        }
      }
    }
  }

  private synchronized List<Silence> refresh() {
    List<Silence> now = List.copyOf(store.silences());
    cached = now;
    readAtNanos = System.nanoTime();
    read = true;
    return now;
  }
}
