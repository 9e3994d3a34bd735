package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.Store;
import org.argos.engine.Argos;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;

/**
 * Four daemons on one PostgreSQL with the default pool settings, each running its engine and serving pages: together
 * they stay within 40 connections, so they fit a server of max_connections 100 with more than half of it left (for
 * agents' hosts, psql, backups, more nodes). Before, each node filled a pool of 30 at once: 4 nodes asked for 120.
 */
class PoolSizingTest {
  private static final String ADMIN_URL = TestPostgres.ADMIN_URL;
  /** What 4 nodes may hold of a 100-connection server: less than half (3 are reserved for superusers). */
  private static final int SHARE = 48;

  private final String database = "argos_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  /** Not a superuser: PostgreSQL holds superusers to no database CONNECTION LIMIT, only to max_connections. */
  private final String role = database + "_node";
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    TestPostgres.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    TestPostgres.admin("DROP ROLE IF EXISTS " + role);
  }

  @Test
  void fourNodesWithTheDefaultPoolFitInLessThanHalfOfMaxConnections() throws Exception {
    // the database admits what 4 nodes may take of a 100-connection server: a node over it is refused
    TestPostgres.admin("CREATE ROLE " + role + " LOGIN");
    TestPostgres.admin("CREATE DATABASE " + database + " OWNER " + role + " CONNECTION LIMIT " + SHARE);
    CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    String yaml = "general:\n  frequency: 5m\n  db:\n    url: \"postgresql://" + role + "@127.0.0.1:5432/" + database
        + "\"\nservice:\n  secrets: []\nwebsites: []\n";
    DaemonConfig.Db db = ConfigParser.parse("db.yaml", yaml, Path.of("."), Map.of(), checks).general().db();

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong failedReads = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    List<Argos> engines = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      Store store = Stores.DEFAULT.open(db);
      open.add(store);
      Argos argos = Argos.builder().store(store).nodeId("node-" + n).discoverPlugins(true)
          .probe(r -> new ProbeResponse(r, 200, Map.of(), new byte[0], false, List.of(), "http/1.1", r.url(), List.of(),
              ProbeTimings.ofTotal(Duration.ofMillis(1)), null))
          .claims(Duration.ofMillis(500), Duration.ofSeconds(30), 200).build();
      open.add(argos);
      engines.add(argos);
      for (int r = 0; r < 3; r++) { // pages and API calls, as many at once as a busy dashboard
        readers.add(Thread.ofPlatform().daemon().start(() -> {
          while (!stop.get()) {
            try {
              store.problems(0, 25);
              store.severityCounts();
            } catch (RuntimeException e) {
              failedReads.incrementAndGet();
            }
          }
        }));
      }
    }
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      sites.add(Site.builder("http://s" + i + ".pool.test").ipVersions(true, false).frequency(Duration.ofSeconds(2))
          .path("/", p -> p.check("status-is", 200)).build());
    }
    engines.get(0).registerAll(sites);
    engines.forEach(Argos::start);

    int peak = 0;
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
      while (System.nanoTime() < end) {
        try (ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
          rs.next();
          peak = Math.max(peak, rs.getInt(1));
        }
        Thread.sleep(20);
      }
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(peak).as("connections of 4 nodes").isLessThanOrEqualTo(40).isLessThan(SHARE);
    assertThat(db.poolSize() + db.maxOverflow()).isEqualTo(10);
    assertThat(failedReads.get()).as("reads refused").isZero();
    long written = engines.stream().mapToLong(a -> a.metrics().resultsWritten()).sum();
    assertThat(written).as("results written by the 4 nodes").isGreaterThan(400);
    assertThat(engines.stream().mapToLong(a -> a.metrics().storeErrors()).sum()).as("engine store errors").isZero();
  }
}
