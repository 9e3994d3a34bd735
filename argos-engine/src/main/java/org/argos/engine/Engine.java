package org.argos.engine;

import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.argos.api.store.Acknowledgements;
import org.argos.api.store.PushHeartbeats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.ArgosException;
import org.argos.api.StateChange;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.spi.Notifier;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.NodeBeat;
import org.argos.api.store.Store;
import org.argos.engine.internal.LocatedRuns;
import org.argos.engine.internal.VantagePoints;
import org.argos.engine.internal.Delivery;
import org.argos.engine.internal.EngineMeters;
import org.argos.engine.internal.HeldAlerts;
import org.argos.engine.internal.Liveness;
import org.argos.engine.internal.NodeHeartbeat;
import org.argos.engine.internal.ResultWriter;
import org.argos.engine.internal.Scheduler;
import org.argos.engine.internal.SitePlanner;
import org.argos.engine.internal.WriteHealth;
import org.argos.engine.plugin.PluginRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one {@link Argos} and their life: how they are wired from the builder's settings, started in order,
 * stopped in order (issue 17), and how healthy they are. {@link Argos} is the public face over it.
 */
final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Argos.class);

  final Store store;
  private final boolean ownsStore;
  private final Probes probes;
  private final ProbeExecutor executor;
  final CheckRegistry checks;
  final SitePlanner planner;
  private final AlertRules rules;
  private final Clock clock;
  final String node;
  final Map<String, Notifier> notifiers;
  final List<StateChangeListener> listeners = new CopyOnWriteArrayList<>();
  final EngineMeters meters;
  private final LocalGroupRunner runner;
  final Scheduler scheduler;
  final ResultWriter writer;
  final Delivery delivery;
  final NodeHeartbeat heartbeat;
  private final Duration shutdownTimeout;
  final Liveness liveness;
  private final Duration stallAfter;
  final WriteHealth writes;
  final HeldAlerts heldAlerts;
  /** Signs acknowledgement links; null when the store cannot acknowledge. */
  final @Nullable AckLinks ackLinks;
  /** Push monitors' tokens and calls; null when the store keeps no push heartbeats. */
  final @Nullable PushTokens pushTokens;
  private volatile boolean started;
  private volatile boolean closed;

  Engine(EngineSettings b, PluginRegistry plugins) {
    this.clock = b.clock;
    this.node = b.nodeId != null ? b.nodeId : NodeIds.generate();
    this.ownsStore = b.store == null;
    this.store = b.store != null ? b.store : new InMemoryStore();
    this.heartbeat = new NodeHeartbeat(store, clock, node, b.heartbeatInterval, b.heartbeatMisses, b.skewWarning,
        this::claimNow, this::idInUse);
    // Claims, leases and result times in the store's time (a shared database's clock): see NodeHeartbeat.
    Clock storeClock = heartbeat.storeClock();
    this.checks = plugins.checks();
    // push:// sites are read from this store, so the engine adds their probe itself (see PushProbe); an engine
    // without any probe still fails here, saying what to add
    PushHeartbeats pushes = store.capability(PushHeartbeats.class).orElse(null);
    boolean addPush = pushes != null && !plugins.probeProviders().containsKey(PushTokens.SCHEME)
        && (b.probe != null || !plugins.probeProviders().isEmpty());
    this.probes = Probes.of(addPush ? plugins.with(PushProbe.provider(pushes, storeClock)) : plugins, b.probe);
    this.executor = new LocatedRuns(b.executor != null ? b.executor : InProcessExecutor.create(),
        new VantagePoints(b.canaries, this::vantagePoint));
    this.planner = new SitePlanner(checks, probes.schemes(), b.firstRunSpread);
    this.rules = new AlertRules(b.reminderInterval);
    this.notifiers = new LinkedHashMap<>();
    for (Notifier n : b.notifiers) {
      if (notifiers.putIfAbsent(n.channel(), n) != null) {
        throw new ArgosException("two notifiers for channel '" + n.channel() + "'");
      }
    }
    for (String ch : b.routing.allChannels()) {
      if (!notifiers.containsKey(ch)) {
        throw new ArgosException("alert routing names channel '" + ch + "' but no notifier has that name (known: "
            + notifiers.keySet() + ")");
      }
    }
    for (String ch : b.digests.keySet()) {
      if (!notifiers.containsKey(ch)) {
        throw new ArgosException("a daily digest is set for channel '" + ch + "' but no notifier has that name (known: "
            + notifiers.keySet() + ")");
      }
    }
    this.listeners.addAll(b.listeners);
    this.runner = new LocalGroupRunner(probes, checks, storeClock, b.perAddress);
    this.shutdownTimeout = b.shutdownTimeout;
    this.liveness = new Liveness(clock);
    this.stallAfter = b.stallAfter;
    // the suppliers read fields assigned below; they are called only once the engine is built
    this.writes = new WriteHealth(clock, this::writerBacklog, this::alertsHeld);
    this.heldAlerts = new HeldAlerts(store, b.heldAlerts, writes, this::alertsEnqueued);
    this.meters = b.meterRegistry != null ? new EngineMeters(b.meterRegistry) : new EngineMeters();
    meters.bind(writes);
    this.writer = new ResultWriter(store, rules, meters, this::recorded, liveness, writes, heldAlerts);
    this.scheduler = new Scheduler(store, executor, runner, storeClock, node, b.lookahead, b.lease, b.claimBatch,
        meters, liveness, writes, writer);
    this.delivery = new Delivery(store, notifiers, b.routing, storeClock, node, new Delivery.Settings(b.groupWindow,
        b.groupListed, b.retryInitial, b.retryMax, b.retryAttempts, b.sendTimeout, b.baseUrl, b.causeHoldInEffect()), meters, liveness);
    delivery.digests(b.digests);
    this.ackLinks = store.capability(Acknowledgements.class).map(AckLinks::new).orElse(null);
    this.pushTokens = store.capability(PushHeartbeats.class).map(p -> new PushTokens(p, this::now)).orElse(null);
    if (ackLinks != null) {
      delivery.ackLinks(ackLinks);
    }
  }

  /** The store's time, for acknowledgements. */
  Instant now() {
    return storeNow();
  }

  /** A location's canaries all fail (down), or one answers again: one alert when it goes down, a log line for both. */
  private void vantagePoint(String location, boolean down) {
    if (!down) {
      LOG.info("vantage point {} is back: its canaries answer; its results count again", location);
      return;
    }
    String msg = "vantage point " + location + " down: its canaries all fail; its results are left out of the verdicts";
    LOG.warn(msg);
    heldAlerts.enqueue(org.argos.api.AlertKind.NO_AGENT, new StateChange(0, "", "", "", org.argos.api.IpVersion.IPV4,
        new org.argos.api.CheckSpec("vantage-point", location), null, org.argos.api.Severity.UNKNOWN, clock.instant(),
        msg, 0));
  }

  /** Groups were released (a silent node's): claim them now rather than at the next poll. */
  private void claimNow() {
    scheduler.wakeUp();
  }

  /** Another live process heartbeats with this node id: claiming more would run its work twice. */
  private void idInUse(NodeBeat other) {
    scheduler.stopClaiming();
  }

  private long writerBacklog() {
    return writer.backlog();
  }

  private long alertsHeld() {
    return heldAlerts.size();
  }

  private void alertsEnqueued() {
    delivery.wakeUp();
  }

  /** The store's time, which claims, leases and results use. */
  Instant storeNow() {
    return heartbeat.storeClock().instant();
  }

  synchronized void start() {
    if (closed) {
      throw new IllegalStateException("this Argos is closed");
    }
    if (started) {
      return;
    }
    store.nodeStarting(node);
    // Before taking back "own" claims: they could be those of another live process with this id (issue 17).
    NodeBeat other = heartbeat.checkIdFree();
    if (other != null) { // its row is left alone: it is the other process's
      throw new NodeIdInUseException(node, other.host(), other.pid(), other.lastHeartbeat());
    }
    heartbeat.start(); // measures the clock's skew before the first claim
    try {
      // Claims this node left when it was killed: taken back at once rather than after their lease.
      int own = store.releaseAll(node);
      if (own > 0) {
        LOG.info("node {} took back {} groups it had claimed before it restarted", node, own);
      }
    } catch (RuntimeException e) {
      LOG.warn("node {} could not take back its earlier claims (they end with their lease): {}", node, e.toString());
    }
    executor.start(new ExecutorContext(runner, heartbeat.storeClock()));
    scheduler.start();
    delivery.start();
    started = true;
    LOG.info("Argos node {} started: {} sites, {} check types", node, store.siteCount(), checks.names().size());
  }

  EngineHealth health() {
    Instant now = clock.instant();
    Instant tick = liveness.lastTick();
    Instant write = liveness.lastWrite();
    long backlog = writer.backlog();
    String dead = liveness.deadReason();
    String problem = null;
    NodeBeat twin = heartbeat.conflict();
    if (dead != null) {
      problem = "the engine is dead: " + dead;
    } else if (twin != null) {
      problem = "node id '" + node + "' is also used by another live process (host " + twin.host() + ", pid "
          + twin.pid() + "): this node stopped claiming; give each node its own node_id and restart them";
    } else if (closed) {
      problem = "the engine is closed";
    } else if (!started) {
      problem = "the engine is not started";
    } else if (tick == null || Duration.between(tick, now).compareTo(stallAfter) > 0) {
      problem = "the scheduler has not gone round for " + (tick == null ? "ever" : seconds(Duration.between(tick, now)))
          + " (bound " + seconds(stallAfter) + ")";
    } else if (backlog > 0 && (write == null || Duration.between(write, now).compareTo(stallAfter) > 0)) {
      problem = "the result writer has recorded nothing for "
          + (write == null ? "ever" : seconds(Duration.between(write, now))) + " while " + backlog
          + " finished runs wait (bound " + seconds(stallAfter) + ")";
    }
    Liveness.Failure last = liveness.lastFailure();
    return new EngineHealth(problem == null, problem, dead == null, tick, backlog, write, liveness.deliveryBacklog(),
        liveness.errors(), last == null ? null : last.type(),
        last == null ? null : last.where() + ": " + last.type() + ": " + last.message(),
        last == null ? null : last.at(), writes.snapshot());
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  private void recorded(CompletionReport report) {
    for (StateChange c : report.changes()) {
      for (StateChangeListener l : listeners) {
        try {
          l.onStateChange(c);
        } catch (Throwable e) { // the host's code: whatever it throws, the writer goes on
          liveness.caught("state-change listener " + l.getClass().getName(), e);
        }
      }
    }
    if (!report.alerts().isEmpty()) {
      delivery.wakeUp();
    }
  }

  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (started) {
      // Order matters (issue 17): stop claiming and record the runs in progress, then give back what is still claimed,
      // then leave; the store is closed last (below, or by its owner after this returns).
      scheduler.stop(shutdownTimeout);
      heldAlerts.flush(); // a last try, so that delivery may still send them
      delivery.stop();
      heldAlerts.closed();
      heartbeat.stop();
      try {
        if (heartbeat.conflict() == null) { // else they may be the other process's, with this id, running
          store.releaseAll(node);
        }
      } catch (RuntimeException e) {
        LOG.warn("node {} could not release its claims (other nodes take them after its lease): {}", node,
            e.toString());
      }
      store.nodeStopped(node);
    } else {
      executor.close();
    }
    notifiers.values().forEach(n -> {
      try {
        n.close();
      } catch (Throwable e) { // a plugin's Error must not leave the probe and the store open
        LOG.warn("closing notifier {} failed", n.channel(), e);
      }
    });
    probes.close();
    if (ownsStore) {
      store.close();
    }
    meters.unregister(); // a host's registry outlives the engine: a later engine's gauges must not read this one
    LOG.info("Argos node {} stopped", node);
  }
}
