package org.argos.benchmarks.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.StatusIsProvider;
import org.argos.engine.Argos;
import org.argos.postgres.JdbcStore;
import org.argos.testkit.TcpRelay;

/**
 * Results lost in a database outage, and how soon checks are recorded again: an engine runs {@code --sites} sites
 * every {@code --frequency} on PostgreSQL through a {@link TcpRelay}; after a warm-up the relay is cut for
 * {@code --outage} (every connection dropped, new ones refused), then restored. The probe is in-process and counts
 * every run; after a settle time the engine is closed (which writes what it still holds) and the runs stored are
 * counted in the database. Lost = runs probed - runs stored. The pool is the daemon's (10 connections, 4 kept, 1 s
 * connection and validation timeouts).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.argos.benchmarks.reliability.OutageBench \
 *     [--admin-url jdbc:postgresql://127.0.0.1:5432/postgres] [--user postgres] [--sites 50] [--frequency 1s] \
 *     [--outage 60s] [--rounds 3]
 * </pre>
 * It creates and drops its own database ({@code argos_outage_bench_...}) on that server, which must be on loopback.
 */
public final class OutageBench {
  private OutageBench() {}

  /** One round's figures. */
  record Round(long probed, long stored, long probedDuringOutage, Duration firstProbeAfter, Duration firstWriteAfter,
      Duration backToRate) {
    long lost() {
      return Math.max(0, probed - stored);
    }

    long duplicated() {
      return Math.max(0, stored - probed);
    }
  }

