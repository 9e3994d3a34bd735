package org.argos.engine.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.argos.api.spi.Store;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's heartbeat into a shared store: it says the node is alive, takes over the claims of nodes silent for
 * {@code misses} beats, and compares the node's clock with the store's. The engine schedules, claims and stamps results
 * with {@link #storeClock()}: the node's clock corrected by the measured offset, so a node whose clock is ahead cannot
 * claim work early and take it all, nor date results in the future. A store without a clock of its own (in memory)
 * answers nothing, and the node's clock is used as it is.
 */
public final class NodeHeartbeat {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final Store store;
  private final Clock clock;
  private final String node;
  private final Duration interval;
  private final int misses;
  private final Duration skewWarning;
  private final Runnable onTakeover;
  private final String host = hostName();
  private final long pid = ProcessHandle.current().pid();
  private final Clock storeClock;
  private @Nullable Instant startedAt;
  /** The store's time minus the node's, in nanoseconds, added to the node's clock. */
  private volatile long offsetNanos;
  /** The node's clock minus the store's at the last beat; null before a beat answered. */
  private volatile @Nullable Duration skew;
  private boolean skewed;
  private boolean failing;
  private volatile boolean running;
  private @Nullable Thread thread;

  /**
   * @param store where heartbeats go
   * @param clock the node's clock
   * @param node this node's id
   * @param interval time between beats
   * @param misses beats a node may miss before its claims are taken over
   * @param skewWarning a skew beyond this is reported (log on each change, {@link #skew()})
   * @param onTakeover called after claims of silent nodes were released, so the scheduler claims them at once
   */
  public NodeHeartbeat(Store store, Clock clock, String node, Duration interval, int misses, Duration skewWarning,
      Runnable onTakeover) {
    this.store = store;
    this.clock = clock;
    this.node = node;
    this.interval = interval;
    this.misses = misses;
    this.skewWarning = skewWarning;
    this.onTakeover = onTakeover;
    this.storeClock = new StoreClock(clock.getZone());
  }

  /** @return the node's clock corrected to the store's time (the node's clock itself until a beat measured it) */
  public Clock storeClock() {
    return storeClock;
  }

  /** @return the node's clock minus the store's at the last heartbeat; empty if the store keeps no time */
  public Optional<Duration> skew() {
    return Optional.ofNullable(skew);
  }

  /** @return true when the last measured skew is beyond the warning threshold */
  public boolean skewed() {
    Duration s = skew;
    return s != null && s.abs().compareTo(skewWarning) > 0;
  }

  /** Beats once now (on the caller's thread: the node's clock is measured before it claims), then every interval. */
  public synchronized void start() {
    startedAt = clock.instant();
    beat();
    running = true;
    thread = Thread.ofPlatform().name("argos-heartbeat").daemon(true).start(this::loop);
  }

  /** Stops beating; the node leaves the store's list with {@link Store#nodeStopped}. */
  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    while (running) {
      LockSupport.parkNanos(interval.toNanos());
      if (running) {
        beat();
      }
    }
  }

  /** One beat: record this node, measure the skew, take over silent nodes. Never throws. */
  synchronized void beat() {
    try {
      Instant before = clock.instant();
      long t0 = System.nanoTime();
      Optional<Instant> storeNow = store.heartbeat(node, host, pid, startedAt == null ? before : startedAt);
      if (storeNow.isEmpty()) {
        return;
      }
      // The store's time was read about half-way through the round trip.
      Instant mine = before.plusNanos((System.nanoTime() - t0) / 2);
      Duration s = Duration.between(storeNow.get(), mine);
      skew = s;
      offsetNanos = -s.toNanos();
      reportSkew(s);
      List<String> dead = store.takeOverSilentNodes(node, interval.multipliedBy(misses));
      if (!dead.isEmpty()) {
        LOG.warn("nodes {} missed {} heartbeats ({} s each): node {} took over their claims", dead, misses,
            interval.toMillis() / 1000.0, node);
        onTakeover.run();
      }
      if (failing) {
        failing = false;
        LOG.info("node {} records its heartbeats again", node);
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warn("node {} could not record its heartbeat (other nodes take over its claims after {} missed beats): {}",
            node, misses, e.toString());
      }
    }
  }

  private void reportSkew(Duration s) {
    boolean now = s.abs().compareTo(skewWarning) > 0;
    if (now && !skewed) {
      LOG.warn("the clock of node {} is {} s {} the database's (warning above {} s): claims, leases and result times "
              + "use the database's time; fix the host's time synchronisation (NTP)", node,
          Math.abs(s.toMillis()) / 1000.0, s.isNegative() ? "behind" : "ahead of", skewWarning.toMillis() / 1000.0);
    } else if (!now && skewed) {
      LOG.info("the clock of node {} is within {} s of the database's again ({} ms)", node,
          skewWarning.toMillis() / 1000.0, s.toMillis());
    }
    skewed = now;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** The node's clock plus the offset measured by the last beat. */
  private final class StoreClock extends Clock {
    private final ZoneId zone;

    StoreClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
      return new StoreClock(z);
    }

    @Override
    public Instant instant() {
      long o = offsetNanos;
      Instant i = clock.instant();
      return o == 0 ? i : i.plusNanos(o);
    }
  }
}
