package org.argos.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.argos.api.store.Store;
import org.argos.checks.BuiltinChecks;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;

/**
 * The nodes mode (issue 22, {@code benchmarks/run --mode nodes}): the ceiling ramp with 1, then 2, then 3 engine
 * nodes ({@link EngineNode} JVMs) on one PostgreSQL database, the same fleet, in one run. Each step starts the nodes on
 * an empty schema, registers the fleet from the harness, lets one period pass and measures a window: the runs every
 * node completed, their start lags (merged), their CPU, and PostgreSQL's cost per completed run from its own counters
 * ({@link DbCounters}).
 */
final class NodesMode {
  private NodesMode() {}

  /** What one step gave. */
  record Step(int nodes, double probesPerSec, double checksPerSec, long startP50, long startP99, long startMax,
      List<Double> perNode, double nodesCpuPer1000, long runs, DbCounters before, DbCounters after,
      double machineBusyPct) {
    String db() {
      return DbCounters.perRun(before, after, runs);
    }
  }

  static Report run(FleetBenchmark.Options o, FleetBenchmark.Progress progress) throws Exception {
    if (o.pg == null || o.jdbcUrl == null) {
      throw new IllegalArgumentException("--mode nodes shares one PostgreSQL database: give --store postgres");
    }
    Report report = new Report();
    MachineLoad.note(report, o.loadBefore);
    Fleet fleet = new Fleet(o.httpPort, o.httpsPort, o.addresses, o.fleet.equals("small"), Fleet.Shares.HTTP, "");
    boolean statements = DbCounters.read(o.jdbcUrl).statements() >= 0;
    report.note("Fleet: as the in-process ceiling's (" + o.fleet + ", " + o.addresses + " loopback addresses). Nodes: "
        + "`EngineNode` JVMs (`" + o.childJvm + "`), each the in-process engine (" + o.concurrency + " concurrent "
        + "probes, " + o.perHost + " per host) on the one PostgreSQL database, which the harness empties before "
        + "each step and fills with the fleet once the nodes run (registering takes a while: a fleet registered "
        + "before would be overdue when they start). Database cost per completed run, from PostgreSQL's counters before and "
        + "after the window: " + (statements ? "statements from `pg_stat_statements`, " : "statements are not "
        + "counted (`pg_stat_statements` is not in `shared_preload_libraries`, and loading it restarts the "
        + "cluster): transactions (`xact_commit + xact_rollback`) instead, ") + "rows from `pg_stat_database` "
        + "(`tup_inserted`, `tup_updated`, `tup_deleted`, `tup_fetched`), WAL bytes from `pg_current_wal_lsn()` "
        + "(the whole cluster's: any other database's writes are in it), CPU of the backends connected to the "
        + "benchmark database from `/proc/PID/stat` (the other PostgreSQL processes' apart: background writers, "
        + "other databases). PostgreSQL flushes its statistics every second or so: the window's edges are that "
        + "fuzzy.");
    Map<Integer, Double> best = new LinkedHashMap<>();
    Map<Integer, Step> atBest = new LinkedHashMap<>();
    for (int n : o.nodes) {
      Report.Table t = report.table("Ceiling with " + n + " node" + (n == 1 ? "" : "s") + " (frequency "
          + FleetBenchmark.human(o.ceilingPeriod) + ", window " + FleetBenchmark.human(o.ceilingWindow)
          + " after one period; sustained = p99 start lag ≤ " + o.lagLimitMs + " ms and ≥ 95 % of the scheduled "
          + "probes)", "probes/s scheduled", "probes/s achieved", "per node", "start lag p50 / p99 / max (ms)",
          "nodes' CPU s / 1,000 checks", "PostgreSQL per completed run", "machine CPU", "sustained");
      double b = 0;
      for (int rate : o.ceiling) {
        int groups = (int) Math.max(1, Math.round(rate * o.ceilingPeriod.toMillis() / 1000.0));
        Step s = measure(o, fleet, n, groups, progress);
        boolean ok = s.startP99() <= o.lagLimitMs && s.probesPerSec() >= 0.95 * rate;
        t.row(fmt(rate), fmt(s.probesPerSec()), String.join(" + ", s.perNode().stream().map(NodesMode::fmt).toList()),
            s.startP50() + " / " + s.startP99() + " / " + s.startMax(),
            String.format(Locale.ROOT, "%.3f", s.nodesCpuPer1000()), s.db(),
            String.format(Locale.ROOT, "%.0f %%", s.machineBusyPct()), ok ? "yes" : "no");
        if (!ok) {
          break;
        }
        if (s.probesPerSec() >= b) {
          b = s.probesPerSec();
          atBest.put(n, s);
        }
      }
      best.put(n, b);
      report.note(String.format(Locale.ROOT, "Highest sustained rate with %d node%s: **%,.0f probes/s**.", n,
          n == 1 ? "" : "s", b));
    }
    Report.Table sum = report.table("What each node adds", "nodes", "highest sustained probes/s",
        "added by the last node", "PostgreSQL per completed run at that rate");
    Double previous = null;
    for (Map.Entry<Integer, Double> e : best.entrySet()) {
      Step s = atBest.get(e.getKey());
      sum.row(String.valueOf(e.getKey()), fmt(e.getValue()), previous == null ? "—"
          : String.format(Locale.ROOT, "%+,.0f", e.getValue() - previous), s == null ? "—" : s.db());
      previous = e.getValue();
    }
    return report;
  }

