package org.argos.postgres;

import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.SITE_TAGS;
import static org.argos.postgres.internal.schema.Tables.TASKS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.DomainQuery;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.StoreException;
import org.argos.api.TaskStatus;
import org.argos.api.store.AgentDirectory;
import org.argos.api.store.AgentSeen;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.Heartbeat;
import org.argos.api.store.NodeBeat;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.api.store.LocalFile;
import org.argos.api.store.PruneReport;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.Retention;
import org.argos.api.store.RetentionPolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.argos.api.store.TransitionRule;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Argos {@link Store} on a SQL database: PostgreSQL for one or several engine nodes, or an embedded H2 file (the
 * single-node default, nothing to install). Thread-safe; connections come from a HikariCP pool.
 *
 * <pre>{@code
 * Store shared = JdbcStore.postgres("postgresql://argos:secret@db.internal:5432/argos").poolSize(20).build();
 * Store local = JdbcStore.embedded(Path.of("/var/lib/argos/argos")).build();
 * }</pre>
 *
 * <p>{@link Builder#build()} creates or upgrades the schema with Flyway (history table {@code argos_schema_history}),
 * unless {@link Builder#migrate(boolean) migrate(false)}. Every failure of the database (unreachable, pool exhausted,
 * constraint violated) is thrown as a {@link StoreException} whose message says what was being done and where, and
 * logged as a warning.
 *
 * <p>Beyond {@link Store}, it offers the optional capabilities {@link Retention} ({@link #prune} deletes old raw
 * results and history in bounded batches) and {@link AgentDirectory} ({@link #agentSeen}/{@link #agents} record remote
 * agents), and, for the embedded database only, {@link LocalFile}: ask with {@link #capability(Class)}.
 */
public final class JdbcStore implements Store, Retention, AgentDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  /** How often recording runs looks whether task states outgrew their statistics (a first period fills them). */
  private static final Duration STATISTICS_LOOK = Duration.ofSeconds(30);
  private static final String HISTORY_TABLE = "argos_schema_history";
  private static final long DEFAULT_MIN_FREE_SPACE = 64L << 20;

  private final DSLContext db;
  private final @Nullable HikariDataSource ownedPool;
  private final Database database;
  private final String where;
  private final Registrar registrar;
  private final Runs runs;
  private final Outbox outbox;
  private final Reads reads;
  private final Pruning retention;
  private final Statistics statistics;
  private final ClusterState cluster;
  private final FailureLog failureLog = new FailureLog(LOG);
  private final Nodes nodes;
  private final boolean dropOnClose;
  private final ConnectionRefusals refusals;
  /** For the embedded file database: the lock file that keeps a second engine node away. */
  private final @Nullable Path engineLockFile;
  /** For the embedded file database: its files, kept private. */
  private final @Nullable EmbeddedDatabase embedded;
  /** For the embedded file database: the free space kept under it. */
  private final @Nullable FreeSpace freeSpace;
  private @Nullable String engineNode;
  private java.nio.channels.@Nullable FileChannel engineLockChannel;
  private java.nio.channels.@Nullable FileLock engineLock;

  private JdbcStore(DataSource dataSource, @Nullable HikariDataSource ownedPool, Database database, String where,
      boolean dropOnClose, @Nullable ExecuteListener listener, @Nullable Path engineLockFile,
      @Nullable EmbeddedDatabase embedded, @Nullable FreeSpace freeSpace, ConnectionRefusals refusals) {
    this.refusals = refusals;
    this.engineLockFile = engineLockFile;
    this.freeSpace = freeSpace;
    this.embedded = embedded;
    this.ownedPool = ownedPool;
    this.dropOnClose = dropOnClose;
    this.database = database;
    this.where = where;
    // Names are rendered quoted and lower case, as generated; H2 runs with DATABASE_TO_LOWER so both databases
    // store them lower case. No schema prefix: the connection's schema (search_path) is used.
    Settings settings = new Settings()
        .withRenderSchema(false)
        .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
        .withExecuteLogging(false);
    DefaultConfiguration config = new DefaultConfiguration();
    config.set(dataSource).set(database.dialect).set(settings);
    if (listener != null) {
      config.set(listener);
    }
    this.db = DSL.using(config);
    Codec codec = new Codec();
    this.registrar = new Registrar(db, codec);
    this.runs = new Runs(db, codec, database);
    this.outbox = new Outbox(db, codec, database);
    this.reads = new Reads(db, codec);
    this.retention = new Pruning(db, database);
    this.statistics = new Statistics(db, database);
    this.cluster = new ClusterState(db);
    this.nodes = new Nodes(db, database);
  }

  // ---------------------------------------------------------------------------------------------- factories

  /**
   * A store on PostgreSQL, which several engine nodes may share.
   *
   * @param url an Argos URL {@code postgresql://user:password@host:port/database} ({@code postgres://} too; user,
   *     password and port optional; query parameters are passed to the JDBC driver), or a JDBC URL
   *     {@code jdbc:postgresql://host:port/database}
   * @return a builder
   * @throws IllegalArgumentException naming the URL when it is not one of those
   */
  public static Builder postgres(String url) {
    Objects.requireNonNull(url, "url");
    Builder b = new Builder(Database.POSTGRESQL);
    String u = url.trim();
    if (u.startsWith("jdbc:postgresql:")) {
      b.jdbcUrl = u;
      return b;
    }
    if (!u.startsWith("postgresql://") && !u.startsWith("postgres://")) {
      throw new IllegalArgumentException(
          "database URL '" + redact(url) + "' must start with postgresql://, postgres:// or jdbc:postgresql:");
    }
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("database URL '" + redact(url) + "' is not a valid URL: " + e.getReason(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("database URL '" + redact(url) + "' has no host");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : uri.getRawPath();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("database URL '" + redact(url) + "' names no database (…/argos)");
    }
    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
    b.jdbcUrl = "jdbc:postgresql://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      b.user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      b.password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    return b;
  }

  /**
   * The embedded default: an H2 database in a file, for a single engine node.
   *
   * <p>The database is private to the user running it: its directory is made {@code rwx------} (when it holds
   * nothing else) and its files {@code rw-------}; it has a random password, created at the first start in
   * {@code <file>.password} (mode 0600) and given to a database created without one by an older version. Other
   * processes of the same user (the CLI) open it while it runs through H2's automatic server, which listens on
   * loopback only: this sets the system property {@code h2.bindAddress} to {@code 127.0.0.1} unless it is already set.
   *
   * @param file the database file without its extension ({@code /var/lib/argos/argos} creates
   *     {@code /var/lib/argos/argos.mv.db}); a given {@code .mv.db} suffix is removed
   * @return a builder
   */
  public static Builder embedded(Path file) {
    String f = file.toAbsolutePath().normalize().toString();
    if (f.contains(";")) {
      throw new IllegalArgumentException("embedded database path must not contain ';', got '" + file + "'");
    }
    if (f.endsWith(".mv.db")) {
      f = f.substring(0, f.length() - ".mv.db".length());
    }
    Builder b = new Builder(Database.H2);
    // AUTO_SERVER lets the CLI (migrate, and any command reading the database) open it while the server runs; a
    // second engine node is kept away by the engine lock (see nodeStarting). Its server must listen on loopback only.
    boolean autoServer = EmbeddedDatabase.autoServerOnLoopback();
    if (!autoServer) {
      LOG.warn("Argos store: the embedded database {} is opened by this process alone (no AUTO_SERVER): H2 would "
          + "listen beyond loopback (system property h2.bindAddress={}); other commands cannot open it meanwhile", f,
          System.getProperty("h2.bindAddress"));
    }
    // H2 closes the database in a JVM shutdown hook of its own (it refuses DB_CLOSE_ON_EXIT=FALSE with AUTO_SERVER),
    // concurrently with the host's hooks: a host stops its engine before the JVM exits (the daemon on SIGTERM does).
    b.jdbcUrl = "jdbc:h2:file:" + f + (autoServer ? ";AUTO_SERVER=TRUE" : "") + H2_OPTIONS;
    b.engineLockFile = Path.of(f + ".engine.lock");
    b.embedded = new EmbeddedDatabase(Path.of(f));
    return b;
  }

  /**
   * An H2 database in memory, kept until the store is closed: for tests and demos.
   *
   * @param name a name distinct from other in-memory stores of the JVM
   * @return a builder
   */
  public static Builder inMemory(String name) {
    if (name == null || name.isBlank() || name.contains(";")) {
      throw new IllegalArgumentException("in-memory database name must be non-empty without ';', got '" + name + "'");
    }
    Builder b = new Builder(Database.H2);
    b.jdbcUrl = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS;
    b.dropOnClose = true;
    return b;
  }

  /**
   * A store on a URL as written in an Argos configuration: {@code postgresql://…}, {@code postgres://…},
   * {@code jdbc:postgresql:…}, or {@code jdbc:h2:…} (for H2, the options Argos needs are appended).
   *
   * @param url the URL
   * @return a builder
   */
  public static Builder fromUrl(String url) {
    Objects.requireNonNull(url, "url");
    String u = url.trim();
    if (u.startsWith("jdbc:h2:")) {
      boolean autoServer = u.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
      if (autoServer && !EmbeddedDatabase.autoServerOnLoopback()) {
        throw new IllegalArgumentException("database URL '" + redact(u) + "' asks for H2's AUTO_SERVER, which would "
            + "listen beyond loopback (system property h2.bindAddress=" + System.getProperty("h2.bindAddress") + ")");
      }
      Builder b = new Builder(Database.H2);
      b.jdbcUrl = u + H2_OPTIONS;
      return b;
    }
    return postgres(u);
  }

  /**
   * A store on a data source that the caller owns (and closes): no pool is created; pool settings of the builder are
   * ignored. The database (PostgreSQL or H2) is detected when built. An H2 database must have been opened with
   * {@code DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH}.
   *
   * @param dataSource the data source
   * @return a builder
   */
  public static Builder dataSource(DataSource dataSource) {
    Builder b = new Builder(null);
    b.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return b;
  }

  // Lower-case names as PostgreSQL folds them; NULLs last as PostgreSQL sorts them (the outbox index relies on it);
  // a lock wait long enough for a busy single node.
  private static final String H2_OPTIONS = ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";

  // ---------------------------------------------------------------------------------------------- Store

  /** @return true on PostgreSQL; false on the embedded database, which one process opens */
  @Override
  public boolean supportsSeveralNodes() {
    return database.severalNodes;
  }

  @Override
  public RegistrationResult register(SitePlan plan, Instant now) {
    return write("register site " + plan.site().domain(), () -> registrar.register(plan, now));
  }

  /**
   * Writes up to {@value Registrar#SITES_PER_TRANSACTION} sites per transaction with multi-row statements (a domain
   * listed twice starts a new transaction, so the later plan wins as with {@link #register}).
   */
  @Override
  public List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    if (plans.isEmpty()) {
      return List.of();
    }
    List<RegistrationResult> out = write("register " + plans.size() + " sites (first " + plans.get(0).site().domain()
        + ")", () -> registrar.registerAll(plans, now));
    statistics.refresh(SITES, SITE_TAGS, REQUEST_GROUPS, TASKS);
    return out;
  }

  @Override
  public boolean unregister(String domain) {
    return call("unregister site " + domain, () -> registrar.unregister(domain));
  }

  @Override
  public Optional<Site> site(String domain) {
    return call("read site " + domain, () -> reads.site(domain));
  }

  @Override
  public List<Site> sites(int offset, int limit) {
    checkPage(offset, limit);
    return call("list sites", () -> reads.sites(offset, limit));
  }

  @Override
  public long siteCount() {
    return call("count sites", reads::siteCount);
  }

  @Override
  public List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil) {
    if (limit < 1) {
      return List.of();
    }
    return write("claim due groups for node " + node, () -> runs.claimDue(node, now, dueBefore, limit, leaseUntil));
  }

  @Override
  public void release(String node, Collection<Long> groupIds) {
    if (groupIds.isEmpty()) {
      return;
    }
    call("release " + groupIds.size() + " groups of node " + node, () -> runs.release(node, groupIds));
  }

  @Override
  public int rescheduleAll(Instant at) {
    return call("reschedule every group", () -> runs.rescheduleAll(at));
  }

  @Override
  public Optional<Instant> nextDue() {
    return call("read the next due group", runs::nextDue);
  }

  @Override
  public int releaseAll(String node) {
    return call("release the groups claimed by node " + node, () -> runs.releaseAll(node));
  }

  @Override
  public int releaseAllExcept(String node, Collection<Long> keep) {
    return call("release the groups claimed by node " + node + " that it does not hold",
        () -> runs.releaseAllExcept(node, keep));
  }

  /** Upserts the node's row in {@code nodes} (V9) with the database's time, and returns that time. */
  @Override
  public Optional<Instant> heartbeat(String node, String host, long pid, Instant startedAt) {
    return Optional.of(call("record a heartbeat of node " + node, () -> nodes.heartbeat(node, host, pid, startedAt)));
  }

  /** Like the heartbeat above, with this engine's instance token (V10), reporting a row another instance wrote. */
  @Override
  public Optional<Heartbeat> heartbeat(String node, String instance, String host, long pid, Instant startedAt) {
    return Optional.of(call("record a heartbeat of node " + node,
        () -> nodes.heartbeat(node, instance, host, pid, startedAt)));
  }

  @Override
  public Optional<NodeBeat> lastHeartbeat(String node) {
    return call("read the last heartbeat of node " + node, () -> nodes.last(node));
  }

  @Override
  public List<String> takeOverSilentNodes(String self, Duration silentFor) {
    return call("take over the claims of silent nodes", () -> nodes.takeOverSilent(self, silentFor));
  }

  @Override
  public CompletionReport complete(List<CompletedRun> completed, TransitionRule rule) {
    if (completed.isEmpty()) {
      return new CompletionReport(0, List.of(), List.of());
    }
    CompletionReport report = write("record " + completed.size() + " runs", () -> runs.complete(completed, rule));
    statistics.refreshAtMostEvery(STATISTICS_LOOK, TASK_STATES);
    return report;
  }

  @Override
  public List<Long> reserveResultIds(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (count == 0) {
      return List.of();
    }
    return call("reserve " + count + " result ids", () -> runs.reserveResultIds(count));
  }

  @Override
  public Alert enqueue(AlertKind kind, StateChange change) {
    return write("enqueue a " + kind + " alert", () -> outbox.enqueue(kind, change));
  }

  @Override
  public List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil) {
    if (limit < 1) {
      return List.of();
    }
    return write("claim alerts for node " + node, () -> outbox.claim(node, now, limit, leaseUntil));
  }

  @Override
  public void delivered(long alertId, String channel) {
    call("record delivery of alert " + alertId + " to " + channel, () -> outbox.delivered(alertId, channel));
  }

  @Override
  public void done(long alertId, Instant at) {
    call("mark alert " + alertId + " done", () -> outbox.done(alertId, at));
  }

  @Override
  public void retryLater(long alertId, Instant nextAttemptAt, String error) {
    call("schedule a retry of alert " + alertId, () -> outbox.retryLater(alertId, nextAttemptAt, error));
  }

  @Override
  public long pendingAlerts() {
    return call("count pending alerts", outbox::pending);
  }

  @Override
  public void messageBegun(OutboxMessage message, Instant at) {
    call("record the start of message " + message.key(), () -> outbox.messageBegun(message, at));
  }

  @Override
  public void messageSent(OutboxMessage message, Instant at) {
    call("record the sending of message " + message.key(), () -> outbox.messageSent(message, at));
  }

  @Override
  public List<OutboxMessage> begunMessages(java.util.Collection<Long> alertIds) {
    return alertIds.isEmpty() ? List.of() : call("find begun messages", () -> outbox.begunMessages(alertIds));
  }

  @Override
  public void silenced(Alert alert, Instant at) {
    call("mark alert " + alert.id() + " silenced", () -> outbox.silenced(alert, at));
  }

  @Override
  public Map<Long, Severity> silencedTasks(java.util.Collection<Long> taskIds) {
    return taskIds.isEmpty()
        ? Map.of()
        : call("read what silences kept from receivers", () -> outbox.silencedTasks(taskIds));
  }

  @Override
  public Map<Long, Severity> withheldTasks(int limit) {
    return limit < 1
        ? Map.of()
        : call("read the tasks silences kept from receivers", () -> outbox.withheldTasks(limit));
  }

  @Override
  public Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    if (change != null && change.taskId() != taskId) {
      throw new IllegalArgumentException("the change is about task " + change.taskId() + ", not " + taskId);
    }
    return write("end the silence of task " + taskId, () -> outbox.endSilence(taskId, told, change));
  }

  @Override
  public SeverityCounts severityCounts() {
    return call("read severity counts", reads::severityCounts);
  }

  @Override
  public StatusPage domains(DomainQuery query) {
    return call("list domains", () -> reads.domains(query));
  }

  @Override
  public StatusPage problems(int offset, int limit) {
    return call("list problem domains", () -> reads.problems(offset, limit));
  }

  @Override
  public List<TaskStatus> tasks(String domain) {
    return call("list tasks of " + domain, () -> reads.tasks(domain));
  }

  @Override
  public Optional<TaskStatus> task(long taskId) {
    return call("read task " + taskId, () -> reads.task(taskId));
  }

  @Override
  public List<StoredResult> results(long taskId, int limit) {
    if (limit < 1) {
      return List.of();
    }
    return call("read results of task " + taskId, () -> reads.results(taskId, limit));
  }

  @Override
  public Optional<StoredResult> result(long resultId) {
    return call("read result " + resultId, () -> reads.result(resultId));
  }

  @Override
  public List<StateChange> history(long taskId, int limit) {
    if (limit < 1) {
      return List.of();
    }
    return call("read history of task " + taskId, () -> reads.history(taskId, limit));
  }

  // ---------------------------------------------------------------------------------------------- beyond Store

  /**
   * Deletes raw results older than the policy's age and beyond its count per task, history older than its history
   * age, and delivered alerts older than that age too. Works in bounded batches, each in its own transaction, so it
   * can run beside the engine without holding locks for long.
   *
   * @param policy what to keep
   * @param now the current time
   * @return how many rows were deleted
   */
  @Override
  public PruneReport prune(RetentionPolicy policy, Instant now) {
    if (embedded != null) {
      embedded.tightenFiles(); // the recurring cleanup also keeps files H2 created since (trace, temporary) private
    }
    return call("prune old results and history", () -> retention.prune(policy, now));
  }

  /**
   * Records that a remote agent reported.
   *
   * @param agentId the agent's id
   * @param at when
   */
  @Override
  public void agentSeen(String agentId, Instant at) {
    if (agentId == null || agentId.isBlank() || agentId.length() > 200
        || agentId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("agent id must be 1 to 200 characters without control characters");
    }
    call("record agent " + agentId, () -> reads.agentSeen(agentId, at));
  }

  /** @return the agents that ever reported, by id */
  @Override
  public List<AgentSeen> agents() {
    return call("list agents", reads::agents);
  }

  /** {@link Retention} and {@link AgentDirectory} always; {@link LocalFile} for the embedded file database only. */
  @Override
  public <C> Optional<C> capability(Class<C> type) {
    if (type == LocalFile.class) {
      return embedded == null ? Optional.empty() : Optional.of(type.cast((LocalFile) embedded::base));
    }
    return Store.super.capability(type);
  }

  // ---------------------------------------------------------------------------------------------- cluster state

  @Override
  public boolean keepsClusterState() {
    return true;
  }

  @Override
  public Optional<org.argos.api.store.ConfigVersion> configVersion() {
    return call("read the config version", cluster::configVersion);
  }

  @Override
  public boolean replaceConfigVersion(@Nullable String expectedHash, org.argos.api.store.ConfigVersion next) {
    return call("store config version " + next.hash(), () -> cluster.replaceConfigVersion(expectedHash, next));
  }

  @Override
  public List<org.argos.api.Silence> silences() {
    return call("read the silences", cluster::silences);
  }

  @Override
  public void putSilence(org.argos.api.Silence silence) {
    call("store silence " + silence.id(), () -> cluster.put(silence));
  }

  @Override
  public boolean deleteSilence(String id) {
    return call("delete silence " + id, () -> cluster.delete(id));
  }

  /** @return the database and where it is, without credentials (for logs and status pages) */
  public String description() {
    return where;
  }

  /**
   * PostgreSQL serves any number of engine nodes. The embedded database serves one: a second node, in this process or
   * another, is refused here with a message saying to use PostgreSQL.
   */
  @Override
  public synchronized void nodeStarting(String nodeId) {
    if (database != Database.H2) {
      return;
    }
    String refusal = "The embedded database (" + where + ") serves a single Argos engine node and is already used by "
        + "another one; to run several engine nodes, use PostgreSQL (general.db.url: postgresql://user@host/db)";
    if (engineNode != null && !engineNode.equals(nodeId)) {
      throw new StoreException(refusal);
    }
    if (engineLockFile != null && engineLock == null) {
      try {
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(engineLockFile,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        if (embedded != null) {
          embedded.tightenFiles();
        }
        java.nio.channels.FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          ch.close();
          throw new StoreException(refusal + " (lock file " + engineLockFile + ")");
        }
        engineLockChannel = ch;
        engineLock = lock;
      } catch (java.io.IOException e) {
        throw new StoreException("Could not take the engine lock " + engineLockFile + ": " + e.getMessage(), e);
      }
    }
    engineNode = nodeId;
  }

  @Override
  public synchronized void nodeStopped(String nodeId) {
    try {
      nodes.forget(nodeId);
    } catch (DataAccessException e) { // the others take it for dead after a few missed heartbeats
      LOG.warn("Argos store ({}): could not remove node {} from the nodes table: {}", where, nodeId, rootMessage(e));
    }
    if (!nodeId.equals(engineNode)) {
      return;
    }
    engineNode = null;
    releaseEngineLock();
  }

  private synchronized void releaseEngineLock() {
    try {
      if (engineLock != null) {
        engineLock.release();
      }
      if (engineLockChannel != null) {
        engineLockChannel.close();
      }
    } catch (java.io.IOException e) {
      LOG.debug("Argos store ({}): releasing the engine lock failed: {}", where, e.toString());
    }
    engineLock = null;
    engineLockChannel = null;
  }

  /** Closes the connection pool if this store created it. */
  @Override
  public void close() {
    releaseEngineLock();
    if (embedded != null) {
      embedded.tightenFiles(); // a trace file H2 wrote since
    }
    if (ownedPool == null || ownedPool.isClosed()) {
      return;
    }
    if (dropOnClose) {
      // H2-only statement, through jOOQ's plain SQL API: an in-memory database outlives its connections
      // (DB_CLOSE_DELAY=-1, so the pool may cycle them), and is freed here.
      try {
        db.execute("SHUTDOWN");
      } catch (DataAccessException e) {
        LOG.debug("Argos store ({}): shutdown of the in-memory database failed: {}", where, rootMessage(e));
      }
    }
    ownedPool.close();
  }

  @Override
  public String toString() {
    return "JdbcStore[" + where + "]";
  }

  // ---------------------------------------------------------------------------------------------- failures

  private void call(String what, Runnable op) {
    call(what, () -> {
      op.run();
      return null;
    });
  }

  /** A write the engine retries: refused before the embedded database's disk is full (see {@link FreeSpace}). */
  private <T> T write(String what, Supplier<T> op) {
    String refusal = freeSpace == null ? null : freeSpace.refusal();
    if (refusal != null) {
      failureLog.log(where, what, refusal);
      throw new StoreException("Could not " + what + " in " + where + ": " + refusal);
    }
    return call(what, op);
  }

  private <T> T call(String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (DataAccessException e) {
      throw failure(what, e);
    } catch (StoreException e) {
      refusals.seen(e);
      failureLog.log(where, what, String.valueOf(e.getMessage()));
      throw e;
    }
  }

  private StoreException failure(String what, Exception e) {
    refusals.seen(e);
    String cause = rootMessage(e);
    failureLog.log(where, what, cause);
    if (embedded != null && ownedPool != null && EmbeddedRecovery.closesTheDatabase(e)) {
      // the database closed itself (a full disk): drop its dead connections, so the next call opens it again
      ownedPool.getHikariPoolMXBean().softEvictConnections();
    }
    return new StoreException("Could not " + what + " in " + where + ": " + cause, e);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    SQLException sql = null;
    while (t.getCause() != null && t.getCause() != t) {
      if (t instanceof SQLException s) {
        sql = s;
      }
      t = t.getCause();
    }
    if (t instanceof SQLException s) {
      sql = s;
    }
    // A driver may quote the URL it was given, credentials included.
    if (sql != null) {
      return org.argos.api.Redaction.text(sql.getMessage()
          + (sql.getSQLState() == null ? "" : " (SQL state " + sql.getSQLState() + ")"));
    }
    return t.getMessage() == null ? t.getClass().getName() : org.argos.api.Redaction.text(t.getMessage());
  }

  private static void checkPage(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  static String redact(String url) {
    return org.argos.api.Redaction.url(url);
  }

  // ---------------------------------------------------------------------------------------------- builder

  /** Configures a {@link JdbcStore}. Not thread-safe; {@link #build()} may be called once. */
  public static final class Builder {
    private @Nullable Database database;
    private @Nullable String jdbcUrl;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable DataSource dataSource;
    private int poolSize = -1;
    private int minimumIdle = -1;
    private String poolSetting = "JdbcStore.Builder.poolSize";
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private Duration validationTimeout = Duration.ofSeconds(3);
    private Duration readTimeout = Duration.ofMinutes(2);
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration maxLifetime = Duration.ofMinutes(30);
    private String poolName = "argos-store";
    private boolean migrate = true;
    private boolean dropOnClose;
    private @Nullable Path engineLockFile;
    private @Nullable EmbeddedDatabase embedded;
    private @Nullable ExecuteListener listener;
    private long minFreeSpace = DEFAULT_MIN_FREE_SPACE;

    private Builder(@Nullable Database database) {
      this.database = database;
    }

    /** @param user the database user (overrides one given in the URL) @return this */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** @param password the password (overrides one given in the URL) @return this */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * @param size connections in the pool (default 10 on PostgreSQL, 4 embedded)
     * @return this
     */
    public Builder poolSize(int size) {
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("poolSize must be between 1 and 1000, got " + size);
      }
      this.poolSize = size;
      return this;
    }

    /**
     * How many connections the pool keeps open while idle; it opens more, up to {@link #poolSize(int)}, when calls
     * need them, and closes those after {@link #idleTimeout(Duration)}. Several nodes on one PostgreSQL then hold
     * only what they use, not each its whole pool.
     *
     * @param idle at least 0 (default: the pool size, a pool of fixed size); above the pool size means the pool size
     * @return this
     */
    public Builder minimumIdle(int idle) {
      if (idle < 0) {
        throw new IllegalArgumentException("minimumIdle must be at least 0, got " + idle);
      }
      this.minimumIdle = idle;
      return this;
    }

    /**
     * How the pool size is named where the user sets it, quoted in the error logged when PostgreSQL refuses
     * connections (too many connections), beside the server's {@code max_connections}.
     *
     * @param name for example {@code "general.db.pool_size + general.db.max_overflow"} (default
     *     {@code "JdbcStore.Builder.poolSize"})
     * @return this
     */
    public Builder poolSetting(String name) {
      this.poolSetting = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * @param timeout how long a call waits for a connection before failing with a {@link StoreException} (default
     *     10 s; at least 250 ms)
     * @return this
     */
    public Builder connectionTimeout(Duration timeout) {
      this.connectionTimeout = atLeast(timeout, Duration.ofMillis(250), "connectionTimeout");
      return this;
    }

    /**
     * How long a statement may wait for the database's answer before its connection is dropped and the call fails with
     * a {@link StoreException} (PostgreSQL only; schema migrations are not limited). Without it, a connection that the
     * network dropped silently (a database host gone, a firewall that forgot the connection) would hold the engine's
     * writer forever; with it, the writer keeps the results in memory and retries on a new connection. A query
     * parameter {@code socketTimeout} in the URL (seconds) takes precedence.
     *
     * @param timeout at least 1 s (default 2 min)
     * @return this
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = atLeast(timeout, Duration.ofSeconds(1), "readTimeout");
      return this;
    }

    /** @param timeout how long checking a connection may take (default 3 s; at least 250 ms) @return this */
    public Builder validationTimeout(Duration timeout) {
      this.validationTimeout = atLeast(timeout, Duration.ofMillis(250), "validationTimeout");
      return this;
    }

    /** @param timeout how long an unused connection is kept (default 10 min; at least 10 s) @return this */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = atLeast(timeout, Duration.ofSeconds(10), "idleTimeout");
      return this;
    }

    /** @param lifetime the longest a connection lives (default 30 min; at least 30 s) @return this */
    public Builder maxLifetime(Duration lifetime) {
      this.maxLifetime = atLeast(lifetime, Duration.ofSeconds(30), "maxLifetime");
      return this;
    }

    /** @param name the pool's name in logs and metrics (default {@code argos-store}) @return this */
    public Builder poolName(String name) {
      this.poolName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * @param migrate whether {@link #build()} creates or upgrades the schema (default true); false when schema changes
     *     are applied separately, for example by a deployment step
     * @return this
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * The embedded database only: claims, results, alerts and registrations are refused (a {@link StoreException}
     * the engine retries, holding them in memory) while its disk has less than this free. H2 takes writes into memory
     * and saves them a moment later; on a full disk it cannot, closes the database and loses what it had taken. See
     * docs/storage.md, "A full disk".
     *
     * @param bytes at least 0 (default 64 MiB; 0 turns the check off)
     * @return this
     */
    public Builder minFreeSpace(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("minFreeSpace must be >= 0, got " + bytes);
      }
      this.minFreeSpace = bytes;
      return this;
    }

    /** Tests see the statements as run (query plans are checked against them). */
    Builder listener(ExecuteListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @return the store
     * @throws StoreException when the database cannot be reached or migrated (the message names it)
     */
    public JdbcStore build() {
      try {
        return open();
      } finally {
        if (embedded != null) {
          embedded.release(); // the pool holds the database open from here on
        }
      }
    }

    private JdbcStore open() {
      HikariDataSource pool = null;
      DataSource ds = dataSource;
      String where;
      int size = 0;
      if (ds == null) {
        String url = Objects.requireNonNull(jdbcUrl);
        Database db = Objects.requireNonNull(database);
        if (embedded != null && password == null) {
          password = embedded.prepare(url);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
          config.setUsername(user);
        }
        if (password != null) {
          config.setPassword(password);
        }
        size = poolSize > 0 ? poolSize : db == Database.H2 ? 4 : 10;
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minimumIdle < 0 ? size : Math.min(minimumIdle, size));
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.min(validationTimeout.toMillis(), connectionTimeout.toMillis()));
        config.setIdleTimeout(idleTimeout.toMillis());
        config.setMaxLifetime(Math.max(maxLifetime.toMillis(), idleTimeout.toMillis() + 1000));
        config.setPoolName(poolName);
        if (db == Database.POSTGRESQL) {
          // the driver's own settings: a URL parameter of the same name wins over these
          config.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, readTimeout.toSeconds())));
          config.addDataSourceProperty("tcpKeepAlive", "true");
          // pg_stat_activity names the pool's connections, so an operator counts each node's (docs/storage.md)
          config.addDataSourceProperty("ApplicationName", poolName);
        }
        // Start even when the database is down: the first call fails with a StoreException naming it, and the pool
        // reconnects by itself once the database is back.
        config.setInitializationFailTimeout(-1);
        where = db.label + " at " + redact(url.replaceFirst("^jdbc:(postgresql|h2):(//)?", "")
            .replaceFirst(";.*$", "")) + (user != null ? " as " + user : "");
        pool = new HikariDataSource(config);
        ds = pool;
      } else {
        where = null;
      }
      try {
        Database db = database;
        if (db == null || where == null) {
          try (Connection c = ds.getConnection()) {
            db = Database.fromProductName(c.getMetaData().getDatabaseProductName());
            where = db.label + " at " + redact(String.valueOf(c.getMetaData().getURL()));
          } catch (SQLException e) {
            refusals("the Argos database", 0).seen(e);
            throw new StoreException("Could not connect to the Argos database: " + rootMessage(e), e);
          }
        }
        ConnectionRefusals refusals = refusals(where, size);
        if (migrate) {
          try {
            migrate(ds, db, where);
          } catch (StoreException e) {
            refusals.seen(e);
            throw e;
          }
        }
        if (embedded != null) {
          embedded.tightenFiles(); // the files H2 just created (database, lock, trace)
        }
        FreeSpace space = embedded != null && engineLockFile != null && engineLockFile.getParent() != null
            ? new FreeSpace(engineLockFile.getParent(), minFreeSpace) : null;
        return new JdbcStore(ds, pool, db, where, dropOnClose && pool != null, listener, engineLockFile, embedded,
            space, refusals);
      } catch (RuntimeException e) {
        if (pool != null) {
          pool.close();
        }
        throw e;
      }
    }

    private ConnectionRefusals refusals(String where, int size) {
      return new ConnectionRefusals(where, size,
          size > 0 ? poolSetting : "the DataSource given to JdbcStore.dataSource", java.time.Clock.systemUTC());
    }

    private static void migrate(DataSource ds, Database db, String where) {
      try {
        var result = Flyway.configure()
            .dataSource(new WithoutReadTimeout(ds))
            .locations(db.migrationLocations().toArray(String[]::new))
            .table(HISTORY_TABLE)
            .baselineOnMigrate(false)
            .load()
            .migrate();
        if (result.migrationsExecuted > 0) {
          LOG.info("Argos store ({}): applied {} schema migration(s), now at version {}", where,
              result.migrationsExecuted, result.targetSchemaVersion);
        }
      } catch (FlywayException e) {
        LOG.warn("Argos store ({}): could not migrate the schema: {}", where, rootMessage(e));
        throw new StoreException("Could not create or upgrade the Argos schema in " + where + ": " + rootMessage(e), e);
      }
    }

    private static Duration atLeast(Duration d, Duration min, String name) {
      if (d == null || d.compareTo(min) < 0) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got " + d);
      }
      return d;
    }
  }
}
