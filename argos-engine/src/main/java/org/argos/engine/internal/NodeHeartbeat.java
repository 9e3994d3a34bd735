package org.argos.engine.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.argos.api.store.Heartbeat;
import org.argos.api.store.NodeBeat;
import org.argos.api.store.Store;
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
  /** Tells this running engine from another process (or engine) configured with the same node id. */
  private final String instance = UUID.randomUUID().toString();
  private final Consumer<NodeBeat> onConflict;
  private int beats;
  private volatile @Nullable NodeBeat conflict;
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
   * @param onConflict called once, on the heartbeat's thread, when another instance wrote this node's row while it
   *     runs (two live processes with one node id)
   */
  public NodeHeartbeat(Store store, Clock clock, String node, Duration interval, int misses, Duration skewWarning,
      Runnable onTakeover, Consumer<NodeBeat> onConflict) {
    this.onConflict = onConflict;
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

  /** @return the other process found writing this node's row while it runs, or null */
  public @Nullable NodeBeat conflict() {
    return conflict;
  }

  /**
   * Before the first beat: refuses to start when another live process heartbeats with this node id. A row whose last
   * beat is older than {@code misses} beats belongs to a dead process; so does a fresh row from a process of this host
   * that no longer exists (a node restarted after kill -9 starts at once). Otherwise (a fresh row from another host,
   * or from a live pid here) this waits one interval and a half (at least one second more than an interval) and reads
   * the row again: a live process has beaten meanwhile, a killed one has not. A store that cannot be read is not a
   * reason to refuse: the heartbeat then reports a conflict while running.
   *
   * @return null when the id is free, else the other process's last beat
   */
  public @Nullable NodeBeat checkIdFree() {
    try {
      Optional<NodeBeat> row = store.lastHeartbeat(node);
      if (row.isEmpty() || instance.equals(row.get().instance())) {
        return null;
      }
      NodeBeat seen = row.get();
      if (seen.age().compareTo(interval.multipliedBy(misses)) > 0) {
        return null;
      }
      if (seen.host().equals(host) && seen.pid() != pid
          && !ProcessHandle.of(seen.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        LOG.info("node {}: its previous process (pid {} on this host) is gone; taking its place at once", node,
            seen.pid());
        return null;
      }
      Duration wait = interval.plus(Duration.ofMillis(Math.max(1000, interval.toMillis() / 2)));
      LOG.info("node {}: another process (host {}, pid {}) beat {} ms ago with this node id; waiting {} ms to see "
          + "whether it still beats", node, seen.host(), seen.pid(), seen.age().toMillis(), wait.toMillis());
      long end = System.nanoTime() + wait.toNanos();
      for (long left = wait.toNanos(); left > 0; left = end - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      Optional<NodeBeat> again = store.lastHeartbeat(node);
      if (again.isPresent() && (!again.get().lastHeartbeat().equals(seen.lastHeartbeat())
          || !java.util.Objects.equals(again.get().instance(), seen.instance()))) {
        return again.get();
      }
      return null;
    } catch (RuntimeException e) {
      LOG.warn("node {} could not read its last heartbeat to check that no other process uses its id: {}", node,
          e.toString());
      return null;
    }
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
      Optional<Heartbeat> answer = store.heartbeat(node, instance, host, pid, startedAt == null ? before : startedAt);
      if (answer.isEmpty()) {
        return;
      }
      NodeBeat other = answer.get().overwritten();
      // The first beat replaces the row of this id's earlier, dead process (checkIdFree made sure); any later row
      // of another instance was written since this node's last beat: a second live process has its id.
      if (beats++ > 0 && other != null && conflict == null) {
        conflict = other;
        LOG.error("node id '{}' is also used by another live process (host {}, pid {}, which beat at {}): both would "
                + "run the same work twice, so this node stops claiming; give each node its own node_id and restart "
                + "them", node, other.host(), other.pid(), other.lastHeartbeat());
        onConflict.accept(other);
      }
      // The store's time was read about half-way through the round trip.
      Instant mine = before.plusNanos((System.nanoTime() - t0) / 2);
      Duration s = Duration.between(answer.get().storeTime(), mine);
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
