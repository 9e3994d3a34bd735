package org.argos.daemon;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.argos.api.AlertKind;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.AgentDirectory;
import org.argos.api.store.PruneReport;
import org.argos.api.store.PushHeartbeats;
import org.argos.api.store.Retention;
import org.argos.api.store.RetentionPolicy;
import org.argos.api.store.Store;
import org.argos.checks.http.HttpProbe;
import org.argos.checks.SslCertificateExpirationProvider;
import org.argos.web.ui.WebUi;
import org.argos.engine.Argos;
import org.argos.engine.CheckRegistry;
import org.argos.engine.InProcessExecutor;
import org.argos.engine.plugin.PluginRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;
import org.argos.config.TlsProviders;
import org.argos.config.secrets.ExampleSecrets;
import org.argos.config.version.ConfigVersions;

/**
 * The running daemon: the engine built from the config, the HTTP API, reload, and the no-agent watch. Started by
 * {@code argos server start}; tests start it in the JVM on an ephemeral port.
 *
 * <p>About 600 lines, over the project's 400: it is the one place where the daemon's parts are wired from a config
 * (store, engine, agents executor, web via {@link DaemonWeb}) and where a reload swaps the running config under one
 * lock; the sites part of a reload is in {@link SiteReload}, the web's collaborators in {@link DaemonWeb}. The next cut
 * is the config state (config, version, read-only) with reload into a class of its own.
 */
