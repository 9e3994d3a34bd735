package org.argos.engine;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.AlertRouting;
import org.argos.api.ArgosException;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Argos.Builder} sets, apart from plugins: the store, probe and executor, listeners and notifiers, and the
 * timing of claims, heartbeats and alert delivery. Its setters are {@link Argos.Builder}'s; it lives in a file of its
 * own so that {@code Argos.java} stays readable. The engine reads the fields when it is built.
 */
abstract sealed class EngineSettings permits Argos.Builder {
  @Nullable Store store;
  @Nullable Probe probe;
  @Nullable ProbeExecutor executor;
  final List<Notifier> notifiers = new ArrayList<>();
  final List<StateChangeListener> listeners = new ArrayList<>();
  Clock clock = Clock.systemUTC();
  @Nullable String nodeId;
  AlertRouting routing = AlertRouting.NONE;
  final java.util.Map<String, org.argos.engine.internal.Digests.Schedule> digests = new java.util.LinkedHashMap<>();
  Duration firstRunSpread = Duration.ofDays(1);
  java.util.Set<String> canaries = java.util.Set.of();
  Duration lookahead = Duration.ofSeconds(2);
  Duration lease = Duration.ofMinutes(2);
  Duration heartbeatInterval = Duration.ofSeconds(10);
  int heartbeatMisses = 3;
  Duration skewWarning = Duration.ofSeconds(2);
  int claimBatch = 1000;
  @Nullable Duration reminderInterval;
  Duration groupWindow = Duration.ofSeconds(10);
  /** Null until set: 5 minutes with a gathering window, none when alerts are sent at once (a zero window). */
  @Nullable Duration causeHold;
  int groupListed = 20;
  Duration retryInitial = Duration.ofSeconds(5);
  Duration retryMax = Duration.ofMinutes(10);
  int retryAttempts = 10;
  Duration sendTimeout = Duration.ofSeconds(30);
  Duration shutdownTimeout = Duration.ofSeconds(40);
  Duration stallAfter = Duration.ofSeconds(60);
  @Nullable String baseUrl;
  int heldAlerts = 10_000;
  int perAddress = LocalGroupRunner.DEFAULT_PER_ADDRESS;
  @Nullable MeterRegistry meterRegistry;

  EngineSettings() {}

  private Argos.Builder self() {
    return (Argos.Builder) this;
  }

