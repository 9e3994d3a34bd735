package org.argos.engine;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AlertKind;
import org.argos.api.AlertRouting;
import org.argos.api.ArgosException;
import org.argos.api.DomainQuery;
import org.argos.api.DuplicateProviderException;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.spi.CheckProvider;
import org.argos.api.store.CompletionReport;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.NodeBeat;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Store;
import org.argos.engine.internal.Delivery;
import org.argos.engine.internal.EngineMeters;
import org.argos.engine.internal.HeldAlerts;
import org.argos.engine.internal.Liveness;
import org.argos.engine.internal.NodeHeartbeat;
import org.argos.engine.internal.ResultWriter;
import org.argos.engine.internal.Scheduler;
import org.argos.engine.internal.SitePlanner;
import org.argos.engine.internal.WriteHealth;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine. Build one, register sites, start it; it checks each site's request groups at their frequency, records
 * results and state in its store, tells listeners about severity changes and sends alerts through notifiers.
 *
 * <pre>{@code
 * try (Argos argos = Argos.builder().listener(change -> System.out.println(change)).build()) {
 *   argos.register(Site.builder("https://example.org").path("/", p -> p.check("status-is", 200)).build());
 *   argos.start();
 *   ...
 * }
 * }</pre>
 *
 * Thread-safe. Registration works before and after {@link #start()}.
 */
public final class Argos implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Argos.class);

  private final Store store;
  private final boolean ownsStore;
  private final Probe probe;
  private final boolean ownsProbe;
  private final ProbeExecutor executor;
  private final CheckRegistry checks;
  private final SitePlanner planner;
  private final AlertRules rules;
  private final Clock clock;
  private final String node;
  private final Map<String, Notifier> notifiers;
  private final List<StateChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final EngineMeters meters;
  private final LocalGroupRunner runner;
  private final Scheduler scheduler;
  private final ResultWriter writer;
  private final Delivery delivery;
  private final NodeHeartbeat heartbeat;
  private final Duration shutdownTimeout;
  private final Liveness liveness;
  private final Duration stallAfter;
  private final WriteHealth writes;
  private final HeldAlerts heldAlerts;
  private volatile boolean started;
  private volatile boolean closed;

  private Argos(Builder b) {
    this.clock = b.clock;
    this.node = b.nodeId != null ? b.nodeId : NodeIds.generate();
    this.ownsStore = b.store == null;
    this.store = b.store != null ? b.store : new InMemoryStore();
    this.heartbeat = new NodeHeartbeat(store, clock, node, b.heartbeatInterval, b.heartbeatMisses, b.skewWarning,
        this::claimNow, this::idInUse);
    // Claims, leases and result times in the store's time (a shared database's clock): see NodeHeartbeat.
    Clock storeClock = heartbeat.storeClock();
    this.checks = CheckRegistry.of(b.checkProviders, b.discover, b.classLoader);
    this.ownsProbe = b.probe == null;
    this.probe = b.probe != null ? b.probe : discoverProbe(b.classLoader);
    this.executor = b.executor != null ? b.executor : InProcessExecutor.create();
    this.planner = new SitePlanner(checks, b.firstRunSpread);
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
    this.listeners.addAll(b.listeners);
    this.runner = new LocalGroupRunner(probe, checks, storeClock);
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
        b.groupListed, b.retryInitial, b.retryMax, b.retryAttempts, b.sendTimeout, b.baseUrl), meters, liveness);
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

  private static Probe discoverProbe(ClassLoader cl) {
    List<ServiceLoader.Provider<Probe>> found = ServiceLoader.load(Probe.class, cl).stream().toList();
    if (found.isEmpty()) {
      throw new ArgosException("no Probe given and none found on the classpath: add argos-checks-builtin (its HttpProbe), "
          + "or call Argos.builder().probe(...)");
    }
    if (found.size() > 1) {
      List<String> names = found.stream().map(p -> p.type().getName() + " (" + CheckRegistry.source(p.type()) + ")").toList();
      throw new DuplicateProviderException("several probes found on the classpath: " + names + "; choose one with Argos.builder().probe(...)");
    }
    return found.get(0).get();
  }

  /** @return a builder with defaults: in-memory store, in-process executor, plugins discovered, system clock */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts scheduling and alert delivery. Idempotent. */
  public synchronized void start() {
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

  /**
   * Registers a site, or updates it when its domain is already registered: unchanged tasks keep their state and
   * history, removed ones are deleted, new ones are scheduled (spread over the first-run window).
   *
   * @param site the site
   * @return what changed
   * @throws ArgosException naming the site, path and check when a check is unknown or its parameter invalid
   */
  public RegistrationResult register(Site site) {
    checkRouting(site);
    SitePlan plan = planner.plan(site, heartbeat.storeClock().instant());
    RegistrationResult r = store.register(plan, heartbeat.storeClock().instant());
    scheduler.wakeUp();
    return r;
  }

  /**
   * Registers many sites, each as {@link #register(Site)} would (a domain already registered is updated, keeping the
   * state of unchanged tasks), but written in batches of many sites per transaction: on a database store this is
   * far faster than a loop over {@code register}. Every site is validated first, so one bad site registers nothing and
   * the exception names it. A domain listed twice is registered twice, the later one winning.
   *
   * @param sites the sites, in the order to register them
   * @return what changed, one result per site, in the collection's order
   * @throws ArgosException naming the site, path and check when a check is unknown or its parameter invalid; nothing
   *     is registered then
   * @throws org.argos.api.StoreException when the store fails; sites of batches already written stay registered
   */
  public List<RegistrationResult> registerAll(Collection<Site> sites) {
    List<Site> all = new ArrayList<>(sites.size());
    for (Site s : sites) {
      if (s == null) {
        throw new IllegalArgumentException("sites[" + all.size() + "] is null");
      }
      all.add(s);
    }
    // Validate everything before storing anything. The plans are made again slice by slice below rather than kept,
    // so a million-site list does not hold a million plans at once.
    Instant now = heartbeat.storeClock().instant();
    for (Site s : all) {
      checkRouting(s);
      planner.plan(s, now);
    }
    List<RegistrationResult> results = new ArrayList<>(all.size());
    for (int from = 0; from < all.size(); from += BULK_SLICE) {
      List<Site> slice = all.subList(from, Math.min(all.size(), from + BULK_SLICE));
      Instant at = heartbeat.storeClock().instant();
      List<SitePlan> plans = new ArrayList<>(slice.size());
      for (Site s : slice) {
        plans.add(planner.plan(s, at));
      }
      results.addAll(store.registerAll(plans, at));
      scheduler.wakeUp();
    }
    return results;
  }

  /** Sites planned and handed to the store at once by {@link #registerAll}. */
  private static final int BULK_SLICE = 1000;

  private void checkRouting(Site site) {
    if (site.routing() != null) {
      for (String ch : site.routing().allChannels()) {
        if (!notifiers.containsKey(ch)) {
          throw new org.argos.api.InvalidSiteException("site " + site.domain() + ": alert routing names channel '" + ch
              + "' but no notifier has that name (known: " + notifiers.keySet() + ")");
        }
      }
    }
  }

  /**
   * Removes a site with its tasks, state and history.
   *
   * @param domain the site's domain (normalized like {@link Site#domain()})
   * @return true if it was registered
   */
  public boolean unregister(String domain) {
    return store.unregister(Site.normalizeDomain(domain));
  }

  /**
   * @param offset sites to skip (domain order)
   * @param limit maximum number returned
   * @return a page of registered sites
   */
  public List<Site> sites(int offset, int limit) {
    return store.sites(offset, limit);
  }

  /** @return every registered site (use {@link #sites(int, int)} for large fleets) */
  public List<Site> sites() {
    List<Site> all = new ArrayList<>();
    for (int off = 0; ; off += 1000) {
      List<Site> page = store.sites(off, 1000);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
    }
  }

  /** @return counts by severity and the first 50 domains, worst first */
  public StatusPage status() {
    return store.domains(DomainQuery.firstPage(50));
  }

  /** @param query filters and page @return counts by severity and the requested page of domains, worst first */
  public StatusPage status(DomainQuery query) {
    return store.domains(query);
  }

  /** Runs every request group now (Argos {@code reschedule/all}). @return groups rescheduled */
  public int rescheduleAll() {
    int n = store.rescheduleAll(heartbeat.storeClock().instant());
    scheduler.wakeUp();
    return n;
  }

  /**
   * Adds a maintenance window: alerts about matching sites decided within it are recorded but not sent. Silences
   * are kept in the store when it {@link Store#keepsClusterState() keeps cluster state} (the in-memory, embedded and
   * PostgreSQL stores do), so every node sharing the store honours them, within
   * 5 seconds on nodes other than this one; otherwise in this engine.
   *
   * @param silence the window (replaces one with the same id)
   */
  public void silence(org.argos.api.Silence silence) {
    delivery.silence(silence);
  }

  /** @param id a silence's id @return true if it existed */
  public boolean unsilence(String id) {
    return delivery.unsilence(id);
  }

  /** @return the active and upcoming silences */
  public List<org.argos.api.Silence> silences() {
    return delivery.silences();
  }

  /** @param listener told about every severity change from now on */
  public void addListener(StateChangeListener listener) {
    listeners.add(listener);
  }

  /** @param listener no longer told */
  public void removeListener(StateChangeListener listener) {
    listeners.remove(listener);
  }

  /** @return the store, for status queries beyond {@link #status()} */
  public Store store() {
    return store;
  }

  /** @return the check types this engine knows */
  public CheckRegistry checks() {
    return checks;
  }

  /**
   * @return this node's clock minus the store's, measured at the last heartbeat; empty when the store keeps no time
   *     (in memory). Claims, leases and result times use the store's time whatever the skew.
   */
  public Optional<Duration> clockSkew() {
    return heartbeat.skew();
  }

  /** @return true when {@link #clockSkew()} is beyond {@link Builder#heartbeat}'s warning threshold */
  public boolean clockSkewed() {
    return heartbeat.skewed();
  }

  /** @return this node's id (claims and results carry it) */
  public String nodeId() {
    return node;
  }

  /**
   * The engine's own readings of its meters (see {@link Builder#meterRegistry}); cheap enough for a health endpoint.
   *
   * @return counters since start and the recent start lag
   */
  public EngineMetrics metrics() {
    return meters.snapshot(writes.snapshot());
  }

  /**
   * Whether the store takes this engine's writes, what waits in memory meanwhile and what was lost. Cheap: never
   * reads the store.
   *
   * @return the store's write health now
   */
  public StoreWrites storeWrites() {
    return writes.snapshot();
  }

  /**
   * Puts an alert that no check decided (a host's own, such as "no agent reported") in the outbox, to be sent like
   * the others. When the store refuses the write (a full disk, a database away), the alert waits in memory, in order,
   * up to {@link Builder#heldAlerts} alerts, and goes into the outbox once the store takes writes again; beyond that
   * bound it is counted in {@link StoreWrites#alertsLost} and logged.
   *
   * @param kind the alert's kind
   * @param change what it is about
   * @return true when the alert is in the outbox now, false when it waits in memory (or was lost beyond the bound)
   */
  public boolean enqueueAlert(AlertKind kind, StateChange change) {
    return heldAlerts.enqueue(kind, change);
  }

  /**
   * Whether the engine is doing its work: started, not dead, its scheduler went round within
   * {@link Builder#stallAfter} and its writer is not stuck (finished runs waiting while nothing was recorded for that
   * long). Cheap: reads a few fields, never the store, so a health endpoint can call it however stuck the store is.
   *
   * @return the engine's liveness now, by its clock
   */
  public EngineHealth health() {
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

  /**
   * Asks to be told when the engine marks itself dead: one of its loops (scheduler, result writer, alert delivery)
   * kept failing, for example out of memory, and cannot go on. A daemon should then exit loudly, so that its
   * supervisor restarts it, rather than run half-dead. Called once, on the failing loop's thread (at once if the engine
   * is dead already).
   *
   * @param action told why
   */
  public void onDeath(java.util.function.Consumer<String> action) {
    liveness.onDeath(action);
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

  /**
   * Stops gracefully: no new claims, unstarted groups given back to the store, running probes finish or are cancelled
   * at their timeout, their results recorded; then notifiers, probe and (if the engine created it) store are closed.
   */
  @Override
  public synchronized void close() {
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
    if (ownsProbe) {
      probe.close();
    }
    if (ownsStore) {
      store.close();
    }
    meters.unregister(); // a host's registry outlives the engine: a later engine's gauges must not read this one
    LOG.info("Argos node {} stopped", node);
  }

  /** Builds an {@link Argos}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Store store;
    private @Nullable Probe probe;
    private @Nullable ProbeExecutor executor;
    private final List<CheckProvider> checkProviders = new ArrayList<>();
    private final List<Notifier> notifiers = new ArrayList<>();
    private final List<StateChangeListener> listeners = new ArrayList<>();
    private boolean discover = true;
    private ClassLoader classLoader = Argos.class.getClassLoader();
    private Clock clock = Clock.systemUTC();
    private @Nullable String nodeId;
    private AlertRouting routing = AlertRouting.NONE;
    private Duration firstRunSpread = Duration.ofDays(1);
    private Duration lookahead = Duration.ofSeconds(2);
    private Duration lease = Duration.ofMinutes(2);
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private int heartbeatMisses = 3;
    private Duration skewWarning = Duration.ofSeconds(2);
    private int claimBatch = 1000;
    private @Nullable Duration reminderInterval;
    private Duration groupWindow = Duration.ofSeconds(10);
    private int groupListed = 20;
    private Duration retryInitial = Duration.ofSeconds(5);
    private Duration retryMax = Duration.ofMinutes(10);
    private int retryAttempts = 10;
    private Duration sendTimeout = Duration.ofSeconds(30);
    private Duration shutdownTimeout = Duration.ofSeconds(40);
    private Duration stallAfter = Duration.ofSeconds(60);
    private @Nullable String baseUrl;
    private int heldAlerts = 10_000;
    private @Nullable MeterRegistry meterRegistry;

    private Builder() {}

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
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** @param store where everything is kept (default: a new {@link InMemoryStore}, closed with the engine) @return this */
    public Builder store(Store store) {
      this.store = store;
      return this;
    }

    /** @param probe does the I/O (default: the one Probe found by ServiceLoader, e.g. argos-checks-builtin's) @return this */
    public Builder probe(Probe probe) {
      this.probe = probe;
      return this;
    }

    /** @param executor where probes run (default: {@link InProcessExecutor#create()}) @return this */
    public Builder executor(ProbeExecutor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Installs check providers explicitly. They take precedence over discovered providers of the same name.
     *
     * @param providers the providers
     * @return this
     */
    public Builder install(CheckProvider... providers) {
      checkProviders.addAll(List.of(providers));
      return this;
    }

    /** @param discover whether to add check providers found by ServiceLoader (default true) @return this */
    public Builder discoverPlugins(boolean discover) {
      this.discover = discover;
      return this;
    }

    /** @param classLoader where plugins and the default probe are looked up @return this */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /** @param notifiers notifiers, one per channel name @return this */
    public Builder notifiers(Notifier... notifiers) {
      this.notifiers.addAll(List.of(notifiers));
      return this;
    }

    /** @param routing which channels get which severities (sites may override) @return this */
    public Builder routing(AlertRouting routing) {
      this.routing = routing;
      return this;
    }

    /** @param listener told about severity changes @return this */
    public Builder listener(StateChangeListener listener) {
      listeners.add(listener);
      return this;
    }

    /** @param clock the time source (tests inject a controllable one) @return this */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** @param nodeId this node's id (default: host name plus a random suffix) @return this */
    public Builder nodeId(String nodeId) {
      this.nodeId = NodeIds.check(nodeId, "node id");
      return this;
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
    public Builder heartbeat(Duration interval, int misses, Duration skewWarning) {
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
      return this;
    }

    /**
     * @param lease how long a claim outlives its due time before another node may take the group when its node is
     *     gone without heartbeats (default 2 min)
     * @return this
     */
    public Builder lease(Duration lease) {
      if (lease.isNegative() || lease.isZero()) {
        throw new ArgosException("claim lease must be positive, got " + lease);
      }
      this.lease = lease;
      return this;
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
    public Builder firstRunSpread(Duration spread) {
      this.firstRunSpread = spread;
      return this;
    }

    /**
     * @param lookahead how far ahead groups are claimed so they start on time (default 2 s)
     * @param lease how long a claim outlives that before another node may take the group (default 2 min)
     * @param batch groups per claim (default 1000)
     * @return this
     */
    public Builder claims(Duration lookahead, Duration lease, int batch) {
      if (batch < 1) throw new ArgosException("claim batch must be >= 1, got " + batch);
      this.lookahead = lookahead;
      this.lease = lease;
      this.claimBatch = batch;
      return this;
    }

    /** @param interval re-notify tasks still failing this often (default: never) @return this */
    public Builder reminders(@Nullable Duration interval) {
      this.reminderInterval = interval;
      return this;
    }

    /**
     * @param window alerts decided within this window go out together, grouped per channel and severity
     *     (default 10 s; zero sends at once)
     * @param listed how many alerts a grouped notification lists before "and N more" (default 20)
     * @return this
     */
    public Builder grouping(Duration window, int listed) {
      if (listed < 1) throw new ArgosException("listed must be >= 1, got " + listed);
      this.groupWindow = window;
      this.groupListed = listed;
      return this;
    }

    /**
     * @param initial delay before the first retry of a failed notification (doubles each time)
     * @param max cap of that delay
     * @param attempts attempts before giving up
     * @param sendTimeout bound on one send
     * @return this
     */
    public Builder notificationRetry(Duration initial, Duration max, int attempts, Duration sendTimeout) {
      this.retryInitial = initial;
      this.retryMax = max;
      this.retryAttempts = attempts;
      this.sendTimeout = sendTimeout;
      return this;
    }

    /** @param baseUrl public URL of the web UI, for links in notifications @return this */
    public Builder baseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** @param timeout how long {@link Argos#close()} waits for running probes to be recorded (default 40 s) @return this */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * How long the scheduler may go without going round its loop (it does several times a second), and the result
     * writer without recording anything while runs wait, before {@link Argos#health()} says the engine is not live.
     * A store that blocks (a database lock, a full disk) shows this way. Default 60 s.
     *
     * @param bound the bound, positive
     * @return this
     */
    public Builder stallAfter(Duration bound) {
      if (bound == null || bound.isNegative() || bound.isZero()) {
        throw new ArgosException("stallAfter must be positive, got " + bound);
      }
      this.stallAfter = bound;
      return this;
    }

    /**
     * How many alerts given to {@link Argos#enqueueAlert} wait in memory while the store refuses writes; beyond it,
     * alerts are counted as lost ({@link StoreWrites#alertsLost}) and logged. Alerts decided by checks wait with
     * their runs instead, which the executor's capacity bounds (claiming stops when it is reached).
     *
     * @param bound at least 1 (default 10,000)
     * @return this
     */
    public Builder heldAlerts(int bound) {
      if (bound < 1) {
        throw new ArgosException("heldAlerts must be >= 1, got " + bound);
      }
      this.heldAlerts = bound;
      return this;
    }

    /**
     * @return the engine, not started
     * @throws ArgosException when plugins conflict, no probe is available, or routing names an unknown channel
     */
    public Argos build() {
      return new Argos(this);
    }
  }
}
