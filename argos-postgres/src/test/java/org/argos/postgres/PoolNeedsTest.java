package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.argos.api.AlertRouting;
import org.argos.api.DomainQuery;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one node needs of its pool, measured: an engine running 3,000 sites every 10 s on PostgreSQL (claims, the
 * result writer, deliveries through a slow notifier, a tenth of the sites changing state) with {@code readers}
 * threads reading as pages and API calls do, from a pool larger than it needs; the peak of connections borrowed at
 * once is the figure in docs/storage.md ("Sizing the connection pool"): 3 for the engine plus one per concurrent
 * read. The daemon's default, pool_size 4 + max_overflow 6, covers 4 concurrent reads with room to spare.
 * Run alone: {@code -Dtest=PoolNeedsTest -DargLine=-Dreaders=8}.
 */
class PoolNeedsTest {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases();

  private static final CheckProvider STATUS_IS = StatusIs.PROVIDER;

  @Test
  void oneNodeWithFourConcurrentReadsBorrowsAtMostTenConnections() throws Exception {
    String url = DATABASES.newDatabaseUrl();
    String database = url.substring(url.lastIndexOf('/') + 1);
    Set<String> failing = ConcurrentHashMap.newKeySet();
    Probe probe = request -> new ProbeResponse(request, failing.contains(request.url()) ? 500 : 200, Map.of(),
        new byte[0], false, List.of(), "http/1.1", request.url(), List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)),
        null);
    Notifier slow = new Notifier() { // a webhook that takes its time: delivery holds its connection meanwhile
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(org.argos.api.spi.Notification n) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    // a pool larger than the node needs, whose borrowed connections can be read
    com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
    hc.setJdbcUrl(PostgresDatabases.jdbcUrl(database));
    hc.setUsername("postgres");
    hc.setMaximumPoolSize(40);
    hc.setMinimumIdle(1);
    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(hc);
    try (pool; JdbcStore store = JdbcStore.dataSource(pool).build();
        Argos argos = Argos.builder().store(store).nodeId("n").probe(probe).discoverPlugins(false).install(STATUS_IS)
            .notifiers(slow).routing(AlertRouting.all("ops")).grouping(Duration.ZERO, 20).build()) {
      List<Site> sites = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        sites.add(Site.builder("http://s" + i + ".pool.test").ipVersions(true, false).frequency(Duration.ofSeconds(10))
            .path("/", p -> p.check("status-is", 200)).build());
      }
      argos.registerAll(sites);
      argos.start();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> readers = new ArrayList<>();
      int nReaders = Integer.getInteger("readers", 4);
      for (int r = 0; r < nReaders; r++) {
        readers.add(Thread.ofPlatform().start(() -> {
          while (!stop.get()) {
            store.problems(0, 25);
            store.severityCounts();
            store.domains(new DomainQuery(null, null, "s1", 0, 25));
          }
        }));
      }
      int peakUsed = 0;
      int peakOpen = 0;
      int peakBorrowed = 0;
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int round = 0;
      try (Connection c = PostgresDatabases.connect(database); Statement s = c.createStatement()) {
        while (System.nanoTime() < end) {
          if (++round % 100 == 0) { // about every 5 s, a seventh of the sites change state: alerts to deliver
            for (int i = 0; i < 3000; i += 7) {
              String u = "http://s" + i + ".pool.test/";
              if (i % 2 == round / 100 % 2) {
                failing.add(u);
              } else {
                failing.remove(u);
              }
            }
          }
          try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE state <> 'idle'), count(*) "
              + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            peakUsed = Math.max(peakUsed, rs.getInt(1));
            peakOpen = Math.max(peakOpen, rs.getInt(2));
          }
          for (int k = 0; k < 50; k++) {
            peakBorrowed = Math.max(peakBorrowed, pool.getHikariPoolMXBean().getActiveConnections());
            Thread.sleep(0, 100_000);
          }
        }
      }
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      System.out.println("POOL-MEASURE readers=" + nReaders + " peakUsed=" + peakUsed + " peakOpen=" + peakOpen
          + " peakBorrowed=" + peakBorrowed + " results=" + argos.metrics().resultsWritten());
      assertThat(argos.metrics().resultsWritten()).as("results written").isGreaterThan(3000);
      assertThat(peakBorrowed).as("connections borrowed at once").isBetween(2, 3 + nReaders + 3);
    }
  }
}