  /**
   * Registers the engine's meters in a host's registry (a Prometheus one, say), named {@code argos.*}: the start lag
   * (a timer with percentiles and a histogram), counters of groups claimed and run, results by severity, results
   * written, state changes, alerts decided, notifications sent and failed, probe errors by class, store errors, and
   * gauges of what is held in memory. Without one, they are kept in a private registry, which
   * {@link Argos#metrics()} reads either way. Give each engine its own registry (or a composite's child): two
   * engines in one registry share their counters. The engine takes its meters out of the registry when closed.
   *
   * @param registry where the meters are registered
   * @return this
   */
  public Argos.Builder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = registry;
    return self();
  }

  /** @param store where everything is kept (default: a new {@link InMemoryStore}, closed with the engine) @return this */
  public Argos.Builder store(Store store) {
    this.store = store;
    return self();
  }

  /**
   * @param probe does the I/O for {@code http} and {@code https}, e.g. argos-checks-builtin's {@code HttpProbe}, closed
   *     by the caller (default: a new probe from the provider, installed or discovered, that serves {@code http},
   *     closed with the engine; without one, {@link Argos.Builder#build()} says so). Other schemes are probed by
   *     their {@link org.argos.api.spi.ProbeProvider}s.
   * @return this
   */
  public Argos.Builder probe(Probe probe) {
    this.probe = probe;
    return self();
  }

  /** @param executor where probes run (default: {@link InProcessExecutor#create()}) @return this */
  public Argos.Builder executor(ProbeExecutor executor) {
    this.executor = executor;
    return self();
  }

  /** @param notifiers notifiers, one per channel name @return this */
  public Argos.Builder notifiers(Notifier... notifiers) {
    this.notifiers.addAll(List.of(notifiers));
    return self();
  }

  /** @param routing which channels get which severities (sites may override) @return this */
  public Argos.Builder routing(AlertRouting routing) {
    this.routing = routing;
    return self();
  }

  /**
   * Sends a channel a daily digest: once a day at {@code at} in {@code zone}, one message listing what is still failing
   * among the tasks routed to it, worst first (the first 100, then a count), acknowledged tasks marked; "all clear"
   * when nothing fails. Sent once across the nodes sharing a store (see docs/notifications.md, "Daily digest").
   *
   * @param channel a notifier's channel
   * @param at the local time
   * @param zone the time zone
   * @return this
   */
  public Argos.Builder digest(String channel, java.time.LocalTime at, java.time.ZoneId zone) {
    digests.put(java.util.Objects.requireNonNull(channel, "channel"), new org.argos.engine.internal.Digests.Schedule(
        java.util.Objects.requireNonNull(at, "at"), java.util.Objects.requireNonNull(zone, "zone")));
    return self();
  }

  /** @param listener told about severity changes @return this */
  public Argos.Builder listener(StateChangeListener listener) {
    listeners.add(listener);
    return self();
  }

  /** @param clock the time source (tests inject a controllable one) @return this */
  public Argos.Builder clock(Clock clock) {
    this.clock = clock;
    return self();
  }

  /** @param nodeId this node's id (default: host name plus a random suffix) @return this */
  public Argos.Builder nodeId(String nodeId) {
    this.nodeId = NodeIds.check(nodeId, "node id");
    return self();
  }

  /**
   * Heartbeats into a shared store: a node silent for {@code misses} beats (by the store's clock) has its claims
   * taken over by live nodes, long before its lease ends; each beat also compares this node's clock with the
   * store's.
   *
   * @param interval time between beats (default 10 s)
   * @param misses beats a node may miss before it is taken for dead (default 3)
   * @param skewWarning a clock skew beyond this is logged and shown by {@link Argos#clockSkewed()} (default 2 s)
   * @return this
   */
  public Argos.Builder heartbeat(Duration interval, int misses, Duration skewWarning) {
    if (interval.isNegative() || interval.isZero()) {
      throw new ArgosException("heartbeat interval must be positive, got " + interval);
    }
    if (misses < 1) {
      throw new ArgosException("heartbeat misses must be >= 1, got " + misses);
    }
    if (skewWarning.isNegative()) {
      throw new ArgosException("clock skew warning must not be negative, got " + skewWarning);
    }
    this.heartbeatInterval = interval;
    this.heartbeatMisses = misses;
    this.skewWarning = skewWarning;
    return self();
  }

  /**
   * @param lease how long a claim outlives its due time before another node may take the group when its node is
   *     gone without heartbeats (default 2 min)
   * @return this
   */
  public Argos.Builder lease(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new ArgosException("claim lease must be positive, got " + lease);
    }
    this.lease = lease;
    return self();
  }

  /**
   * The connectivity self-check (issue 19 §2): the domains of canary sites (registered like any site, checked from
   * every location). A location whose canaries all fail is a vantage point down: its results are left out of the
   * verdicts of sites checked from several locations, and one {@code NO_AGENT} alert names it.
   *
   * @param domains the canary sites' domains
   * @return this
   */
  public Argos.Builder canaries(java.util.Collection<String> domains) {
    java.util.Set<String> d = new java.util.HashSet<>();
    domains.forEach(x -> d.add(org.argos.api.Site.normalizeDomain(x)));
    this.canaries = java.util.Set.copyOf(d);
    return self();
  }

  /**
   * New request groups first run within this window (capped by their frequency), spread evenly, so registering
   * many sites does not fire them all at once. Default: a whole frequency, where each group starts on its own slot
   * in the period (a hash of its key), the place it keeps and returns to after running late.
   * {@link Duration#ZERO} runs them at once.
   *
   * @param spread the window
   * @return this
   */
  public Argos.Builder firstRunSpread(Duration spread) {
    this.firstRunSpread = spread;
    return self();
  }

  /**
   * @param lookahead how far ahead groups are claimed so they start on time (default 2 s)
   * @param lease how long a claim outlives that before another node may take the group (default 2 min)
   * @param batch groups per claim (default 1000)
   * @return this
   */
  public Argos.Builder claims(Duration lookahead, Duration lease, int batch) {
    if (batch < 1) throw new ArgosException("claim batch must be >= 1, got " + batch);
    this.lookahead = lookahead;
    this.lease = lease;
    this.claimBatch = batch;
    return self();
  }

  /** @param interval re-notify tasks still failing this often (default: never) @return this */
  public Argos.Builder reminders(@Nullable Duration interval) {
    this.reminderInterval = interval;
    return self();
  }

  /**
   * @param window alerts decided within this window go out together, grouped per channel and severity
   *     (default 10 s; zero sends at once)
   * @param listed how many alerts a grouped notification lists before "and N more" (default 20)
   * @return this
   */
  public Argos.Builder grouping(Duration window, int listed) {
    if (listed < 1) throw new ArgosException("listed must be >= 1, got " + listed);
    this.groupWindow = window;
    this.groupListed = listed;
    return self();
  }

  /**
   * Once a channel is told a cause ("10.0.0.5:443 — 78 sites critical"), the later alerts of the same severity that
   * share it are held back this long and then go out in one follow-up per channel naming the causes, instead of one
   * message per gathering window while an outage spreads over a period.
   *
   * @param hold how long (default 5 min, or none when {@link #grouping} sets a zero window: alerts sent at once are
   *     not held either; zero sends every window's alerts as they are grouped)
   * @return this
   */
  public Argos.Builder causeHold(Duration hold) {
    if (hold == null || hold.isNegative()) throw new ArgosException("causeHold must be zero or positive, got " + hold);
    this.causeHold = hold;
    return self();
  }

  /**
   * @param initial delay before the first retry of a failed notification (doubles each time)
   * @param max cap of that delay
   * @param attempts attempts before giving up
   * @param sendTimeout bound on one send
   * @return this
   */
  public Argos.Builder notificationRetry(Duration initial, Duration max, int attempts, Duration sendTimeout) {
    this.retryInitial = initial;
    this.retryMax = max;
    this.retryAttempts = attempts;
    this.sendTimeout = sendTimeout;
    return self();
  }

  /** @param baseUrl public URL of the web UI, for links in notifications @return this */
  public Argos.Builder baseUrl(@Nullable String baseUrl) {
    this.baseUrl = baseUrl;
    return self();
  }

  /** @param timeout how long {@link Argos#close()} waits for running probes to be recorded (default 40 s) @return this */
  public Argos.Builder shutdownTimeout(Duration timeout) {
    this.shutdownTimeout = timeout;
    return self();
  }

  /**
   * How long the scheduler may go without going round its loop (it does several times a second), and the result
   * writer without recording anything while runs wait, before {@link Argos#health()} says the engine is not live.
   * A store that blocks (a database lock, a full disk) shows this way. Default 60 s.
   *
   * @param bound the bound, positive
   * @return this
   */
  public Argos.Builder stallAfter(Duration bound) {
    if (bound == null || bound.isNegative() || bound.isZero()) {
      throw new ArgosException("stallAfter must be positive, got " + bound);
    }
    this.stallAfter = bound;
    return self();
  }

  /**
   * Politeness per resolved address: at most this many of the engine's own probes (in-process) reach one IP address at
   * once, whatever the host names that resolve to it, so a thousand sites on one backend are not all probed at the
   * same moment. It adds to the executor's bound per host name ({@link InProcessExecutor.Builder#perHost}). The
   * address is the first the probe would connect to ({@link org.argos.api.spi.Probe#addresses}, asked once more
   * before each probe: a resolver answering from memory or the JVM's cache), or each address of an
   * {@code addresses: all} site. A run waiting for a permit is late, not timed out. Our agents apply their own.
   *
   * @param bound at least 1, or 0 for no bound (default {@value LocalGroupRunner#DEFAULT_PER_ADDRESS})
   * @return this
   */
  public Argos.Builder perAddress(int bound) {
    if (bound < 0) {
      throw new ArgosException("perAddress must be >= 0 (0: no bound), got " + bound);
    }
    this.perAddress = bound;
    return self();
  }

  /**
   * How many alerts given to {@link Argos#enqueueAlert} wait in memory while the store refuses writes; beyond it,
   * alerts are counted as lost ({@link StoreWrites#alertsLost}) and logged. Alerts decided by checks wait with
   * their runs instead, which the executor's capacity bounds (claiming stops when it is reached).
   *
   * @param bound at least 1 (default 10,000)
   * @return this
   */
  public Argos.Builder heldAlerts(int bound) {
    if (bound < 1) {
      throw new ArgosException("heldAlerts must be >= 1, got " + bound);
    }
    this.heldAlerts = bound;
    return self();
  }

  /** @return the cause hold in effect: the one set, else 5 minutes with a gathering window and none without */
  Duration causeHoldInEffect() {
    if (causeHold != null) {
      return causeHold;
    }
    return groupWindow.isZero() ? Duration.ZERO : Duration.ofMinutes(5);
  }
}