  /** A forked node and the pipes the harness talks to it through. */
  private record Node(Process process, BufferedReader out, BufferedWriter in) {
    String ask(String command, String answerPrefix) throws Exception {
      in.write(command + "\n");
      in.flush();
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(answerPrefix)) {
          return line;
        }
      }
      throw new IllegalStateException("node ended before answering " + command);
    }
  }

  static Step measure(FleetBenchmark.Options o, Fleet fleet, int n, int groups, FleetBenchmark.Progress progress)
      throws Exception {
    Duration frequency = o.ceilingPeriod;
    String label = String.format(Locale.ROOT, "%d node%s, %,d groups / %s", n, n == 1 ? "" : "s", groups,
        FleetBenchmark.human(frequency));
    List<Node> nodes = new ArrayList<>();
    try {
      // the schema first, then the nodes, then the fleet: the nodes' JVM start is not in the first period's lag
      Store store = o.storeFactory.get(); // migrates the empty schema
      try {
        for (int i = 1; i <= n; i++) {
          nodes.add(start(o, "bench-node-" + i, frequency));
        }
        for (Node node : nodes) {
          String line = node.out().readLine();
          while (line != null && !line.equals("ready")) {
            line = node.out().readLine();
          }
          if (line == null) {
            throw new IllegalStateException("a node did not start (its errors are above)");
          }
        }
        try (HttpProbe probe = FleetBenchmark.probe(o, fleet);
            Argos argos = Argos.builder().store(store).probe(probe).install(BuiltinChecks.all())
                .firstRunSpread(frequency).build()) {
          FleetBenchmark.register(argos, fleet, groups, frequency, o.registerThreads, label, progress);
        }
      } finally {
        store.close();
      }
      progress.say(label, n + " node(s) started; warming up for " + FleetBenchmark.human(frequency));
      Thread.sleep(frequency.toMillis());
      for (Node node : nodes) {
        node.ask("reset", "ok");
      }
      DbCounters before = DbCounters.read(o.jdbcUrl);
      long[] j0 = ProcessMeter.machineJiffies();
      long w0 = System.nanoTime();
      Thread.sleep(o.ceilingWindow.toMillis());
      List<String> reports = new ArrayList<>();
      for (Node node : nodes) {
        reports.add(node.ask("report", "report "));
      }
      double secs = (System.nanoTime() - w0) / 1e9;
      DbCounters after = DbCounters.read(o.jdbcUrl);
      long[] j1 = ProcessMeter.machineJiffies();
      LagHistogram lags = new LagHistogram();
      long runs = 0;
      long results = 0;
      long cpu = 0;
      List<Double> perNode = new ArrayList<>();
      for (String r : reports) {
        Map<String, String> f = fields(r);
        long nodeRuns = Long.parseLong(f.get("runs"));
        runs += nodeRuns;
        results += Long.parseLong(f.get("results"));
        cpu += Long.parseLong(f.get("cpu"));
        lags.add(f.getOrDefault("lags", ""));
        perNode.add(nodeRuns / secs);
      }
      double busy = j1[1] == j0[1] ? 0 : 100.0 * (j1[0] - j0[0]) / (j1[1] - j0[1]);
      Step s = new Step(n, runs / secs, results / secs, lags.percentile(0.50), lags.percentile(0.99), lags.max(),
          perNode, results == 0 ? 0 : cpu / 1e9 / (results / 1000.0), runs, before, after, busy);
      progress.say(label, String.format(Locale.ROOT, "done: %,.0f probes/s (%s), start lag p99 %d ms; PostgreSQL per "
          + "run: %s", s.probesPerSec(), String.join(" + ", perNode.stream().map(NodesMode::fmt).toList()),
          s.startP99(), s.db()));
      return s;
    } finally {
      for (Node node : nodes) {
        try {
          node.in().write("stop\n");
          node.in().flush();
        } catch (java.io.IOException e) {
          // already gone
        }
      }
      for (Node node : nodes) {
        if (!node.process().waitFor(30, TimeUnit.SECONDS)) {
          node.process().destroyForcibly();
          node.process().waitFor(10, TimeUnit.SECONDS);
        }
      }
      o.afterScenario.run();
    }
  }

  private static Map<String, String> fields(String report) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String part : report.substring("report ".length()).split(" ")) {
      int eq = part.indexOf('=');
      f.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return f;
  }

  private static Node start(FleetBenchmark.Options o, String id, Duration frequency) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(o.childJvm.trim().split("\\s+")));
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
        System.getProperty("java.class.path"), EngineNode.class.getName(), "--node-id", id, "--frequency",
        frequency.toMillis() + "ms", "--", "--http-port", String.valueOf(o.httpPort), "--https-port",
        String.valueOf(o.httpsPort), "--addresses", String.valueOf(o.addresses), "--fleet", o.fleet, "--tls", o.tls,
        "--concurrency", String.valueOf(o.concurrency), "--per-host", String.valueOf(o.perHost), "--per-address",
        String.valueOf(o.perAddress()), "--store", "postgres", "--jdbc-url", o.jdbcUrl));
    cmd.removeIf(String::isEmpty);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new Node(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
        new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }
}