  public static void main(String[] args) throws Exception {
    String adminUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
    String user = "postgres";
    int sites = 50;
    Duration frequency = Duration.ofSeconds(1);
    Duration outage = Duration.ofSeconds(60);
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--admin-url" -> adminUrl = v;
        case "--user" -> user = v;
        case "--sites" -> sites = Integer.parseInt(v);
        case "--frequency" -> frequency = seconds(v);
        case "--outage" -> outage = seconds(v);
        case "--rounds" -> rounds = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --admin-url, --user, "
            + "--sites, --frequency, --outage, --rounds");
      }
      i++;
    }
    if (!adminUrl.startsWith("jdbc:postgresql://127.0.0.1") && !adminUrl.startsWith("jdbc:postgresql://localhost")) {
      throw new IllegalArgumentException("--admin-url must name a server on loopback, got " + adminUrl);
    }
    List<Round> done = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      Round round = round(adminUrl, user, sites, frequency, outage);
      done.add(round);
      System.err.printf(Locale.ROOT, "round %d: probed %d, stored %d, lost %d, duplicated %d, probed during the outage "
              + "%d, first probe %d ms / first write %d ms / rate back %d ms after the restore%n", r, round.probed(),
          round.stored(), round.lost(), round.duplicated(), round.probedDuringOutage(),
          round.firstProbeAfter().toMillis(), round.firstWriteAfter().toMillis(), round.backToRate().toMillis());
    }
    System.out.println(markdown(done, sites, frequency, outage));
  }

  private static Duration seconds(String v) {
    return org.argos.api.settings.Durations.parse(v, java.time.temporal.ChronoUnit.SECONDS);
  }

  static Round round(String adminUrl, String user, int siteCount, Duration frequency, Duration outage)
      throws Exception {
    String database = "argos_outage_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String base = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1);
    java.net.URI hostPort = java.net.URI.create(adminUrl.substring("jdbc:".length()));
    admin(adminUrl, user, "CREATE DATABASE " + database);
    List<Instant> probes = Collections.synchronizedList(new ArrayList<>());
    try (TcpRelay relay = new TcpRelay(hostPort.getHost(), hostPort.getPort() < 0 ? 5432 : hostPort.getPort())) {
      JdbcStore store = JdbcStore.postgres("postgresql://" + user + "@127.0.0.1:" + relay.port() + "/" + database)
          .poolSize(10).minimumIdle(4).connectionTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofSeconds(1))
          .build();
      Argos argos = Argos.builder().store(store).nodeId("outage-bench").install(new StatusIsProvider())
          .probe(request -> {
            probes.add(Instant.now());
            return new ProbeResponse(request, 200, Map.of(), new byte[0], false, List.of(), "http/1.1", request.url(),
                List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);
          }).build();
      try (store; argos; Connection direct = DriverManager.getConnection(base + database, user, "");
          Statement count = direct.createStatement()) {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < siteCount; i++) {
          sites.add(Site.builder("http://s" + i + ".outage.test").ipVersions(true, false).frequency(frequency)
              .path("/", p -> p.check("status-is", 200)).build());
        }
        argos.registerAll(sites);
        argos.start();
        Thread.sleep(Duration.ofSeconds(10)); // warm-up: every site probed a few times

        relay.cut();
        Instant cutAt = Instant.now();
        Thread.sleep(outage);
        long storedBefore = stored(count);
        relay.restore();
        Instant restoredAt = Instant.now();

        // the first result written after the restore, seen from a connection that did not go through the relay
        Duration firstWrite = null;
        Duration backToRate = null;
        double rate = siteCount / (double) frequency.toMillis() * 1000;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end && (firstWrite == null || backToRate == null)) {
          if (firstWrite == null && stored(count) > storedBefore) {
            firstWrite = Duration.between(restoredAt, Instant.now());
          }
          Instant now = Instant.now();
          if (backToRate == null && now.isAfter(restoredAt.plusSeconds(1))
              && probesBetween(probes, now.minusSeconds(1), now) >= 0.9 * rate) {
            backToRate = Duration.between(restoredAt, now);
          }
          Thread.sleep(50);
        }
        Thread.sleep(Duration.ofSeconds(10)); // settle
        argos.close(); // writes what it still holds
        long probed = probes.size();
        long stored = stored(count);
        Instant firstProbe = probes.stream().filter(t -> !t.isBefore(restoredAt)).min(Instant::compareTo).orElse(null);
        return new Round(probed, stored, probesBetween(probes, cutAt, restoredAt),
            firstProbe == null ? Duration.ofDays(1) : Duration.between(restoredAt, firstProbe),
            firstWrite == null ? Duration.ofDays(1) : firstWrite, backToRate == null ? Duration.ofDays(1) : backToRate);
      }
    } finally {
      admin(adminUrl, user, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static long probesBetween(List<Instant> probes, Instant from, Instant to) {
    synchronized (probes) {
      return probes.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    }
  }

  private static long stored(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT count(*) FROM results")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void admin(String url, String user, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static String markdown(List<Round> rounds, int sites, Duration frequency, Duration outage) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Database outage of %d s, %d sites every %d s, %d round(s)%n%n",
        outage.toSeconds(), sites, frequency.toSeconds(), rounds.size()));
    b.append("| round | runs probed | runs stored | lost | duplicated | probed during the outage | first probe after "
        + "restore | first result written after restore | probe rate back (≥ 90 %) |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    int i = 0;
    for (Round r : rounds) {
      b.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.1f s | %.1f s | %.1f s |%n", ++i,
          r.probed(), r.stored(), r.lost(), r.duplicated(), r.probedDuringOutage(),
          r.firstProbeAfter().toMillis() / 1000.0, r.firstWriteAfter().toMillis() / 1000.0,
          r.backToRate().toMillis() / 1000.0));
    }
    b.append(String.format(Locale.ROOT, "%nLost in all: %d. First result written after the restore: min %.1f s, median "
            + "%.1f s. Probe rate back: min %.1f s, median %.1f s.%n", rounds.stream().mapToLong(Round::lost).sum(),
        min(rounds, Round::firstWriteAfter), median(rounds, Round::firstWriteAfter),
        min(rounds, Round::backToRate), median(rounds, Round::backToRate)));
    return b.toString();
  }

  private static double min(List<Round> rounds, java.util.function.Function<Round, Duration> f) {
    return rounds.stream().map(f).mapToLong(Duration::toMillis).min().orElse(0) / 1000.0;
  }

  private static double median(List<Round> rounds, java.util.function.Function<Round, Duration> f) {
    long[] v = rounds.stream().map(f).mapToLong(Duration::toMillis).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    double mid = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    return mid / 1000.0;
  }
}
