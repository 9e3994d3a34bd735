package org.argos.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.store.PruneReport;
import org.argos.api.store.Retention;
import org.argos.api.store.RetentionPolicy;
import org.argos.api.store.Store;
import org.argos.postgres.JdbcStore;

/**
 * The PostgreSQL store for the benchmark, on a database that {@code benchmarks/run} created for this run: each
 * scenario starts from an empty schema, so a smaller fleet never inherits a bigger one's sites.
 */
final class PostgresFleetStore {
  private final String jdbcUrl;

  PostgresFleetStore(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1") && !jdbcUrl.startsWith("jdbc:postgresql://localhost")) {
      throw new IllegalArgumentException("--jdbc-url must name a database on 127.0.0.1 (the benchmark drops its "
          + "schema), got " + jdbcUrl);
    }
    this.jdbcUrl = jdbcUrl;
  }

  Store open() {
    return JdbcStore.postgres(jdbcUrl).poolSize(10).build();
  }

  /** The database's size and each table's (with its indexes and TOAST), in bytes, read at one moment. */
  record Sizes(long database, Map<String, Long> tables) {
    long table(String name) {
      return tables.getOrDefault(name, 0L);
    }
  }

  /** @return the database's size and its tables', from one connection */
  Sizes sizes() {
    Map<String, Long> tables = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT relname, pg_total_relation_size(oid) FROM pg_class "
          + "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")) {
        while (r.next()) {
          tables.put(r.getString(1), r.getLong(2));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
        r.next();
        return new Sizes(r.getLong(1), tables);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the sizes of the benchmark database: " + e.getMessage(), e);
    }
  }

  /** The tables that every run rewrites or deletes from, vacuumed after each prune. */
  static final String VACUUMED = "results, task_states, request_groups";

  /**
   * Prunes raw results older than {@code age} every {@code every}, as the daemon does with Argos's
   * {@code max_results_age}, then vacuums the tables every run changes ({@value #VACUUMED}: deleted results, and the
   * old row versions of each task's state and each group's next run) so their space is reused. That is autovacuum's
   * work, and autovacuum is off on the machine the figures come from; its default threshold, a fifth of a table dead,
   * is about one minute of runs at a million tasks every 5 minutes.
   *
   * @return the running housekeeping; closing it stops it (and waits for a prune in progress)
   */
  Pruning startPruning(Store store, Duration age, Duration every) {
    Retention retention = store.capability(Retention.class).orElseThrow(() -> new IllegalArgumentException(
        "pruning needs a store with retention, got " + store.getClass().getName()));
    return new Pruning(retention, age, every);
  }

  /** Periodic prune and vacuum; counts what it deleted and the time it took. */
  final class Pruning implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-prune");
      t.setDaemon(true);
      return t;
    });
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong busyNanos = new AtomicLong();

    private Pruning(Retention store, Duration age, Duration every) {
      RetentionPolicy policy = RetentionPolicy.results(age, 0);
      timer.scheduleWithFixedDelay(() -> {
        long t0 = System.nanoTime();
        try {
          PruneReport r = store.prune(policy, Instant.now());
          deleted.addAndGet(r.results());
          try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("VACUUM " + VACUUMED);
          }
        } catch (Exception e) {
          System.err.println("[prune] failed: " + e.getMessage());
        } finally {
          busyNanos.addAndGet(System.nanoTime() - t0);
        }
      }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      timer.shutdown();
      if (!timer.awaitTermination(2, TimeUnit.MINUTES)) {
        timer.shutdownNow();
      }
    }
  }

  /** Empties the database for the next scenario. */
  void reset() {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reset the benchmark database: " + e.getMessage(), e);
    }
  }
}
