package org.argos.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.DomainQuery;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Silence;
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
import org.argos.api.store.ConfigVersion;
import org.argos.api.store.Heartbeat;
import org.argos.api.store.LocalFile;
import org.argos.api.store.NodeBeat;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.api.store.PruneReport;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.Retention;
import org.argos.api.store.Acknowledgements;
import org.argos.postgres.internal.runs.SqlAcks;
import org.argos.postgres.internal.cluster.SqlPushes;
import org.argos.postgres.internal.uptime.SqlUptime;
import org.argos.api.store.Uptime;
import org.argos.api.store.PushHeartbeats;
import org.argos.api.store.RetentionPolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.argos.api.store.TransitionRule;
import org.argos.postgres.internal.claims.SqlClaims;
import org.argos.postgres.internal.cluster.SqlAgents;
import org.argos.postgres.internal.cluster.SqlCluster;
import org.argos.postgres.internal.embedded.EmbeddedDatabase;
import org.argos.postgres.internal.embedded.EmbeddedRecovery;
import org.argos.postgres.internal.embedded.EngineLock;
import org.argos.postgres.internal.embedded.FreeSpace;
import org.argos.postgres.internal.outbox.SqlOutbox;
import org.argos.postgres.internal.retention.Pruning;
import org.argos.postgres.internal.runs.SqlRuns;
import org.argos.postgres.internal.sites.SqlSites;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.ConnectionRefusals;
import org.argos.postgres.internal.sql.Database;
import org.argos.postgres.internal.sql.FailureLog;
import org.argos.postgres.internal.sql.Statistics;
import org.argos.postgres.internal.status.SqlStatus;
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
 * <p>{@link JdbcStoreBuilder#build()} creates or upgrades the schema with Flyway (history table
 * {@code argos_schema_history}), unless {@link JdbcStoreBuilder#migrate(boolean) migrate(false)}. Every failure of the
 * database (unreachable, pool exhausted, constraint violated) is thrown as a {@link StoreException} whose message says
 * what was being done and where, and logged as a warning.
 *
 * <p>Beyond {@link Store}, it offers the optional capabilities {@link Retention} ({@link #prune} deletes old raw
 * results and history in bounded batches) and {@link AgentDirectory} ({@link #agentSeen}/{@link #agents} record remote
 * agents), {@link Uptime} (availability from the per-day rollup of state changes), and, for the embedded database
 * only, {@link LocalFile}: ask with {@link #capability(Class)}.
 *
 * <p>This class is the facade: each operation goes to the part that owns its concept, in
 * {@code org.argos.postgres.internal.<concept>} (sites, claims, runs, outbox, status, cluster, retention; the embedded
 * file's privacy, free space and engine lock in {@code embedded}), and each part turns the database's failures into
 * {@link StoreException}s through one {@code Calls}. Its length is the {@link Store} contract's: one forwarding method
 * per operation.
 */
public final class JdbcStore implements Store, Retention, AgentDirectory, Acknowledgements {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

  private final DSLContext db;
  private final @Nullable HikariDataSource ownedPool;
  private final Database database;
  private final boolean dropOnClose;
  /** For the embedded file database: its files, kept private. */
  private final @Nullable EmbeddedDatabase embedded;
  private final EngineLock engineLock;
  private final Calls calls;
  private final SqlSites sites;
  private final SqlClaims claims;
  private final SqlRuns runs;
  private final SqlOutbox outbox;
  private final SqlStatus status;
  private final SqlCluster cluster;
  private final SqlAgents agents;
  private final Pruning pruning;
  private final SqlAcks acks;
  private final SqlPushes pushes;
  private final SqlUptime uptime;
  private final org.argos.postgres.internal.cluster.SqlIncidents incidents;

  JdbcStore(DataSource dataSource, @Nullable HikariDataSource ownedPool, Database database, String where,
      boolean dropOnClose, @Nullable ExecuteListener listener, @Nullable Path engineLockFile,
      @Nullable EmbeddedDatabase embedded, @Nullable FreeSpace freeSpace, ConnectionRefusals refusals) {
    this.embedded = embedded;
    this.ownedPool = ownedPool;
    this.dropOnClose = dropOnClose;
    this.database = database;
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
    // Writes are refused before the embedded database's disk is full (see FreeSpace); when the database closed itself
    // (a full disk), its dead connections are dropped, so the next call opens it again.
    this.calls = new Calls(where, new FailureLog(LOG), refusals, () -> freeSpace == null ? null : freeSpace.refusal(),
        e -> {
          if (embedded != null && ownedPool != null && EmbeddedRecovery.closesTheDatabase(e)) {
            ownedPool.getHikariPoolMXBean().softEvictConnections();
          }
        });
    Codec codec = new Codec();
    Statistics statistics = new Statistics(db, database);
    this.sites = new SqlSites(db, codec, calls, statistics);
    this.claims = new SqlClaims(db, codec, database, calls);
    this.runs = new SqlRuns(db, codec, database, calls, statistics);
    this.outbox = new SqlOutbox(db, codec, database, calls);
    this.status = new SqlStatus(db, codec, calls);
    this.cluster = new SqlCluster(db, calls);
    this.agents = new SqlAgents(db, calls);
    this.pruning = new Pruning(db, database, calls);
    this.acks = new SqlAcks(db, calls);
    this.pushes = new SqlPushes(db, calls);
    this.uptime = new SqlUptime(db, calls);
    this.incidents = new org.argos.postgres.internal.cluster.SqlIncidents(db, database, calls);
    this.engineLock = new EngineLock(where, engineLockFile, embedded);
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
  public static JdbcStoreBuilder postgres(String url) {
    return JdbcStoreBuilder.postgres(url);
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
  public static JdbcStoreBuilder embedded(Path file) {
    return JdbcStoreBuilder.embedded(file);
  }

  /**
   * An H2 database in memory, kept until the store is closed: for tests and demos.
   *
   * @param name a name distinct from other in-memory stores of the JVM
   * @return a builder
   */
  public static JdbcStoreBuilder inMemory(String name) {
    return JdbcStoreBuilder.inMemory(name);
  }

  /**
   * A store on a URL as written in an Argos configuration: {@code postgresql://…}, {@code postgres://…},
   * {@code jdbc:postgresql:…}, or {@code jdbc:h2:…} (for H2, the options Argos needs are appended).
   *
   * @param url the URL
   * @return a builder
   */
  public static JdbcStoreBuilder fromUrl(String url) {
    return JdbcStoreBuilder.fromUrl(url);
  }

  /**
   * A store on a data source that the caller owns (and closes): no pool is created; pool settings of the builder are
   * ignored. The database (PostgreSQL or H2) is detected when built. An H2 database must have been opened with
   * {@code DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH}.
   *
   * @param dataSource the data source
   * @return a builder
   */
  public static JdbcStoreBuilder dataSource(DataSource dataSource) {
    return JdbcStoreBuilder.dataSource(dataSource);
  }

  // ---------------------------------------------------------------------------------------------- Store

  /** @return true on PostgreSQL; false on the embedded database, which one process opens */
  @Override
  public boolean supportsSeveralNodes() {
    return database.severalNodes;
  }

  @Override
  public RegistrationResult register(SitePlan plan, Instant now) {
    return sites.register(plan, now);
  }

  /** Writes up to 1000 sites per transaction with multi-row statements (a domain listed twice starts another). */
  @Override
  public List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    return sites.registerAll(plans, now);
  }

  @Override
  public boolean unregister(String domain) {
    return sites.unregister(domain);
  }

  @Override
  public Optional<Site> site(String domain) {
    return sites.site(domain);
  }

  @Override
  public List<Site> sites(int offset, int limit) {
    return sites.sites(offset, limit);
  }

  @Override
  public long siteCount() {
    return sites.siteCount();
  }

  @Override
  public List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil) {
    return claims.claimDue(node, now, dueBefore, limit, leaseUntil);
  }

  @Override
  public void release(String node, Collection<Long> groupIds) {
    claims.release(node, groupIds);
  }

  @Override
  public int reschedule(java.util.Collection<Long> taskIds, Instant at) {
    return claims.reschedule(taskIds, at);
  }

  @Override
  public int rescheduleAll(Instant at) {
    return claims.rescheduleAll(at);
  }

  @Override
  public Optional<Instant> nextDue() {
    return claims.nextDue();
  }

  @Override
  public int releaseAll(String node) {
    return claims.releaseAll(node);
  }

  @Override
  public int releaseAllExcept(String node, Collection<Long> keep) {
    return claims.releaseAllExcept(node, keep);
  }

  /** Upserts the node's row in {@code nodes} (V9) with the database's time, and returns that time. */
  @Override
  public Optional<Instant> heartbeat(String node, String host, long pid, Instant startedAt) {
    return claims.heartbeat(node, host, pid, startedAt);
  }

  /** Like the heartbeat above, with this engine's instance token (V10), reporting a row another instance wrote. */
  @Override
  public Optional<Heartbeat> heartbeat(String node, String instance, String host, long pid, Instant startedAt) {
    return claims.heartbeat(node, instance, host, pid, startedAt);
  }

  @Override
  public Optional<NodeBeat> lastHeartbeat(String node) {
    return claims.lastHeartbeat(node);
  }

  @Override
  public List<String> takeOverSilentNodes(String self, Duration silentFor) {
    return claims.takeOverSilentNodes(self, silentFor);
  }

  @Override
  public CompletionReport complete(List<CompletedRun> completed, TransitionRule rule) {
    return runs.complete(completed, rule);
  }

  @Override
  public List<Long> reserveResultIds(int count) {
    return runs.reserveResultIds(count);
  }

  @Override
  public List<Long> failingAt(String address, int port, int offset, int limit) {
    return runs.failingAt(address, port, offset, limit);
  }

  @Override
  public Map<Long, org.argos.api.ProbePeer> peers(java.util.Collection<Long> taskIds) {
    return runs.peers(taskIds);
  }

  @Override
  public Alert enqueue(AlertKind kind, StateChange change) {
    return outbox.enqueue(kind, change);
  }

  @Override
  public java.util.Optional<Alert> enqueueOnce(String onceKey, AlertKind kind, StateChange change) {
    return outbox.enqueueOnce(onceKey, kind, change);
  }

  @Override
  public List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil) {
    return outbox.claimAlerts(node, now, limit, leaseUntil);
  }

  @Override
  public void delivered(long alertId, String channel) {
    outbox.delivered(alertId, channel);
  }

  @Override
  public void done(long alertId, Instant at) {
    outbox.done(alertId, at);
  }

  @Override
  public void retryLater(long alertId, Instant nextAttemptAt, String error) {
    outbox.retryLater(alertId, nextAttemptAt, error);
  }

  @Override
  public long pendingAlerts() {
    return outbox.pendingAlerts();
  }

  @Override
  public void messageBegun(OutboxMessage message, Instant at) {
    outbox.messageBegun(message, at);
  }

  @Override
  public void messageSent(OutboxMessage message, Instant at) {
    outbox.messageSent(message, at);
  }

  @Override
  public List<OutboxMessage> begunMessages(Collection<Long> alertIds) {
    return outbox.begunMessages(alertIds);
  }

  @Override
  public void silenced(Alert alert, Instant at) {
    outbox.silenced(alert, at);
  }

  @Override
  public Map<Long, Severity> silencedTasks(Collection<Long> taskIds) {
    return outbox.silencedTasks(taskIds);
  }

  @Override
  public Map<Long, Severity> withheldTasks(int limit) {
    return outbox.withheldTasks(limit);
  }

  @Override
  public Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    return outbox.endSilence(taskId, told, change);
  }

  @Override
  public SeverityCounts severityCounts(@Nullable String tenant) {
    return status.severityCounts(tenant);
  }

  @Override
  public StatusPage domains(DomainQuery query) {
    return status.domains(query);
  }

  @Override
  public StatusPage problems(@Nullable String tenant, int offset, int limit) {
    return status.problems(tenant, offset, limit);
  }

  @Override
  public List<TaskStatus> tasks(String domain) {
    return status.tasks(domain);
  }

  @Override
  public Optional<TaskStatus> task(long taskId) {
    return status.task(taskId);
  }

  @Override
  public java.util.Map<Long, Integer> contiguousFailures(java.util.Collection<Long> taskIds) {
    return status.contiguousFailures(taskIds);
  }

  @Override
  public List<org.argos.api.store.LocationResult> locationResults(long taskId) {
    return runs.locationResults(taskId);
  }

  @Override
  public List<StoredResult> results(long taskId, int limit) {
    return status.results(taskId, limit);
  }

  @Override
  public Optional<StoredResult> result(long resultId) {
    return status.result(resultId);
  }

  @Override
  public List<StateChange> history(long taskId, int limit) {
    return status.history(taskId, limit);
  }

  @Override
  public boolean keepsClusterState() {
    return cluster.keepsClusterState();
  }

  @Override
  public Optional<ConfigVersion> configVersion() {
    return cluster.configVersion();
  }

  @Override
  public boolean replaceConfigVersion(@Nullable String expectedHash, ConfigVersion next) {
    return cluster.replaceConfigVersion(expectedHash, next);
  }

  @Override
  public List<Silence> silences() {
    return cluster.silences();
  }

  @Override
  public void putSilence(Silence silence) {
    cluster.putSilence(silence);
  }

  @Override
  public boolean deleteSilence(String id) {
    return cluster.deleteSilence(id);
  }

  // ---------------------------------------------------------------------------------------------- capabilities

  /**
   * {@link Retention}, {@link AgentDirectory}, {@link Acknowledgements}, {@link PushHeartbeats}, {@link Uptime} and
   * {@link org.argos.api.store.Incidents} always;
   * {@link LocalFile} for the embedded file database only.
   */
  @Override
  public <C> Optional<C> capability(Class<C> type) {
    if (type == PushHeartbeats.class) {
      return Optional.of(type.cast(pushes));
    }
    if (type == Uptime.class) {
      return Optional.of(type.cast(uptime));
    }
    if (type == org.argos.api.store.Incidents.class) {
      return Optional.of(type.cast(incidents));
    }
    if (type == LocalFile.class) {
      return embedded == null ? Optional.empty() : Optional.of(type.cast((LocalFile) embedded::base));
    }
    return Store.super.capability(type);
  }

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
    return pruning.prune(policy, now);
  }

  @Override
  public Set<Long> acknowledge(Collection<Long> taskIds, String by, Instant at) {
    return acks.acknowledge(taskIds, by, at);
  }

  @Override
  public Set<Long> unacknowledge(Collection<Long> taskIds) {
    return acks.unacknowledge(taskIds);
  }

  @Override
  public String linkSecret(String candidate) {
    return acks.linkSecret(candidate);
  }

  @Override
  public boolean useToken(String token, Instant expiresAt, Instant now) {
    return acks.useToken(token, expiresAt, now);
  }

  /**
   * Records that a remote agent reported.
   *
   * @param agentId the agent's id
   * @param at when
   */
  @Override
  public void agentSeen(String agentId, Instant at) {
    agents.agentSeen(agentId, at);
  }

  /** @return the agents that ever reported, by id */
  @Override
  public List<AgentSeen> agents() {
    return agents.agents();
  }

  /** @return the database and where it is, without credentials (for logs and status pages) */
  public String description() {
    return calls.where();
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  /**
   * PostgreSQL serves any number of engine nodes. The embedded database serves one: a second node, in this process or
   * another, is refused here with a message saying to use PostgreSQL.
   */
  @Override
  public void nodeStarting(String nodeId) {
    if (database == Database.H2) {
      engineLock.starting(nodeId);
    }
  }

  @Override
  public void nodeStopped(String nodeId) {
    try {
      claims.forget(nodeId);
    } catch (DataAccessException e) { // the others take it for dead after a few missed heartbeats
      LOG.warn("Argos store ({}): could not remove node {} from the nodes table: {}", calls.where(), nodeId,
          Calls.rootMessage(e));
    }
    engineLock.stopped(nodeId);
  }

  /** Closes the connection pool if this store created it. */
  @Override
  public void close() {
    engineLock.release();
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
        LOG.debug("Argos store ({}): shutdown of the in-memory database failed: {}", calls.where(),
            Calls.rootMessage(e));
      }
    }
    ownedPool.close();
  }

  @Override
  public String toString() {
    return "JdbcStore[" + calls.where() + "]";
  }
}
