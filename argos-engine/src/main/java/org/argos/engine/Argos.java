package org.argos.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.argos.api.AlertKind;
import org.argos.api.ArgosException;
import org.argos.api.DomainQuery;
import org.argos.api.DuplicateProviderException;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeProvider;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.Store;
import org.argos.api.store.Acknowledgements;
import org.argos.engine.plugin.PluginRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The engine. Build one, register sites, start it; it checks each site's request groups at their frequency, records
 * results and state in its store, tells listeners about severity changes and sends alerts through notifiers.
 *
 * <pre>{@code
 * try (Argos argos = Argos.builder().probe(new HttpProbe()).install(BuiltinChecks.all())
 *     .listener(change -> System.out.println(change)).build()) {
 *   argos.register(Site.builder("https://example.org").path("/", p -> p.check("status-is", 200)).build());
 *   argos.start();
 *   ...
 * }
 * }</pre>
 *
 * Plugins are installed explicitly; ServiceLoader discovery is opt-in ({@link Builder#discoverPlugins}), or comes
 * with a {@link PluginRegistry} shared with whatever validates the configuration ({@link Builder#plugins}).
 * Thread-safe. Registration works before and after {@link #start()}. The parts live in {@code Engine} (wiring,
 * start, stop, health), {@code Registration} and {@code EngineSettings} (the builder's settings).
 */
public final class Argos implements AutoCloseable {
  private final Engine engine;
  private final Registration registration;

  private Argos(Builder b) {
    this.engine = new Engine(b, b.plugins());
    this.registration = new Registration(engine);
  }

  /**
   * @return a builder with defaults: in-memory store, in-process executor, nothing installed, plugin discovery off,
   *     system clock
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts scheduling and alert delivery. Idempotent. */
  public void start() {
    engine.start();
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
    return registration.register(site);
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
    return registration.registerAll(sites);
  }

  /**
   * Removes a site with its tasks, state and history.
   *
   * @param domain the site's domain (normalized like {@link Site#domain()})
   * @return true if it was registered
   */
  public boolean unregister(String domain) {
    return registration.unregister(domain);
  }

  /**
   * @param offset sites to skip (domain order)
   * @param limit maximum number returned
   * @return a page of registered sites
   */
  public List<Site> sites(int offset, int limit) {
    return engine.store.sites(offset, limit);
  }

  /** @return every registered site (use {@link #sites(int, int)} for large fleets) */
  public List<Site> sites() {
    List<Site> all = new ArrayList<>();
    for (int off = 0; ; off += 1000) {
      List<Site> page = engine.store.sites(off, 1000);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
    }
  }

  /** @return counts by severity and the first 50 domains, worst first */
  public StatusPage status() {
    return engine.store.domains(DomainQuery.firstPage(50));
  }

  /** @param query filters and page @return counts by severity and the requested page of domains, worst first */
  public StatusPage status(DomainQuery query) {
    return engine.store.domains(query);
  }

  /** Runs every request group now (Argos {@code reschedule/all}). @return groups rescheduled */
  public int rescheduleAll() {
    return registration.rescheduleAll();
  }

  /**
   * Adds a maintenance window: alerts about matching sites decided within it are recorded but not sent. Silences
   * are kept in the store when it {@link Store#keepsClusterState() keeps cluster state} (the in-memory, embedded and
   * PostgreSQL stores do), so every node sharing the store honours them, within
   * 5 seconds on nodes other than this one; otherwise in this engine.
   *
   * @param silence the window (replaces one with the same id)
   */
  public void silence(Silence silence) {
    engine.delivery.silence(silence);
  }

  /** @param id a silence's id @return true if it existed */
  public boolean unsilence(String id) {
    return engine.delivery.unsilence(id);
  }

  /** @return the active and upcoming silences */
  public List<Silence> silences() {
    return engine.delivery.silences();
  }

  /** @param listener told about every severity change from now on */
  public void addListener(StateChangeListener listener) {
    engine.listeners.add(listener);
  }

  /** @param listener no longer told */
  public void removeListener(StateChangeListener listener) {
    engine.listeners.remove(listener);
  }

  /**
   * Acknowledges failing tasks: they get no reminders until they recover (the rules then clear the acknowledgement).
   * Tasks that are ok, unknown or already acknowledged are left as they are.
   *
   * @param taskIds the tasks, at most {@link Acknowledgements#MAX_TASKS}
   * @param by who acknowledges
   * @return the tasks acknowledged by this call
   * @throws ArgosException when the store cannot acknowledge
   * @throws IllegalArgumentException with too many tasks or a blank name
   */
  public Set<Long> acknowledge(Collection<Long> taskIds, String by) {
    return acknowledgements().acknowledge(taskIds, by, engine.now());
  }

  /**
   * @param taskIds the tasks, at most {@link Acknowledgements#MAX_TASKS}
   * @return the tasks whose acknowledgement was removed (reminders resume)
   */
  public Set<Long> unacknowledge(Collection<Long> taskIds) {
    return acknowledgements().unacknowledge(taskIds);
  }

  /**
   * Acknowledges the task of a signed link ({@link AckLinks}), once per link, until the link expires.
   *
   * @param token the link's token
   * @return the task acknowledged; empty when the token is bad, expired or used, or the task is not failing
   */
  public java.util.Optional<Long> acknowledgeByLink(String token) {
    java.time.Instant now = engine.now();
    var link = ackLinks().verify(token, now);
    return link.isPresent() && ackLinks().use(token, now) == AckLinks.Outcome.ACKNOWLEDGED
        ? java.util.Optional.of(link.get().taskId()) : java.util.Optional.empty();
  }

  /** @return the signer of acknowledgement links */
  public AckLinks ackLinks() {
    AckLinks links = engine.ackLinks;
    if (links == null) {
      throw new ArgosException("this store cannot acknowledge tasks");
    }
    return links;
  }

  /** @return push monitors' tokens and calls ({@code push://} sites) @throws ArgosException when the store has none */
  public PushTokens pushTokens() {
    PushTokens tokens = engine.pushTokens;
    if (tokens == null) {
      throw new ArgosException("this store keeps no push heartbeats");
    }
    return tokens;
  }

  private Acknowledgements acknowledgements() {
    return engine.store.capability(Acknowledgements.class)
        .orElseThrow(() -> new ArgosException("this store cannot acknowledge tasks"));
  }

  /** @return the store, for status queries beyond {@link #status()} */
  public Store store() {
    return engine.store;
  }

  /** @return the check types this engine knows */
  public CheckRegistry checks() {
    return engine.checks;
  }

  /**
   * @return this node's clock minus the store's, measured at the last heartbeat; empty when the store keeps no time
   *     (in memory). Claims, leases and result times use the store's time whatever the skew.
   */
  public Optional<Duration> clockSkew() {
    return engine.heartbeat.skew();
  }

  /** @return true when {@link #clockSkew()} is beyond {@link Builder#heartbeat}'s warning threshold */
  public boolean clockSkewed() {
    return engine.heartbeat.skewed();
  }

  /** @return this node's id (claims and results carry it) */
  public String nodeId() {
    return engine.node;
  }

  /**
   * The engine's own readings of its meters (see {@link Builder#meterRegistry}); cheap enough for a health endpoint.
   *
   * @return counters since start and the recent start lag
   */
  public EngineMetrics metrics() {
    return engine.meters.snapshot(engine.writes.snapshot());
  }

  /**
   * Whether the store takes this engine's writes, what waits in memory meanwhile and what was lost. Cheap: never
   * reads the store.
   *
   * @return the store's write health now
   */
  public StoreWrites storeWrites() {
    return engine.writes.snapshot();
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
    return engine.heldAlerts.enqueue(kind, change);
  }

  /**
   * @return the engine's time now (its clock, corrected by the store's when they differ), for what callers record as
   *     happening now, such as an incident's edit
   */
  public java.time.Instant now() {
    return engine.now();
  }

  /**
   * Whether the engine is doing its work: started, not dead, its scheduler went round within
   * {@link Builder#stallAfter} and its writer is not stuck (finished runs waiting while nothing was recorded for that
   * long). Cheap: reads a few fields, never the store, so a health endpoint can call it however stuck the store is.
   *
   * @return the engine's liveness now, by its clock
   */
  public EngineHealth health() {
    return engine.health();
  }

  /**
   * Asks to be told when the engine marks itself dead: one of its loops (scheduler, result writer, alert delivery)
   * kept failing, for example out of memory, and cannot go on. A daemon should then exit loudly, so that its
   * supervisor restarts it, rather than run half-dead. Called once, on the failing loop's thread (at once if the engine
   * is dead already).
   *
   * @param action told why
   */
  public void onDeath(Consumer<String> action) {
    engine.liveness.onDeath(action);
  }

  /**
   * Stops gracefully: no new claims, unstarted groups given back to the store, running probes finish or are cancelled
   * at their timeout, their results recorded; then notifiers, probe and (if the engine created it) store are closed.
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Builds an {@link Argos}. Not thread-safe. Plugins are set here; everything else (store, probe, executor,
   * notifiers, timings) by the setters it shares with {@code EngineSettings}.
   */
  public static final class Builder extends EngineSettings {
    private final List<CheckProvider> checkProviders = new ArrayList<>();
    private final List<ProbeProvider> probeProviders = new ArrayList<>();
    private @Nullable Boolean discover;
    private @Nullable ClassLoader classLoader;
    private @Nullable PluginRegistry plugins;

    private Builder() {}

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

    /**
     * Installs probe providers explicitly: the engine probes the schemes they serve with their probes (made when the
     * engine is built, closed with it). They take precedence over discovered providers of the same schemes; a probe
     * given to {@link #probe} takes precedence for {@code http} and {@code https}.
     *
     * @param providers the providers
     * @return this
     */
    public Builder install(ProbeProvider... providers) {
      probeProviders.addAll(List.of(providers));
      return this;
    }

    /**
     * @param providers check providers to install explicitly (see {@link #install(CheckProvider...)})
     * @return this
     */
    public Builder install(Collection<? extends CheckProvider> providers) {
      checkProviders.addAll(providers);
      return this;
    }

    /**
     * @param discover whether to add the check providers and probe providers that ServiceLoader finds
     *     (default false: plugins are installed explicitly)
     * @return this
     */
    public Builder discoverPlugins(boolean discover) {
      this.discover = discover;
      return this;
    }

    /** @param classLoader where plugins and the probe are discovered (default: this library's) @return this */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /**
     * Takes plugins from a registry shared with whatever else needs them (a config validator, say), so both see the
     * same check types from the same class loader. Providers given to {@link #install} are added to it (and replace
     * its providers of the same name); {@link #discoverPlugins} and {@link #classLoader} are the registry's.
     *
     * @param plugins the registry
     * @return this
     */
    public Builder plugins(PluginRegistry plugins) {
      this.plugins = plugins;
      return this;
    }

    PluginRegistry plugins() {
      if (plugins != null) {
        if (discover != null || classLoader != null) {
          throw new ArgosException("give either plugins(registry) or discoverPlugins/classLoader, not both: the "
              + "registry decides where its plugins come from");
        }
        PluginRegistry p = checkProviders.isEmpty() ? plugins : plugins.with(checkProviders.toArray(CheckProvider[]::new));
        return probeProviders.isEmpty() ? p : p.with(probeProviders.toArray(ProbeProvider[]::new));
      }
      PluginRegistry.Builder r = PluginRegistry.builder().installChecks(checkProviders)
          .install(probeProviders.toArray(ProbeProvider[]::new))
          .discover(discover != null && discover);
      if (classLoader != null) {
        r.classLoader(classLoader);
      }
      return r.build();
    }

    /**
     * @return the engine, not started
     * @throws ArgosException when no probe is given and none is discovered, or routing names an unknown channel
     * @throws DuplicateProviderException when installed providers conflict, or two discovered probe providers serve one
     *     scheme
     */
    public Argos build() {
      return new Argos(this);
    }
  }
}