final class Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  /** The built-in example config's data directory (its embedded database, its secrets), in the working directory. */
  static final String EXAMPLE_DATA = "argos-data";

  /**
   * How to start.
   *
   * @param config the config file, or null to look it up as Argos does (then the packaged example)
   * @param plugins the plugin directory, or null for {@code plugins/} beside the config file
   * @param probe the probe, or null for the one found by ServiceLoader (agents-only servers need none)
   * @param checks check providers installed explicitly (they win over discovered ones of the same name)
   */
  record Options(@Nullable Path config, String host, int port, Map<String, String> env, Path workingDir,
      @Nullable Path plugins, @Nullable Probe probe, List<CheckProvider> checks, Stores.Factory stores, Clock clock,
      ConfigVersions.OnMismatch onMismatch) {

    Options(@Nullable Path config, String host, int port, Map<String, String> env, Path workingDir,
        @Nullable Path plugins, @Nullable Probe probe, List<CheckProvider> checks, Stores.Factory stores, Clock clock) {
      this(config, host, port, env, workingDir, plugins, probe, checks, stores, clock, ConfigVersions.OnMismatch.REFUSE);
    }

    Options(@Nullable Path config, String host, int port, Map<String, String> env, Path workingDir,
        @Nullable Path plugins, @Nullable Probe probe, List<CheckProvider> checks, Stores.Factory stores) {
      this(config, host, port, env, workingDir, plugins, probe, checks, stores, Clock.systemUTC());
    }

    /** @param what this node does when its config differs from the one the cluster runs */
    Options onMismatch(ConfigVersions.OnMismatch what) {
      return new Options(config, host, port, env, workingDir, plugins, probe, checks, stores, clock, what);
    }

    static Options defaults(@Nullable Path config) {
      return new Options(config, "127.0.0.1", 8000, System.getenv(), Path.of("").toAbsolutePath(), null, null, List.of(),
          Stores.DEFAULT);
    }

    Options withPort(String host, int port) {
      return new Options(config, host, port, env, workingDir, plugins, probe, checks, stores, clock, onMismatch);
    }
  }

  /** What loading a config found: the config and where its plugins come from. */
  record Loaded(DaemonConfig config, ClassLoader classLoader, CheckRegistry checks, Path plugins,
      @Nullable HttpProbe tlsProbe) {}

  /**
   * What a reload did.
   *
   * @param refused why nothing was applied although the file is valid: {@code "deletions"} (more than
   *     {@code reload_max_deletions} sites would be deleted; {@code removed} says how many) or {@code "config-version"}
   *     (the file is not the config the cluster runs); null otherwise
   */
  record Reload(boolean ok, int added, int changed, int removed, int unchanged, List<String> errors,
      @Nullable String refused) {
    Reload(boolean ok, int added, int changed, int removed, int unchanged, List<String> errors) {
      this(ok, added, changed, removed, unchanged, errors, null);
    }

    static Reload failed(List<String> errors) {
      return new Reload(false, 0, 0, 0, 0, errors);
    }

    static Reload refused(String why, int removed, String message) {
      return new Reload(false, 0, 0, removed, 0, List.of(message), why);
    }
  }

  private final Options options;
  private final @Nullable Path configFile;
  private final Store store;
  private final Argos argos;
  private final DaemonMetrics metrics;
  private final @Nullable RemoteAgentExecutor remote;
  private final org.argos.web.ArgosWeb httpApi;
  private volatile @Nullable Javalin http;
  private final WebUi web;
  private final org.argos.web.http.DatabaseOutage outage;
  private final Set<String> apiSites = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService housekeeping;
  private final Instant startedAt = Instant.now();
  private volatile DaemonConfig config;
  /** The version of the config this node runs (its file's), and whether it registers nothing (see ConfigVersions). */
  private volatile org.argos.api.store.ConfigVersion nodeVersion;
  private volatile boolean readOnly;
  volatile boolean noAgentAlerted;

  /**
   * Reads the config Argos' way: {@code --config}, {@code ARGOS_YAML_FILE}, {@code ./argos-config.yaml},
   * {@code /etc/argos/config.yaml}, else the packaged example.
   *
   * @throws ConfigException with every error
   */
  static Loaded load(@Nullable Path option, Map<String, String> env, Path workingDir, @Nullable Path plugins,
      List<CheckProvider> checks) {
    return load(option, env, workingDir, plugins, checks, false);
  }

  /**
   * @param keepExampleSecrets true (server start) to keep the built-in example's secrets in the data directory, made at
   *     the first start; false to read them only if they exist (commands that should not write)
   */
  static Loaded load(@Nullable Path option, Map<String, String> env, Path workingDir, @Nullable Path plugins,
      List<CheckProvider> checks, boolean keepExampleSecrets) {
    Path file = ConfigParser.locate(option, env, workingDir);
    Path base = file == null ? workingDir : file.toAbsolutePath().getParent();
    Path pluginDir = plugins != null ? plugins : base.resolve("plugins");
    // The one registry of this daemon, over its plugin directory: the config is validated with it, the engine runs it.
    PluginRegistry registryOfPlugins = PluginRegistry.builder().installChecks(checks).discover(true).directory(pluginDir)
        .build();
    ClassLoader cl = registryOfPlugins.classLoader();
    CheckRegistry registry = registryOfPlugins.checks();
    DaemonConfig config = file != null ? ConfigParser.load(file, env, registry, Notifiers.providers(registryOfPlugins))
        : ConfigParser.parse("built-in example config (examples/daemon/argos-config.yaml)", ConfigParser.exampleText(),
            workingDir, ExampleSecrets.environment(workingDir.resolve(EXAMPLE_DATA), env, keepExampleSecrets),
            registry);
    return new Loaded(config, cl, registry, pluginDir, tlsProbe(config.daemon().tlsProvider(), cl));
  }

  /** @throws ConfigException naming {@code argos_java.tls_provider} where the provider cannot be loaded */
  private static @Nullable HttpProbe tlsProbe(DaemonConfig.@Nullable TlsProvider setting, ClassLoader cl) {
    if (setting == null) {
      return null;
    }
    try {
      return TlsProviders.probe(setting.className(), cl); // built here: a failure is a config error, no store open
    } catch (ArgosException e) {
      throw new ConfigException(List.of(new ConfigError(setting.where(), "argos_java.tls_provider", e.getMessage())));
    }
  }

  private Server(Options options, Loaded loaded) {
    this.options = options;
    this.config = loaded.config();
    this.configFile = loaded.config().file();
    this.metrics = new DaemonMetrics();
    DaemonConfig c = loaded.config();
    this.store = options.stores().open(c.general().db());
    pushKey(store, c.daemon().pushKey());
    ProbeExecutor base;
    if (c.daemon().agentsOnly()) {
      remote = new RemoteAgentExecutor(c.daemon().agentGrace(), 10_000);
      base = remote;
    } else {
      remote = null;
      base = InProcessExecutor.builder().location(c.daemon().locations().self()).build();
    }
    Argos.Builder b = Argos.builder()
        .clock(options.clock()) // tests move it to show a stalled engine
        .store(store)
        .executor(base)
        .meterRegistry(metrics.registry) // the engine's meters on /metrics
        .plugins(loaded.checks().plugins())
        .routing(c.general().alerts())
        .firstRunSpread(c.daemon().firstRunSpread())
        .perAddress(c.daemon().perAddress())
        .canaries(c.daemon().locations().canaries())
        .reminders(c.daemon().reminders())
        .causeHold(c.daemon().causeHold())
        .baseUrl(c.daemon().baseUrl())
        .lease(c.daemon().cluster().lease())
        .heartbeat(c.daemon().cluster().heartbeat(), c.daemon().cluster().heartbeatMisses(),
            c.daemon().cluster().skewWarning());
    b.install(sslCheck(c)); // ssl.thresholds reach ssl-certificate-expiration: on-check
    b.notifiers(notifiers(c, loaded.checks().plugins()).toArray(Notifier[]::new));
    for (DaemonConfig.Channel ch : c.channels().values()) { // the daily digests (issue 19 §6)
      if (ch.digest() != null) {
        b.digest(ch.name(), ch.digest().at(), ch.digest().zone());
      }
    }
    if (options.probe() != null) {
      b.probe(options.probe());
    } else if (c.daemon().agentsOnly()) {
      b.probe(new AgentsOnlyProbe());
    } else if (loaded.tlsProbe() instanceof HttpProbe tls) {
      b.probe(tls);
      LOG.info("the probe makes its TLS connections with {}", tls.tlsProvider());
    } else {
      LOG.info("the probe makes its TLS connections with {}", HttpProbe.defaultTlsProvider());
    }
    try {
      // after the store made its directory
      String nodeId = NodeIdentity.of(c.daemon().cluster(), c.general().db(), store);
      if (nodeId != null) {
        b.nodeId(nodeId);
      }
      this.argos = b.build();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      nodeVersion = version(c);
      readOnly = ConfigVersions.atStart(store, nodeVersion, options.onMismatch()).readOnly();
    } catch (RuntimeException e) {
      argos.close();
      store.close();
      throw e;
    }
    if (!readOnly) {
      argos.registerAll(c.sites()); // in batches: a large fleet loads in seconds on PostgreSQL
      applySilences(null, c);
    }
    metrics.bind(argos, store::severityCounts);
    argos.addListener(metrics::stateChange);
    this.outage = new org.argos.web.http.DatabaseOutage(store::severityCounts, options.clock(),
        Duration.ofSeconds(1));
    DaemonWeb side = new DaemonWeb(this);
    RemoteAgentExecutor agents = remote;
    this.web = side.ui(loaded.config().file(), options.workingDir(), () -> agentsSeen(agents));
    this.httpApi = side.api(web);
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "argos-housekeeping");
      t.setDaemon(true);
      return t;
    });
  }

  private org.argos.api.store.ConfigVersion version(DaemonConfig c) {
    return new org.argos.api.store.ConfigVersion(ConfigVersions.hash(c.sites()), ConfigVersions.label(c), Instant.now(),
        argos.nodeId());
  }

  /** @return the version of this node's config (its file as last loaded) */
  org.argos.api.store.ConfigVersion nodeVersion() {
    return nodeVersion;
  }

  /** @return true when this node checks the stored sites and registers none of its config's */
  boolean readOnly() {
    return readOnly;
  }

  /** Config silences replace those of the previous config; silences added through the API stay. */
  private void applySilences(@Nullable DaemonConfig previous, DaemonConfig next) {
    if (previous != null) {
      previous.daemon().silences().forEach(old -> argos.unsilence(old.id()));
    }
    next.daemon().silences().forEach(argos::silence);
  }

  /** The {@code ssl-certificate-expiration} provider with the config's {@code ssl.thresholds}. */
  static SslCertificateExpirationProvider sslCheck(DaemonConfig c) {
    if (c.sslThresholds().isEmpty()) {
      return new SslCertificateExpirationProvider();
    }
    Map<Duration, Severity> thresholds = new LinkedHashMap<>();
    c.sslThresholds().forEach(t -> thresholds.put(t.before(), t.severity()));
    return new SslCertificateExpirationProvider(thresholds);
  }

  /**
   * Argos' recurring cleanup: raw results older than {@code recurring_tasks.max_results_age} are deleted in bounded
   * batches (the state-change history is kept). The in-memory store bounds itself.
   */
  void pruneResults(Instant now) {
    Retention retention = store.capability(Retention.class).orElse(null);
    if (retention == null) {
      return;
    }
    try {
      PruneReport r = retention.prune(new RetentionPolicy(config.recurringTasks().maxResultsAge(), 0, null,
          RetentionPolicy.DEFAULT_BATCH_SIZE), now);
      LOG.debug("retention: {}", r);
    } catch (RuntimeException e) {
      LOG.warn("deleting old results failed (will retry): {}", e.toString());
    }
  }

  /**
   * Builds the notifiers for every channel the routings name or that has a daily digest (a channel nobody routes to
   * and without a digest is not opened).
   */
  private static List<Notifier> notifiers(DaemonConfig c, PluginRegistry plugins) {
    Set<String> used = new LinkedHashSet<>(c.general().alerts().allChannels());
    c.channels().values().stream().filter(ch -> ch.digest() != null).forEach(ch -> used.add(ch.name()));
    for (Site s : c.sites()) {
      if (s.routing() != null) {
        used.addAll(s.routing().allChannels());
      }
    }
    List<DaemonConfig.Channel> channels = new ArrayList<>();
    for (String name : used) {
      DaemonConfig.Channel ch = c.channels().get(name);
      if (ch == null) {
        throw new ArgosException("alert routing names channel '" + name + "', which the config does not define");
      }
      channels.add(ch);
    }
    return Notifiers.build(channels, plugins);
  }

  /**
   * Starts the engine and the HTTP server.
   *
   * @throws ConfigException when the config is invalid
   */
  static Server start(Options options) {
    Loaded loaded = load(options.config(), options.env(), options.workingDir(), options.plugins(), options.checks(),
        true);
    Server s = new Server(options, loaded);
    try {
      s.argos.start();
      s.http = s.httpApi.start(options.host(), options.port(), loaded.config().general().rootPath());
      s.housekeeping.scheduleWithFixedDelay(guarded("agent watch", () -> s.watchAgents(Instant.now())), 30, 30,
          TimeUnit.SECONDS);
      s.housekeeping.scheduleWithFixedDelay(guarded("result pruning", () -> s.pruneResults(Instant.now())), 60, 120,
          TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    LOG.info("Argos daemon listening on http://{}:{}{} with {} ({} sites, {} tasks, probing: {})", options.host(), s.port(),
        loaded.config().general().rootPath(), loaded.config().source(), loaded.config().sites().size(),
        loaded.config().taskCount(), loaded.config().daemon().agentsOnly() ? "agents only" : "in-process");
    return s;
  }

  int port() {
    Javalin h = http;
    return h == null ? -1 : h.port();
  }

  /**
   * A scheduled executor never runs again a task that threw, and says nothing: housekeeping would stop for good on
   * one Error (out of memory while pruning). The task logs it and runs at its next turn.
   */
  static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        try {
          LOG.error("{} failed; it runs again at its next turn", what, t);
        } catch (Throwable ignored) {
          // out of memory while logging: the next turn tries again
        }
      }
    };
  }

  /** Agents the database remembers (across restarts and nodes) merged with those seen by this node, latest time wins. */
  private Map<String, Instant> agentsSeen(@Nullable RemoteAgentExecutor r) {
    Map<String, Instant> seen = new HashMap<>();
    // while the database is out of reach, a page would wait for it: the agents in memory only
    AgentDirectory directory = store.capability(AgentDirectory.class).orElse(null);
    if (directory != null && outage.unreachableSince() == null) {
      try {
        directory.agents().forEach(a -> seen.put(a.agentId(), a.lastSeen()));
      } catch (RuntimeException e) {
        LOG.warn("reading the agents from the database failed: {}", e.toString());
      }
    }
    if (r != null) {
      r.agents().forEach((id, at) -> seen.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
    }
    return seen;
  }

  /** Whether the database answers, as pages and the API found it. */
  org.argos.web.http.DatabaseOutage outage() {
    return outage;
  }

  /**
   * A configured push key ({@code argos_java.push_key}) replaces the store's before anything derives a push token; a
   * store out of reach keeps its key (tokens then follow the store's until the next start), with a warning.
   */
  private static void pushKey(Store store, @Nullable String key) {
    if (key == null) {
      return;
    }
    try {
      store.capability(PushHeartbeats.class).ifPresent(p -> p.replacePushSecret(key));
    } catch (org.argos.api.StoreException e) {
      LOG.warn("argos_java.push_key could not be written to the store ({}): push URLs use the stored key until the "
          + "next start", org.argos.api.Redaction.text(e.getMessage()));
    }
  }

  Argos argos() {
    return argos;
  }

  DaemonConfig config() {
    return config;
  }

  /** @return the sites added through the API (a reload keeps them) */
  Set<String> apiSites() {
    return apiSites;
  }

  /** @return the store the engine runs on */
  Store store() {
    return store;
  }

  DaemonMetrics metrics() {
    return metrics;
  }

  @Nullable RemoteAgentExecutor remote() {
    return remote;
  }

  /**
   * Re-reads the config file and applies the sites: new ones registered, changed ones re-registered (unchanged tasks
   * keep their state and history), removed ones unregistered. Sites added through the API are kept. A bad file
   * changes nothing and its errors are logged and returned.
   */
  synchronized Reload reload() {
    return reload(false, false);
  }

  /**
   * As {@link #reload()}, refusing (nothing changed) a reload that would delete more than
   * {@code argos_java.reload_max_deletions} sites unless forced, and one whose config is not the cluster's unless
   * adopted (see {@link ConfigVersions#reloadRefusal}).
   *
   * @param force apply even if more sites than the limit would be deleted
   * @param adopt make the file's config the cluster's even if another is stored
   */
  synchronized Reload reload(boolean force, boolean adopt) {
    if (configFile == null) {
      return Reload.failed(List.of("the server runs on the built-in example config: there is no file to reload"));
    }
    DaemonConfig next;
    try {
      next = ConfigParser.load(configFile, options.env(), argos.checks(), Notifiers.providers(argos.checks().plugins()));
    } catch (ConfigException e) {
      LOG.error("reload of {} refused, the running configuration is kept:\n{}", configFile, e.getMessage());
      return Reload.failed(e.errors().stream().map(ConfigError::toString).toList());
    } catch (RuntimeException e) {
      LOG.error("reload of {} failed, the running configuration is kept", configFile, e);
      return Reload.failed(List.of(org.argos.api.Redaction.text(String.valueOf(e.getMessage()))));
    }
    org.argos.api.store.ConfigVersion nextVersion = version(next);
    String notTheCluster;
    try {
      notTheCluster = ConfigVersions.reloadRefusal(store, nodeVersion.hash(), readOnly, nextVersion, adopt);
    } catch (RuntimeException e) {
      LOG.error("reload of {} failed, the running configuration is kept", configFile, e);
      return Reload.failed(List.of(org.argos.api.Redaction.text(String.valueOf(e.getMessage()))));
    }
    if (notTheCluster != null) {
      LOG.error("reload of {} refused, nothing changed: {}", configFile, notTheCluster);
      return Reload.refused("config-version", 0, notTheCluster);
    }
    SiteReload sites = new SiteReload(argos, next.sites(), apiSites);
    int maxDeletions = next.daemon().cluster().reloadMaxDeletions();
    if (sites.deleting() > maxDeletions && !force) {
      String why = "the reload would delete " + sites.deleting() + " sites, with their results and history, more than "
          + "argos_java.reload_max_deletions (" + maxDeletions + "); nothing changed. If that is meant, reload with "
          + "force (argos server reload-config --force, or POST /api/reload-config?force=true)";
      LOG.error("reload of {} refused: {}", configFile, why);
      return Reload.refused("deletions", sites.deleting(), why);
    }
    if (sites.deleting() > 0) {
      LOG.warn("reload of {} deletes {} sites with their results and history{}", configFile, sites.deleting(),
          sites.deleting() > maxDeletions ? " (forced beyond reload_max_deletions " + maxDeletions + ")" : "");
    }
    List<String> errors = new ArrayList<>();
    SiteReload.Applied applied = sites.apply(errors);
    int added = applied.added();
    int changed = applied.changed();
    int removed = applied.removed();
    int unchanged = applied.unchanged();
    if (restartNeeded(config, next)) {
      LOG.warn("the reloaded config changes general settings (db, alerts, notifiers, probing, tls_provider) that apply at the next restart");
    }
    applySilences(readOnly ? null : config, next);
    try {
      ConfigVersions.recordReload(store, nextVersion);
    } catch (RuntimeException e) {
      errors.add("the sites were applied but the config version could not be stored: "
          + org.argos.api.Redaction.text(String.valueOf(e.getMessage())));
    }
    nodeVersion = nextVersion;
    readOnly = false;
    config = next;
    LOG.info("config reloaded from {}: {} added, {} changed, {} removed, {} unchanged", configFile, added, changed, removed,
        unchanged);
    return new Reload(errors.isEmpty(), added, changed, removed, unchanged, errors);
  }

  private static boolean restartNeeded(DaemonConfig a, DaemonConfig b) {
    return !a.general().db().equals(b.general().db()) || !a.general().alerts().equals(b.general().alerts())
        || !a.channels().equals(b.channels()) || a.daemon().agentsOnly() != b.daemon().agentsOnly()
        || !a.daemon().locations().self().equals(b.daemon().locations().self())
        || !a.daemon().locations().canaries().equals(b.daemon().locations().canaries())
        || !Objects.equals(className(a.daemon().tlsProvider()), className(b.daemon().tlsProvider()));
  }

  private static @Nullable String className(DaemonConfig.@Nullable TlsProvider p) {
    return p == null ? null : p.className();
  }

  /**
   * Argos' no_agent alert: with agents-only probing, alert once when no agent was seen for time_without_agent; and,
   * for sites checked from several locations (issue 19), once per listed location none of whose agents was seen for
   * that long (its runs meanwhile leave the verdicts).
   */
  void watchAgents(Instant now) {
    RemoteAgentExecutor r = remote;
    if (r == null) {
      return;
    }
    try {
      Instant last = r.agents().values().stream().max(Instant::compareTo).orElse(startedAt);
      boolean silent = Duration.between(last, now).compareTo(config.recurringTasks().timeWithoutAgent()) > 0;
      if (silent && !noAgentAlerted) {
        noAgentAlerted = true;
        String msg = "no agent has reported since " + last;
        LOG.warn(msg);
        argos.enqueueAlert(AlertKind.NO_AGENT, noAgent("", msg, now));
      } else if (!silent) {
        noAgentAlerted = false;
      }
      for (LocationWatch.Silent quiet : locationWatch.check(listedLocations(), r.locations(), startedAt, now,
          config.recurringTasks().timeWithoutAgent(), silent)) {
        LOG.warn(quiet.message());
        argos.enqueueAlert(AlertKind.NO_AGENT, noAgent(quiet.location(), quiet.message(), now));
      }
    } catch (RuntimeException e) {
      LOG.warn("agent watch failed", e);
    }
  }

  /** The locations that sites checked from several locations list (none when every site is checked as Argos does). */
  private java.util.Set<String> listedLocations() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (org.argos.api.Site s : config.sites()) {
      if (!s.quorum().isDefault()) {
        out.addAll(s.quorum().locations());
      }
    }
    return out;
  }

  private static StateChange noAgent(String location, String msg, Instant now) {
    return new StateChange(0, "", "", "", IpVersion.IPV4, new CheckSpec("no-agent", location.isEmpty() ? null
        : location), null, Severity.UNKNOWN, now, msg, 0);
  }

  private final LocationWatch locationWatch = new LocationWatch();

  private boolean closed;

  /** Blocks until the JVM is asked to stop. */
  void awaitShutdown() throws InterruptedException {
    Object forever = new Object();
    synchronized (forever) {
      while (true) {
        forever.wait();
      }
    }
  }

  /**
   * Stops in this order (issue 17): HTTP and housekeeping, then the engine (no new claims, runs in progress recorded,
   * claims released), and only then the store. Idempotent: SIGTERM's handler and the JVM's shutdown hook may both call
   * it; the second waits for the first.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    housekeeping.shutdownNow();
    try {
      Javalin h = http;
      if (h != null) {
        h.stop();
      }
    } catch (RuntimeException e) {
      LOG.warn("stopping the HTTP server failed", e);
    }
    outage.close();
    argos.close();
    store.close();
  }

  /** The probe of a server that leaves probing to agents: it is never called, and says so if it is. */
  private static final class AgentsOnlyProbe implements Probe {
    @Override
    public ProbeResponse execute(org.argos.api.spi.ProbeRequest request) {
      return ProbeResponse.failed(request, new ProbeResponse.TransportError("no-probe", "",
          "this server leaves probing to agents"), ProbeTimings.ofTotal(Duration.ZERO));
    }
  }
}
