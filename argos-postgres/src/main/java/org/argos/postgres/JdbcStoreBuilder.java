package org.argos.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.argos.api.StoreException;
import org.argos.postgres.internal.embedded.EmbeddedDatabase;
import org.argos.postgres.internal.embedded.FreeSpace;
import org.argos.postgres.internal.pool.DatabaseUrls;
import org.argos.postgres.internal.pool.Migration;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.ConnectionRefusals;
import org.argos.postgres.internal.sql.Database;
import org.jooq.ExecuteListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link JdbcStore}; {@link JdbcStore#postgres}, {@link JdbcStore#embedded}, {@link JdbcStore#inMemory},
 * {@link JdbcStore#fromUrl} and {@link JdbcStore#dataSource} make one. Not thread-safe; {@link #build()} may be called
 * once.
 */
public final class JdbcStoreBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  private static final long DEFAULT_MIN_FREE_SPACE = 64L << 20;
  // Lower-case names as PostgreSQL folds them; NULLs last as PostgreSQL sorts them (the outbox index relies on it);
  // a lock wait long enough for a busy single node.
  private static final String H2_OPTIONS = ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";

  private @Nullable Database database;
  private @Nullable String jdbcUrl;
  private @Nullable String user;
  private @Nullable String password;
  private @Nullable DataSource dataSource;
  private int poolSize = -1;
  private int minimumIdle = -1;
  private String poolSetting = "JdbcStoreBuilder.poolSize";
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

  private JdbcStoreBuilder(@Nullable Database database) {
    this.database = database;
  }

  /** @see JdbcStore#postgres */
  static JdbcStoreBuilder postgres(String url) {
    Objects.requireNonNull(url, "url");
    JdbcStoreBuilder b = new JdbcStoreBuilder(Database.POSTGRESQL);
    String u = url.trim();
    if (u.startsWith("jdbc:postgresql:")) {
      b.jdbcUrl = u;
      return b;
    }
    DatabaseUrls.Parsed parsed = DatabaseUrls.postgres(url);
    b.jdbcUrl = parsed.jdbcUrl();
    b.user = parsed.user();
    b.password = parsed.password();
    return b;
  }

  /** @see JdbcStore#embedded */
  static JdbcStoreBuilder embedded(Path file) {
    String f = file.toAbsolutePath().normalize().toString();
    if (f.contains(";")) {
      throw new IllegalArgumentException("embedded database path must not contain ';', got '" + file + "'");
    }
    if (f.endsWith(".mv.db")) {
      f = f.substring(0, f.length() - ".mv.db".length());
    }
    JdbcStoreBuilder b = new JdbcStoreBuilder(Database.H2);
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

  /** @see JdbcStore#inMemory */
  static JdbcStoreBuilder inMemory(String name) {
    if (name == null || name.isBlank() || name.contains(";")) {
      throw new IllegalArgumentException("in-memory database name must be non-empty without ';', got '" + name + "'");
    }
    JdbcStoreBuilder b = new JdbcStoreBuilder(Database.H2);
    b.jdbcUrl = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS;
    b.dropOnClose = true;
    return b;
  }

  /** @see JdbcStore#fromUrl */
  static JdbcStoreBuilder fromUrl(String url) {
    Objects.requireNonNull(url, "url");
    String u = url.trim();
    if (u.startsWith("jdbc:h2:")) {
      boolean autoServer = u.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
      if (autoServer && !EmbeddedDatabase.autoServerOnLoopback()) {
        throw new IllegalArgumentException("database URL '" + DatabaseUrls.redact(u) + "' asks for H2's AUTO_SERVER, "
            + "which would listen beyond loopback (system property h2.bindAddress=" + System.getProperty("h2.bindAddress")
            + ")");
      }
      JdbcStoreBuilder b = new JdbcStoreBuilder(Database.H2);
      b.jdbcUrl = u + H2_OPTIONS;
      return b;
    }
    return postgres(u);
  }

  /** @see JdbcStore#dataSource */
  static JdbcStoreBuilder dataSource(DataSource dataSource) {
    JdbcStoreBuilder b = new JdbcStoreBuilder(null);
    b.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return b;
  }

  /** @param user the database user (overrides one given in the URL) @return this */
  public JdbcStoreBuilder user(String user) {
    this.user = user;
    return this;
  }

  /** @param password the password (overrides one given in the URL) @return this */
  public JdbcStoreBuilder password(String password) {
    this.password = password;
    return this;
  }

  /**
   * @param size connections in the pool (default 10 on PostgreSQL, 4 embedded)
   * @return this
   */
  public JdbcStoreBuilder poolSize(int size) {
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
  public JdbcStoreBuilder minimumIdle(int idle) {
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
   *     {@code "JdbcStoreBuilder.poolSize"})
   * @return this
   */
  public JdbcStoreBuilder poolSetting(String name) {
    this.poolSetting = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * @param timeout how long a call waits for a connection before failing with a {@link StoreException} (default
   *     10 s; at least 250 ms)
   * @return this
   */
  public JdbcStoreBuilder connectionTimeout(Duration timeout) {
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
  public JdbcStoreBuilder readTimeout(Duration timeout) {
    this.readTimeout = atLeast(timeout, Duration.ofSeconds(1), "readTimeout");
    return this;
  }

  /** @param timeout how long checking a connection may take (default 3 s; at least 250 ms) @return this */
  public JdbcStoreBuilder validationTimeout(Duration timeout) {
    this.validationTimeout = atLeast(timeout, Duration.ofMillis(250), "validationTimeout");
    return this;
  }

  /** @param timeout how long an unused connection is kept (default 10 min; at least 10 s) @return this */
  public JdbcStoreBuilder idleTimeout(Duration timeout) {
    this.idleTimeout = atLeast(timeout, Duration.ofSeconds(10), "idleTimeout");
    return this;
  }

  /** @param lifetime the longest a connection lives (default 30 min; at least 30 s) @return this */
  public JdbcStoreBuilder maxLifetime(Duration lifetime) {
    this.maxLifetime = atLeast(lifetime, Duration.ofSeconds(30), "maxLifetime");
    return this;
  }

  /** @param name the pool's name in logs and metrics (default {@code argos-store}) @return this */
  public JdbcStoreBuilder poolName(String name) {
    this.poolName = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * @param migrate whether {@link #build()} creates or upgrades the schema (default true); false when schema changes
   *     are applied separately, for example by a deployment step
   * @return this
   */
  public JdbcStoreBuilder migrate(boolean migrate) {
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
  public JdbcStoreBuilder minFreeSpace(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("minFreeSpace must be >= 0, got " + bytes);
    }
    this.minFreeSpace = bytes;
    return this;
  }

  /** Tests see the statements as run (query plans are checked against them). */
  JdbcStoreBuilder listener(ExecuteListener listener) {
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
      where = db.label + " at " + DatabaseUrls.redact(url.replaceFirst("^jdbc:(postgresql|h2):(//)?", "")
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
          where = db.label + " at " + DatabaseUrls.redact(String.valueOf(c.getMetaData().getURL()));
        } catch (SQLException e) {
          refusals("the Argos database", 0).seen(e);
          throw new StoreException("Could not connect to the Argos database: " + Calls.rootMessage(e), e);
        }
      }
      ConnectionRefusals refusals = refusals(where, size);
      if (migrate) {
        try {
          Migration.migrate(ds, db, where);
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

  private static Duration atLeast(Duration d, Duration min, String name) {
    if (d == null || d.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + d);
    }
    return d;
  }
}
