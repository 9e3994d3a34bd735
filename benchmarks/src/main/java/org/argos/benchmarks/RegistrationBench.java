package org.argos.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.Store;
import org.argos.checks.BuiltinChecks;
import org.argos.engine.AlertRules;
import org.argos.engine.Argos;
import org.argos.engine.InMemoryStore;
import org.argos.engine.LocalGroupRunner;
import org.argos.postgres.JdbcStore;

/**
 * A targeted measurement of registration and of what a fleet keeps in memory, without probing anything: registers the
 * benchmark's fleet ({@link Fleet}, three checks per path) into a store, one site at a time or in bulk, prints the
 * rate; optionally runs every group once against a made-up nginx-like response (so every task holds a state and a
 * raw result, as after one period of the real benchmark) and prints the live heap after a full GC and the largest
 * classes of the heap.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.argos.benchmarks.RegistrationBench --sites 333334 --store memory \
 *     --mode bulk --run-once --histogram 25
 * java -cp ... RegistrationBench --sites 20000 --store postgres --jdbc-url jdbc:postgresql://127.0.0.1:5432/x --mode single
 * </pre>
 */
public final class RegistrationBench {
  private RegistrationBench() {}

  /** @param args see the class comment */
  public static void main(String[] args) throws Exception {
    int sites = 20_000;
    String storeKind = "memory";
    String jdbcUrl = null;
    String mode = "bulk";
    int threads = 4;
    int slice = 10_000;
    boolean runOnce = false;
    int histogram = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--run-once" -> runOnce = true;
        case "--sites" -> sites = Integer.parseInt(args[++i]);
        case "--store" -> storeKind = args[++i];
        case "--jdbc-url" -> jdbcUrl = args[++i];
        case "--mode" -> mode = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--slice" -> slice = Integer.parseInt(args[++i]);
        case "--histogram" -> histogram = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + a + " (see RegistrationBench's comment)");
      }
    }
    if (!mode.equals("bulk") && !mode.equals("single")) {
      throw new IllegalArgumentException("--mode must be bulk or single, got " + mode);
    }
    Store store = switch (storeKind) {
      case "memory" -> new InMemoryStore(1, 10); // as the fleet benchmark keeps it
      case "postgres" -> {
        if (jdbcUrl == null) {
          throw new IllegalArgumentException("--store postgres needs --jdbc-url");
        }
        yield new PostgresFleetStore(jdbcUrl).open();
      }
      default -> throw new IllegalArgumentException("--store must be memory or postgres, got " + storeKind);
    };
    Fleet fleet = new Fleet(18080, 18443, 64);
    Duration frequency = Duration.ofMinutes(5);
    Probe probe = RegistrationBench::nginxLike;
    try (Argos argos = Argos.builder().store(store).probe(probe).install(BuiltinChecks.all()).firstRunSpread(frequency).build()) {
      long t0 = System.nanoTime();
      long cpu0 = ProcessMeter.processCpuNanos();
      double db0 = jdbcUrl == null ? 0 : databaseCpuSeconds(jdbcUrl);
      register(argos, fleet, sites, frequency, mode, threads, slice);
      double secs = (System.nanoTime() - t0) / 1e9;
      double cpu = (ProcessMeter.processCpuNanos() - cpu0) / 1e9;
      System.out.printf(Locale.ROOT, "registered %,d sites (%,d tasks) on %s, mode %s, %d thread(s): %.1f s, %,.0f sites/s%n",
          sites, store.severityCounts().total(), storeKind, mode, threads, secs, sites / secs);
      // CPU per 1,000 sites holds up on a busy machine, where wall-clock rates depend on what else runs
      System.out.printf(Locale.ROOT, "CPU: this JVM %.1f s (%.2f s per 1,000 sites)%n", cpu, cpu * 1000 / sites);
      if (jdbcUrl != null) {
        double db = databaseCpuSeconds(jdbcUrl) - db0;
        System.out.printf(Locale.ROOT, "CPU: PostgreSQL backends of this database %.1f s (%.2f s per 1,000 sites)%n", db,
            db * 1000 / sites);
      }
      if (runOnce) {
        long t1 = System.nanoTime();
        int groups = runEveryGroupOnce(argos, store, Instant.now().plus(frequency));
        System.out.printf(Locale.ROOT, "ran %,d groups once in %.1f s%n", groups, (System.nanoTime() - t1) / 1e9);
      }
      if (storeKind.equals("memory")) {
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "live heap after GC: %,d MiB%n", live >> 20);
      }
      if (histogram > 0) {
        String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
            new Object[] {new String[0]}, new String[] {String[].class.getName()});
        h.lines().limit(histogram + 3L).forEach(System.out::println);
      }
    }
  }

  /**
   * @return CPU seconds used so far by the PostgreSQL backends connected to this database (the store's pool), read
   *     from /proc: the server runs on this machine (127.0.0.1)
   */
  private static double databaseCpuSeconds(String jdbcUrl) {
    double total = 0;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl);
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet r = st.executeQuery(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      while (r.next()) {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + r.getInt(1) + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks
      }
    } catch (Exception e) {
      System.out.println("cannot read the CPU of the PostgreSQL backends: " + e.getMessage());
      return Double.NaN;
    }
    return total;
  }

  private static void register(Argos argos, Fleet fleet, int sites, Duration frequency, String mode, int threads,
      int slice) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          if (mode.equals("single")) {
            for (int i = next.getAndIncrement(); i < sites; i = next.getAndIncrement()) {
              argos.register(fleet.site(i, frequency));
            }
          } else {
            for (int from = next.getAndAdd(slice); from < sites; from = next.getAndAdd(slice)) {
              List<Site> batch = new ArrayList<>(slice);
              for (int i = from; i < Math.min(sites, from + slice); i++) {
                batch.add(fleet.site(i, frequency));
              }
              argos.registerAll(batch);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Claims every group and records one run of it, through the engine's own check evaluation and alert rules. */
  private static int runEveryGroupOnce(Argos argos, Store store, Instant firstRunsBefore) throws InterruptedException {
    LocalGroupRunner runner = new LocalGroupRunner(RegistrationBench::nginxLike, argos.checks(), Clock.systemUTC());
    AlertRules rules = new AlertRules();
    Instant far = Instant.now().plus(Duration.ofDays(1));
    // every first run is before firstRunsBefore and every next run after it, so each group is claimed once
    int n = 0;
    while (true) {
      List<ClaimedGroup> claimed = store.claimDue("bench", Instant.now(), firstRunsBefore, 1000, far);
      if (claimed.isEmpty()) {
        return n;
      }
      List<CompletedRun> runs = new ArrayList<>(claimed.size());
      for (ClaimedGroup g : claimed) {
        runs.add(new CompletedRun("bench", g, runner.run(g)));
      }
      store.complete(runs, rules);
      n += claimed.size();
    }
  }

  private static final byte[] PAGE = ("<html><body>" + Fleet.MARKER + " ok</body></html>").getBytes(StandardCharsets.UTF_8);

  /** What the fleet's nginx answers on /ok: a small HTML page (no TLS chain, so TLS sites get an error result). */
  private static ProbeResponse nginxLike(ProbeRequest request) {
    int status = request.url().endsWith("/fail") ? 500 : 200;
    return new ProbeResponse(request, status, Map.of("Content-Type", List.of("text/html"), "Server", List.of("nginx")),
        PAGE, false, List.of(), "http/1.1", request.url(), List.of(),
        ProbeTimings.ofTotal(Duration.ofMillis(3)), null);
  }
}
