package org.argos.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.argos.api.DomainQuery;
import org.argos.api.SeverityCounts;
import org.argos.api.store.Store;
import org.argos.checks.BuiltinChecks;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.argos.engine.EngineMetrics;
import org.argos.engine.InMemoryStore;
import org.argos.engine.InProcessExecutor;
import org.conscrypt.OpenSSLProvider;
import org.jspecify.annotations.Nullable;

/**
 * The fleet benchmark's harness: for each scenario, builds an engine over the loopback fleet ({@link Fleet}), registers
 * it, lets one period pass (first runs are spread over the frequency) and measures over a window. Prints markdown
 * tables; {@code benchmarks/run} starts the servers and passes the peers' figures.
 *
 * <pre>
 * java -jar benchmarks.jar --http-port 18080 --https-port 18443 --addresses 64 \
 *     --steady 10000@1m,333334@5m --window 2m --ceiling 1000,2000,3000 --peer-wrk 24000 --peer-blackbox 1900
 * </pre>
 */
public final class FleetBenchmark {
  private FleetBenchmark() {}

  /**
   * @param args see {@link Options#parse}
   * @throws Exception when the run fails
   */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Progress progress = (label, msg) -> System.err.println("[" + label + "] " + msg);
    Report report = switch (o.mode) {
      case "agents" -> AgentMode.run(o, progress);
      case "nodes" -> NodesMode.run(o, progress);
      default -> run(o, progress);
    };
    String md = report.markdown();
    System.out.println(md);
    if (o.out != null) {
      Files.writeString(o.out, md);
    }
  }

  interface Progress {
    void say(String label, String message);
  }

  /** What one measured phase gave. */
  record Measurement(String label, int groups, long tasks, Duration frequency, double registerSeconds,
      double warmupSeconds, long warmupStartP99,
      double scheduledChecksPerSec, double achievedChecksPerSec, double probesPerSec, long startP50, long startP99,
      long startMax, long dispatchP99, double cpuSecondsPer1000, double machineBusyPct, long peakHeap, long liveHeap,
      long peakRss, double resultRowsPerSec, double stateRowsPerSec, double transportErrorShare, String severities,
      @Nullable String statusTimes, @Nullable String dbGrowth, @Nullable String dbPerRun) {}

  static Report run(Options o, Progress progress) throws Exception {
    Report report = new Report();
    MachineLoad.note(report, o.loadBefore);
    boolean small = o.fleet.equals("small");
    Fleet fleet = new Fleet(o.httpPort, o.httpsPort, o.addresses, small, Fleet.Shares.HTTP, o.dnsServer);
    report.note("Fleet: one path per site, 3 checks per path; " + (small
        ? "every site the small 200 page over HTTP (the peers' page: `--fleet small`); "
        : "per 100 sites 2 answer 500, 1 is slow, " + (o.httpsPort > 0 ? "10 use TLS, " : "")
            + "the rest a small 200 page; ") + o.addresses + " loopback address(es). Store: " + o.store + ". Executor: " + o.concurrency + " concurrent probes, "
        + o.perHost + " per host, " + o.perAddress() + " per address. TLS: " + probe(o, fleet).tlsProvider() + ".");

    List<Measurement> steady = new ArrayList<>();
    if (!o.steady.isEmpty()) {
      Report.Pivot t = report.pivot("Steady state (warm-up: one period, then until the start lag p99 over "
          + human(SETTLE_TICK) + " is ≤ " + o.lagLimitMs + " ms, at most " + human(o.settle) + " more; measured over "
          + human(o.window) + ")");
      for (Options.Steady s : o.steady) {
        Measurement m = measure(o, fleet, s.groups(), s.frequency(), o.window, true, progress);
        steady.add(m);
        String c = String.format(Locale.ROOT, "%,d tasks / %s", m.tasks(), human(m.frequency()));
        t.put(c, "request groups (probes per period)", String.format(Locale.ROOT, "%,d", m.groups()));
        t.put(c, "registration", String.format(Locale.ROOT, "%.1f s", m.registerSeconds()));
        t.put(c, "warm-up / its start lag p99", String.format(Locale.ROOT, "%.0f s / %,d ms", m.warmupSeconds(),
            m.warmupStartP99()));
        t.put(c, "checks/s scheduled", String.format(Locale.ROOT, "%,.0f", m.scheduledChecksPerSec()));
        t.put(c, "checks/s achieved", String.format(Locale.ROOT, "%,.0f (%.1f %%)", m.achievedChecksPerSec(),
            100 * m.achievedChecksPerSec() / m.scheduledChecksPerSec()));
        t.put(c, "probes/s", String.format(Locale.ROOT, "%,.0f", m.probesPerSec()));
        t.put(c, "start lag p50 / p99 / max", m.startP50() + " / " + m.startP99() + " / " + m.startMax() + " ms");
        t.put(c, "dispatch lag p99 (scheduler hand-over)", m.dispatchP99() + " ms");
        t.put(c, "CPU s per 1,000 checks (JVM)", String.format(Locale.ROOT, "%.3f", m.cpuSecondsPer1000()));
        t.put(c, "machine CPU busy (JVM + nginx, 2 cores)", String.format(Locale.ROOT, "%.0f %%", m.machineBusyPct()));
        t.put(c, "peak heap in window / live heap after GC", mib(m.peakHeap()) + " / " + mib(m.liveHeap()));
        t.put(c, "peak RSS (VmHWM)", mib(m.peakRss()));
        t.put(c, "result rows/s written", String.format(Locale.ROOT, "%,.0f", m.resultRowsPerSec()));
        t.put(c, "state-change rows/s", String.format(Locale.ROOT, "%,.1f", m.stateRowsPerSec()));
        t.put(c, "probes with a transport error", String.format(Locale.ROOT, "%.1f %%", 100 * m.transportErrorShare()));
        t.put(c, "tasks ok/warn/crit/unknown/pending at end", m.severities());
        if (m.statusTimes() != null) {
          t.put(c, "status() / severityCounts() / domains(middle page) p50·p95", m.statusTimes());
        }
        if (m.dbGrowth() != null) {
          t.put(c, "database growth", m.dbGrowth());
        }
      }
    }

    double best = 0;
    if (!o.ceiling.isEmpty() && o.kinds.isEmpty()) {
      best = ramp(o, fleet, "", report, progress).best();
      report.note(String.format(Locale.ROOT, "Highest sustained rate: **%,.0f probes/s** (%,.0f checks/s).", best,
          3 * best));
    } else if (!o.ceiling.isEmpty()) {
      best = ProbeKinds.ramps(o, fleet, report, progress);
    }

    record Peer(String name, double rate, double target, String targetText) {}
    List<Peer> peers = new ArrayList<>();
    if (o.peerWrk > 0) {
      peers.add(new Peer("wrk, Connection: close, small page (new-connection ceiling)", o.peerWrk, 0.20, "≥ 0.20"));
    }
    if (o.peerBlackbox > 0) {
      peers.add(new Peer("prometheus-blackbox-exporter, http_2xx on the small page, driven by wrk", o.peerBlackbox,
          2.5, "≥ 2.5"));
    }
    if (o.peerBlackboxMix > 0 && !small) { // a fleet without TLS is not compared with a mix that has it
      peers.add(new Peer("prometheus-blackbox-exporter on the fleet's mix (10 % TLS, 2 % 500, " + o.addresses
          + " addresses)", o.peerBlackboxMix, 2.5, "≥ 2.5"));
    }
    if (!peers.isEmpty() && (o.ceiling.isEmpty() || (!o.kinds.isEmpty() && !o.kinds.contains("http")))) {
      // no HTTP ceiling measured: the peers' figures alone, no ratio to a rate that was not measured
      Report.Table t = report.table("The peers (same fleet, same machine; no ceiling run, so no ratio)", "peer", "req/s");
      peers.forEach(p -> t.row(p.name(), fmt(p.rate())));
    } else if (!peers.isEmpty()) {
      Report.Table t = report.table("Against the peers (same fleet, same machine, run one after the other)",
          "peer", "req/s", "Argos probes/s (ceiling)", "ratio", "target", "met");
      for (Peer p : peers) {
        double r = best / p.rate();
        t.row(p.name(), fmt(p.rate()), fmt(best), String.format(Locale.ROOT, "%.2f", r), p.targetText(),
            r >= p.target() ? "yes" : "no");
      }
    }

    for (Measurement m : steady) {
      if (m.tasks() >= 1_000_000) {
        Report.Table t = report.table("Targets for " + String.format(Locale.ROOT, "%,d", m.tasks()) + " tasks every "
            + human(m.frequency()), "target", "measured", "met");
        double share = m.achievedChecksPerSec() / m.scheduledChecksPerSec();
        t.row("every scheduled check runs (≥ 99 %)", String.format(Locale.ROOT, "%.1f %%", 100 * share),
            share >= 0.99 ? "yes" : "no");
        t.row("p99 start lag ≤ 1 s", m.startP99() + " ms", m.startP99() <= 1000 ? "yes" : "no");
        t.row("heap ≤ 1 GiB", mib(m.peakHeap()) + " peak, " + mib(m.liveHeap()) + " live",
            m.peakHeap() <= (1L << 30) ? "yes" : "no");
      }
    }
    return report;
  }

  /**
   * The highest sustained rate of a ramp, the first scheduled rate that was not sustained (0: none failed), and the
   * measurement of the highest sustained step (null: none was).
   */
  record Ramp(double best, int failedAt, @Nullable Measurement atBest) {}

  /**
   * The ceiling ramp on {@code fleet}: each rate of {@code --ceiling} in turn, until one is not sustained.
   *
   * @param what says which sites in the table's title ({@code ""} for the fleet of {@code --fleet})
   */
  static Ramp ramp(Options o, Fleet fleet, String what, Report report, Progress progress) throws Exception {
    Report.Table t = report.table("Ceiling" + what + " (frequency " + human(o.ceilingPeriod) + ", measured over "
        + human(o.ceilingWindow) + " after one period; sustained = p99 start lag ≤ " + o.lagLimitMs
        + " ms and ≥ 95 % of the scheduled probes)", "probes/s scheduled", "probes/s achieved", "checks/s",
        "start lag p50 / p99 / max (ms)", "CPU s / 1,000 checks", "machine CPU", "sustained");
    double best = 0;
    Measurement atBest = null;
    for (int rate : o.ceiling) {
      int groups = (int) Math.max(1, Math.round(rate * o.ceilingPeriod.toMillis() / 1000.0));
      Measurement m = measure(o, fleet, groups, o.ceilingPeriod, o.ceilingWindow, false, progress);
      boolean ok = m.startP99() <= o.lagLimitMs && m.probesPerSec() >= 0.95 * rate;
      t.row(String.format(Locale.ROOT, "%,d", rate), String.format(Locale.ROOT, "%,.0f", m.probesPerSec()),
          String.format(Locale.ROOT, "%,.0f", m.achievedChecksPerSec()),
          m.startP50() + " / " + m.startP99() + " / " + m.startMax(),
          String.format(Locale.ROOT, "%.3f", m.cpuSecondsPer1000()),
          String.format(Locale.ROOT, "%.0f %%", m.machineBusyPct()), ok ? "yes" : "no");
      if (!ok) {
        return new Ramp(best, rate, atBest);
      }
      if (m.probesPerSec() >= best) {
        best = m.probesPerSec();
        atBest = m;
      }
    }
    return new Ramp(best, 0, atBest);
  }

  /** The probe as the daemon builds it, except for the fleet's resolver, trust and body cap; TLS per {@code --tls}. */
  static HttpProbe probe(Options o, Fleet fleet) {
    HttpProbe.Builder b = HttpProbe.builder().resolver(fleet.resolver()).trustAllCertificates(true).bodyCap(64 * 1024);
    switch (o.tls) {
      case "jdk" -> b.tlsProvider(null);
      case "conscrypt" -> b.tlsProvider(new OpenSSLProvider());
      default -> { } // auto: the probe's default, Conscrypt where its native library loads
    }
    return b.build();
  }

  static Measurement measure(Options o, Fleet fleet, int groups, Duration frequency, Duration window, boolean steady,
      Progress progress) throws Exception {
    String label = String.format(Locale.ROOT, "%,d groups / %s", groups, human(frequency));
    HttpProbe probe = probe(o, fleet);
    LagMeasuringExecutor exec = new LagMeasuringExecutor(
        InProcessExecutor.builder().maxConcurrency(o.concurrency).perHost(o.perHost).build());
    Store store = o.storeFactory.get();
    PostgresFleetStore.@Nullable Pruning pruning = null;
    Measurement result;
    try (Argos argos = Argos.builder().store(store).probe(probe).install(BuiltinChecks.all())
        .install(ProbeKinds.probes(fleet)).executor(exec).firstRunSpread(frequency)
        .perAddress(o.perAddress()).shutdownTimeout(Duration.ofSeconds(20)).build()) {
      long t0 = System.nanoTime();
      register(argos, fleet, groups, frequency, o.registerThreads, label, progress);
      double registerSeconds = (System.nanoTime() - t0) / 1e9;
      long tasks = store.severityCounts().total();
      progress.say(label, String.format(Locale.ROOT, "registered %,d sites (%,d tasks) in %.1f s; warming up for %s",
          groups, tasks, registerSeconds, human(frequency)));
      argos.start();
      pruning = o.pg != null && o.retention != null ? o.pg.startPruning(store, o.retention, o.pruneEvery) : null;
      long warm0 = System.nanoTime();
      waitAndReport(argos, exec, frequency, label, "warm-up", progress);
      if (steady) {
        settle(argos, exec, o, frequency, label, progress);
      }
      double warmupSeconds = (System.nanoTime() - warm0) / 1e9;
      long warmupStartP99 = exec.startLag.percentile(0.99);
      PostgresFleetStore.@Nullable Sizes sizesBefore = o.pg == null ? null : o.pg.sizes();
      long pruned0 = pruning == null ? 0 : pruning.deleted.get();
      long pruneBusy0 = pruning == null ? 0 : pruning.busyNanos.get();

      EngineMetrics m0 = argos.metrics();
      exec.resetWindow();
      ProcessMeter.resetPeaks();
      // the modes of issue 22 compare the database's cost per run (reading its counters is a few queries)
      @Nullable DbCounters db0 = o.pg != null && !o.mode.equals("engine") && o.jdbcUrl != null
          ? DbCounters.read(o.jdbcUrl) : null;
      long cpu0 = ProcessMeter.processCpuNanos();
      long[] j0 = ProcessMeter.machineJiffies();
      long w0 = System.nanoTime();
      // the database's size half-way too: a growth that slows down in the second half is a table reaching its size
      Duration firstHalf = window.dividedBy(2);
      waitAndReport(argos, exec, firstHalf, label, "measuring", progress);
      PostgresFleetStore.@Nullable Sizes sizesMiddle = o.pg == null ? null : o.pg.sizes();
      waitAndReport(argos, exec, window.minus(firstHalf), label, "measuring", progress);
      double secs = (System.nanoTime() - w0) / 1e9;
      long cpu1 = ProcessMeter.processCpuNanos();
      long[] j1 = ProcessMeter.machineJiffies();
      EngineMetrics m1 = argos.metrics();
      String dbPerRun = db0 == null || o.jdbcUrl == null ? null
          : DbCounters.perRun(db0, DbCounters.read(o.jdbcUrl), exec.probes.sum());
      long peakHeap = ProcessMeter.peakHeapBytes();
      long peakRss = ProcessMeter.status("VmHWM");
      PostgresFleetStore.@Nullable Sizes sizesAfter = o.pg == null ? null : o.pg.sizes();

      long probes = exec.probes.sum();
      long results = m1.resultsWritten() - m0.resultsWritten();
      long changes = m1.stateChanges() - m0.stateChanges();
      double cpuSeconds = (cpu1 - cpu0) / 1e9;
      double busy = j1[1] == j0[1] ? 0 : 100.0 * (j1[0] - j0[0]) / (j1[1] - j0[1]);
      SeverityCounts c = store.severityCounts();
      String severities = String.format(Locale.ROOT, "%,d / %,d / %,d / %,d / %,d", c.ok(), c.warning(), c.critical(),
          c.unknown(), c.pending());
      String statusTimes = steady ? timeStatusQueries(argos, store, groups, o.statusRepeats) : null;
      String dbGrowth = null;
      if (sizesBefore != null && sizesMiddle != null && sizesAfter != null) {
        dbGrowth = dbGrowth(sizesBefore, sizesMiddle, sizesAfter, secs);
        if (pruning != null) {
          dbGrowth += String.format(Locale.ROOT, "; pruned (results older than %s, then VACUUM %s, every %s) %,.0f "
              + "rows/s, busy %.0f s of the window", human(o.retention), PostgresFleetStore.VACUUMED,
              human(o.pruneEvery), (pruning.deleted.get() - pruned0) / secs,
              (pruning.busyNanos.get() - pruneBusy0) / 1e9);
        } else {
          dbGrowth += "; never pruned";
        }
      }
      long live = ProcessMeter.liveHeapBytes();
      result = new Measurement(label, groups, tasks, frequency, registerSeconds, warmupSeconds, warmupStartP99,
          tasks / (frequency.toMillis() / 1000.0), results / secs, probes / secs, exec.startLag.percentile(0.50),
          exec.startLag.percentile(0.99), exec.startLag.max(), exec.dispatchLag.percentile(0.99),
          results == 0 ? 0 : cpuSeconds / (results / 1000.0), busy, peakHeap, live, peakRss, results / secs,
          changes / secs, probes == 0 ? 0 : exec.transportErrors.sum() / (double) probes, severities, statusTimes,
          dbGrowth, dbPerRun);
      progress.say(label, String.format(Locale.ROOT,
          "done: %,.0f checks/s of %,.0f scheduled, %,.0f probes/s, start lag p99 %d ms, %.3f CPU s/1000 checks",
          result.achievedChecksPerSec(), result.scheduledChecksPerSec(), result.probesPerSec(), result.startP99(),
          result.cpuSecondsPer1000()));
    } finally {
      if (pruning != null) {
        pruning.close();
      }
      probe.close();
      store.close();
      o.afterScenario.run();
    }
    System.gc();
    return result;
  }

  /** Sites each registering thread hands to {@link Argos#registerAll} at a time. */
  private static final int REGISTER_SLICE = 10_000;

  /**
   * Registers sites 0..groups-1 with {@link Argos#registerAll}, slices of {@value #REGISTER_SLICE} sites from a few
   * threads (a database store writes a thousand sites per transaction; several threads keep it busy while sites are
   * built and planned).
   */
  static void register(Argos argos, Fleet fleet, int groups, Duration frequency, int threads, String label,
      Progress progress) throws Exception {
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int from = next.getAndAdd(REGISTER_SLICE); from < groups; from = next.getAndAdd(REGISTER_SLICE)) {
            List<org.argos.api.Site> slice = new ArrayList<>(REGISTER_SLICE);
            for (int i = from; i < Math.min(groups, from + REGISTER_SLICE); i++) {
              slice.add(fleet.site(i, frequency));
            }
            argos.registerAll(slice);
            int n = done.addAndGet(slice.size());
            if (n % 50_000 < slice.size() && n < groups) {
              progress.say(label, String.format(Locale.ROOT, "registered %,d", n));
            }
          }
          return null;
        }));
      }
      for (var f : futures) {
        f.get();
      }
    }
  }

  /** How often the harness looks at the start lag while a steady scenario's warm-up settles. */
  static final Duration SETTLE_TICK = Duration.ofSeconds(10);

  /**
   * Registering a large fleet on a database takes longer than a period, so the engine starts with a backlog of groups
   * already due, and works it off. Steady state is measured once a tick's start lag p99 is back under the limit (at
   * most {@code --settle} after the warm-up period); the report gives the warm-up's length and lag.
   */
  private static void settle(Argos argos, LagMeasuringExecutor exec, Options o, Duration frequency, String label,
      Progress progress) throws InterruptedException {
    long end = System.nanoTime() + o.settle.toNanos();
    while (true) {
      exec.recentStartLag.reset();
      long tick = Math.min(Math.min(SETTLE_TICK.toNanos(), frequency.toNanos()), Math.max(0, end - System.nanoTime()));
      if (tick <= 0) {
        progress.say(label, "warm-up: the start lag did not settle within --settle " + human(o.settle));
        return;
      }
      Thread.sleep(tick / 1_000_000);
      long p99 = exec.recentStartLag.percentile(0.99);
      boolean settled = exec.recentStartLag.count() > 0 && p99 <= o.lagLimitMs;
      progress.say(label, String.format(Locale.ROOT, "settling: start lag p99 over the last %s %,d ms, %,d held%s",
          human(Duration.ofNanos(tick)), p99, argos.metrics().held(), settled ? ": settled" : ""));
      if (settled) {
        return;
      }
    }
  }

  private static void waitAndReport(Argos argos, LagMeasuringExecutor exec, Duration d, String label, String phase,
      Progress progress) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(Math.max(1, left / 1_000_000), 10_000));
      EngineMetrics m = argos.metrics();
      progress.say(label, String.format(Locale.ROOT, "%s: %,d runs, %,d held, start lag p99 so far %d ms", phase,
          m.groupsRun(), m.held(), exec.startLag.percentile(0.99)));
    }
  }

  /** The database's growth over the window, over its second half, the raw results table's and each table's. */
  private static String dbGrowth(PostgresFleetStore.Sizes start, PostgresFleetStore.Sizes middle,
      PostgresFleetStore.Sizes end, double secs) {
    return String.format(Locale.ROOT, "%s → %s → %s (start, half-way, end), %s/h extrapolated, %s/h over the second "
            + "half; raw results table %s → %s; growth by table, first half / second half: %s",
        mib(start.database()), mib(middle.database()), mib(end.database()),
        mib((long) ((end.database() - start.database()) * 3600 / secs)),
        mib((long) ((end.database() - middle.database()) * 3600 / (secs / 2))),
        mib(start.table("results")), mib(end.table("results")),
        tableGrowth(start.tables(), middle.tables(), end.tables()));
  }

  /** The tables that grew by 1 MiB or more in either half of the window, biggest growth first. */
  static String tableGrowth(Map<String, Long> start, Map<String, Long> middle, Map<String, Long> end) {
    List<String> parts = new ArrayList<>();
    end.keySet().stream()
        .sorted(Comparator.comparingLong((String t) -> end.get(t) - start.getOrDefault(t, 0L)).reversed())
        .forEach(t -> {
          long first = middle.getOrDefault(t, 0L) - start.getOrDefault(t, 0L);
          long second = end.get(t) - middle.getOrDefault(t, 0L);
          if (Math.abs(first) >= 1 << 20 || Math.abs(second) >= 1 << 20) {
            parts.add(String.format(Locale.ROOT, "%s %+d / %+d MiB", t, first >> 20, second >> 20));
          }
        });
    return parts.isEmpty() ? "none by 1 MiB or more" : String.join(", ", parts);
  }

  private static String timeStatusQueries(Argos argos, Store store, int groups, int repeats) {
    long[][] t = new long[3][repeats];
    DomainQuery middle = new DomainQuery(null, null, null, Math.max(0, groups / 2 - 25), 50);
    for (int i = 0; i < repeats + 3; i++) {
      long a = System.nanoTime();
      argos.status();
      long b = System.nanoTime();
      store.severityCounts();
      long c = System.nanoTime();
      store.domains(middle);
      long d = System.nanoTime();
      if (i >= 3) { // the first calls warm the code up
        t[0][i - 3] = b - a;
        t[1][i - 3] = c - b;
        t[2][i - 3] = d - c;
      }
    }
    List<String> parts = new ArrayList<>();
    for (long[] row : t) {
      Arrays.sort(row);
      parts.add(ms(row[repeats / 2]) + "·" + ms(row[Math.min(repeats - 1, (int) Math.ceil(0.95 * repeats) - 1)]));
    }
    return String.join(" / ", parts) + " ms";
  }

  private static String ms(long nanos) {
    return nanos < 10_000_000 ? String.format(Locale.ROOT, "%.2f", nanos / 1e6) : String.valueOf(nanos / 1_000_000);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (d.toMillis() % 1000 != 0) return d.toMillis() + " ms";
    if (s % 60 == 0 && s >= 60) return (s / 60) + " min";
    return s + " s";
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  /** Command-line options. */
  static final class Options {
    record Steady(int groups, Duration frequency) {}

    int httpPort = -1;
    int httpsPort;
    int addresses = 1;
    List<Steady> steady = new ArrayList<>();
    Duration window = Duration.ofSeconds(60);
    Duration settle = Duration.ofMinutes(10);
    List<Integer> ceiling = new ArrayList<>();
    Duration ceilingPeriod = Duration.ofSeconds(10);
    Duration ceilingWindow = Duration.ofSeconds(15);
    long lagLimitMs = 1000;
    int statusRepeats = 50;
    int concurrency = 512;
    int perHost = 8;
    /** -1: the concurrency, so the bound per address is on every probe's path but never holds one back. */
    int perAddress = -1;

    int perAddress() {
      return perAddress < 0 ? concurrency : perAddress;
    }
    int resultsPerTask = 1;
    double peerWrk;
    double peerBlackbox;
    double peerBlackboxMix;
    @Nullable Path out;
    String store = "memory";
    @Nullable String jdbcUrl;
    int registerThreads = 4;
    Supplier<Store> storeFactory = () -> new InMemoryStore(resultsPerTask, 10);
    Runnable afterScenario = () -> {};
    /** The PostgreSQL benchmark database, or null with the in-memory store. */
    @Nullable PostgresFleetStore pg;
    /** Prune raw results older than this while the scenario runs (PostgreSQL only), or null: keep them all. */
    @Nullable Duration retention;
    /** The probe's TLS: {@code jdk} (the JVM's provider) or {@code conscrypt} (BoringSSL through Conscrypt). */
    String tls = "auto";
    /** The sites: {@code mix} (500s, slow sites, TLS) or {@code small} (the peers' small page only). */
    String fleet = "mix";
    /** The probe kinds to ramp the ceiling on, one ramp each (issue 21); empty: one ramp on the HTTP fleet. */
    List<String> kinds = new ArrayList<>();
    /** The shares of the {@code mixed} kind's fleet. */
    Fleet.Shares kindShares = new Fleet.Shares(80, 10, 10);
    /** The DNS server the {@code dns} sites ask ({@code host:port}); empty: none. */
    String dnsServer = "";
    /** How many sites the DNS server has a record for ({@code site0.bench} up): a larger step is refused. */
    int dnsRecords;
    /** How often {@code --retention} prunes and vacuums. */
    Duration pruneEvery = Duration.ofSeconds(60);
    /** {@code engine} (the in-process benchmark), {@code agents} ({@link AgentMode}) or {@code nodes} ({@link NodesMode}). */
    String mode = "engine";
    /** The load averages {@code benchmarks/run} read before it started anything; null: read them at the start. */
    @Nullable String loadBefore;
    /** Agent mode: how many agent JVMs (locations a, b, ...). */
    int agents = 2;
    /** Agent mode: how many tasks each agent asks for at most (the server answers at most 1,000 a poll). */
    int agentMaxTasks = 1000;
    /** Agent mode: how long an agent waits after a poll that brought nothing. */
    Duration agentWait = Duration.ofMillis(200);
    /** Agent mode: how long past its timeout a group may wait for an agent (the daemon's {@code agent_grace}). */
    Duration agentGrace = Duration.ofSeconds(30);
    /** Agent mode: how many groups the server parks at once (the daemon's). */
    int agentCapacity = 10_000;
    /** The JVM options of the agents and of the nodes. */
    String childJvm = "-Xms256m -Xmx2g -XX:+UseG1GC";
    /** Nodes mode: the node counts, one ramp each. */
    List<Integer> nodes = new ArrayList<>(List.of(1, 2, 3));

    /**
     * Options: {@code --http-port N} (required), {@code --https-port N} (0: no TLS sites), {@code --addresses N},
     * {@code --steady GROUPS@FREQ,...}, {@code --window D}, {@code --settle D} (the longest wait after a steady
     * scenario's warm-up period for its start lag to settle), {@code --ceiling RATE,...}, {@code --ceiling-period D},
     * {@code --ceiling-window D}, {@code --concurrency N}, {@code --per-host N}, {@code --per-address N} (default: the concurrency; the fleet's sites share few addresses), {@code --results-per-task N},
     * {@code --status-repeats N}, {@code --peer-wrk R}, {@code --peer-blackbox R}, {@code --out FILE},
     * {@code --store memory|postgres}, {@code --jdbc-url URL}, {@code --retention D} (PostgreSQL: prune raw results
     * older than D every {@code --prune-every} (1 min), and vacuum them), {@code --tls auto|jdk|conscrypt} (the probe's
     * TLS provider; auto, the default, is the probe's own), {@code --fleet mix|small} (the sites: the mix, or the
     * peers' small page only), {@code --kinds http,tcp,dns,mixed} (one ceiling ramp per probe kind, see
     * {@link ProbeKinds}), {@code --kind-shares http=80,tcp=10,dns=10} (the {@code mixed} fleet),
     * {@code --dns-server host:port} and {@code --dns-records N} (the dnsmasq the {@code dns} sites ask, holding
     * {@code site0.bench} to {@code site<N-1>.bench}), {@code --short} (a small preset that later options override).
     * Durations: {@code 500ms}, {@code 10s}, {@code 5m}.
     */
    static Options parse(String... args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--short")) {
          o.steady = new ArrayList<>(List.of(new Steady(300, Duration.ofSeconds(10))));
          o.window = Duration.ofSeconds(10);
          o.settle = Duration.ofSeconds(10);
          o.ceiling = new ArrayList<>(List.of(200, 400));
          o.ceilingPeriod = Duration.ofSeconds(5);
          o.ceilingWindow = Duration.ofSeconds(5);
          o.statusRepeats = 10;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        try {
          switch (a) {
            case "--http-port" -> o.httpPort = Integer.parseInt(v);
            case "--https-port" -> o.httpsPort = Integer.parseInt(v);
            case "--addresses" -> o.addresses = Integer.parseInt(v);
            case "--steady" -> o.steady = parseSteady(v);
            case "--window" -> o.window = duration(v);
            case "--settle" -> o.settle = duration(v);
            case "--ceiling" -> o.ceiling = v.isBlank() || v.equals("none") ? new ArrayList<>()
                : new ArrayList<>(Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList());
            case "--ceiling-period" -> o.ceilingPeriod = duration(v);
            case "--ceiling-window" -> o.ceilingWindow = duration(v);
            case "--lag-limit-ms" -> o.lagLimitMs = Long.parseLong(v);
            case "--concurrency" -> o.concurrency = Integer.parseInt(v);
            case "--per-host" -> o.perHost = Integer.parseInt(v);
            case "--per-address" -> o.perAddress = Integer.parseInt(v);
            case "--results-per-task" -> o.resultsPerTask = Integer.parseInt(v);
            case "--status-repeats" -> o.statusRepeats = Integer.parseInt(v);
            case "--peer-wrk" -> o.peerWrk = Double.parseDouble(v);
            case "--peer-blackbox" -> o.peerBlackbox = Double.parseDouble(v);
            case "--peer-blackbox-mix" -> o.peerBlackboxMix = Double.parseDouble(v);
            case "--out" -> o.out = Path.of(v);
            case "--store" -> o.store = v;
            case "--jdbc-url" -> o.jdbcUrl = v;
            case "--register-threads" -> o.registerThreads = Integer.parseInt(v);
            case "--retention" -> o.retention = duration(v);
            case "--prune-every" -> o.pruneEvery = duration(v);
            case "--tls" -> o.tls = v;
            case "--fleet" -> o.fleet = v;
            case "--kinds" -> o.kinds = ProbeKinds.parseKinds(v);
            case "--kind-shares" -> o.kindShares = ProbeKinds.parseShares(v);
            case "--dns-server" -> o.dnsServer = v.trim();
            case "--dns-records" -> o.dnsRecords = Integer.parseInt(v);
            case "--mode" -> o.mode = v;
            case "--load-before" -> o.loadBefore = v;
            case "--agents" -> o.agents = Integer.parseInt(v);
            case "--agent-max-tasks" -> o.agentMaxTasks = Integer.parseInt(v);
            case "--agent-wait" -> o.agentWait = duration(v);
            case "--agent-grace" -> o.agentGrace = duration(v);
            case "--agent-capacity" -> o.agentCapacity = Integer.parseInt(v);
            case "--child-jvm" -> o.childJvm = v;
            case "--nodes" -> o.nodes = new ArrayList<>(Arrays.stream(v.split(",")).map(String::trim)
                .map(Integer::parseInt).toList());
            default -> throw new IllegalArgumentException("unknown option " + a);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("option " + a + ": not a number: " + v, e);
        }
      }
      if (o.httpPort < 1) {
        throw new IllegalArgumentException("--http-port is required (the fleet server's port on 127.0.0.1..N)");
      }
      if (o.statusRepeats < 1) {
        throw new IllegalArgumentException("--status-repeats must be >= 1, got " + o.statusRepeats);
      }
      switch (o.store) {
        case "memory" -> { }
        case "postgres" -> {
          if (o.jdbcUrl == null) {
            throw new IllegalArgumentException("--store postgres needs --jdbc-url jdbc:postgresql://127.0.0.1:5432/DB");
          }
          PostgresFleetStore pg = new PostgresFleetStore(o.jdbcUrl);
          o.pg = pg;
          o.storeFactory = pg::open;
          o.afterScenario = pg::reset;
        }
        default -> throw new IllegalArgumentException("--store must be memory or postgres, got " + o.store);
      }
      if (!o.tls.equals("auto") && !o.tls.equals("jdk") && !o.tls.equals("conscrypt")) {
        throw new IllegalArgumentException("--tls must be auto, jdk or conscrypt, got " + o.tls);
      }
      if (!o.fleet.equals("mix") && !o.fleet.equals("small")) {
        throw new IllegalArgumentException("--fleet must be mix or small, got " + o.fleet);
      }
      if (o.retention != null && (o.retention.isNegative() || o.retention.isZero())) {
        throw new IllegalArgumentException("--retention must be positive, got " + o.retention);
      }
      if (o.pruneEvery.isNegative() || o.pruneEvery.isZero()) {
        throw new IllegalArgumentException("--prune-every must be positive, got " + o.pruneEvery);
      }
      if (o.retention != null && o.pg == null) {
        throw new IllegalArgumentException("--retention prunes the PostgreSQL store; the in-memory store keeps "
            + "--results-per-task results per task");
      }
      ProbeKinds.validate(o);
      if (!o.mode.equals("engine") && !o.mode.equals("agents") && !o.mode.equals("nodes")) {
        throw new IllegalArgumentException("--mode must be engine, agents or nodes, got " + o.mode);
      }
      if (!o.mode.equals("engine")) {
        if (o.pg == null) {
          throw new IllegalArgumentException("--mode " + o.mode + " runs on PostgreSQL: give --store postgres "
              + "--jdbc-url ...");
        }
        if (!o.kinds.isEmpty() || o.ceiling.isEmpty()) {
          throw new IllegalArgumentException("--mode " + o.mode + " ramps the HTTP fleet: give --ceiling RATE,... "
              + "and no --kinds");
        }
      }
      if (o.agents < 1 || o.agents > 26) {
        throw new IllegalArgumentException("--agents must be 1 to 26 (locations a to z), got " + o.agents);
      }
      if (o.agentMaxTasks < 1 || o.agentMaxTasks > 1000) {
        throw new IllegalArgumentException("--agent-max-tasks must be 1 to 1000 (what GET /api/tasks hands out at "
            + "most), got " + o.agentMaxTasks);
      }
      if (o.nodes.isEmpty() || o.nodes.stream().anyMatch(n -> n < 1 || n > 8)) {
        throw new IllegalArgumentException("--nodes is a list of node counts from 1 to 8, got " + o.nodes);
      }
      if (o.registerThreads < 1) {
        throw new IllegalArgumentException("--register-threads must be >= 1, got " + o.registerThreads);
      }
      return o;
    }

    private static List<Steady> parseSteady(String v) {
      List<Steady> out = new ArrayList<>();
      if (v.isBlank() || v.equals("none")) {
        return out;
      }
      for (String part : v.split(",")) {
        String[] gf = part.trim().split("@");
        if (gf.length != 2) {
          throw new IllegalArgumentException("--steady: expected GROUPS@FREQUENCY (e.g. 10000@1m), got " + part);
        }
        out.add(new Steady(Integer.parseInt(gf[0].trim()), duration(gf[1].trim())));
      }
      return out;
    }

    static Duration duration(String v) {
      // the one duration grammar (500ms, 10s, 5m, 1h, sums); a bare number is seconds
      try {
        return org.argos.api.settings.Durations.parse(v, java.time.temporal.ChronoUnit.SECONDS);
      } catch (org.argos.api.InvalidValueException e) {
        throw new IllegalArgumentException("not a duration: " + e.getMessage(), e);
      }
    }
  }
}
