package org.argos.benchmarks;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.api.store.Store;
import org.argos.checks.BuiltinChecks;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.argos.engine.EngineMetrics;
import org.argos.web.ArgosWeb;
import org.argos.web.auth.ApiAccess;
import org.jspecify.annotations.Nullable;

/**
 * The agent mode (issue 22, {@code benchmarks/run --mode agents}): the same ceiling ramp as in process, step by step
 * in process and then through agents, on PostgreSQL. The server is this JVM: the engine with the
 * {@link RemoteAgentExecutor} (agents-only probing: HTTP groups are never probed here) and the agent routes of
 * {@link ArgosWeb} on a loopback port; the agents are {@link AgentNode} JVMs, one per location ({@code a}, {@code b},
 * ...), so that the server's CPU and theirs are counted apart. Each step reports the start lag (see
 * {@link AgentLagExecutor} for why it is an upper bound), the server's CPU per 1,000 checks against the in-process
 * engine's at the same rate, the agents' CPU, and the protocol's share of the server's CPU ({@link ProtocolProfile}).
 */
final class AgentMode {
  /** The agents' token (a loopback server of this run only). */
  private static final String TOKEN = "bench-agent-token";

  private AgentMode() {}

  /** What one step through agents gave. */
  record Step(int groups, double scheduledProbesPerSec, double probesPerSec, double checksPerSec, long startP50,
      long startP99, long startMax, long handOutP99, long dispatchP99, double serverCpuPer1000,
      double agentsCpuPer1000, double machineBusyPct, ProtocolProfile.Shares protocol, long abandoned,
      double transportErrorShare, String routeTimes, String dbPerRun) {}

  /** The wall time of the agent routes, from Javalin's before and after handlers around them. */
  static final class RouteTimes {
    final LagHistogram tasks = new LagHistogram();
    final LagHistogram results = new LagHistogram();

    void mount(io.javalin.config.JavalinConfig c) {
      c.routes.before("/api/tasks", ctx -> ctx.attribute("bench.t0", System.nanoTime()));
      c.routes.before("/api/results", ctx -> ctx.attribute("bench.t0", System.nanoTime()));
      c.routes.after("/api/tasks", ctx -> record(tasks, ctx.attribute("bench.t0")));
      c.routes.after("/api/results", ctx -> record(results, ctx.attribute("bench.t0")));
    }

    private static void record(LagHistogram h, @Nullable Long t0) {
      if (t0 != null) {
        h.record((System.nanoTime() - t0) / 1_000_000);
      }
    }

    void reset() {
      tasks.reset();
      results.reset();
    }

    String text(double secs) {
      return String.format(Locale.ROOT, "GET %.0f/s, %d / %d; POST %.0f/s, %d / %d", tasks.count() / secs,
          tasks.percentile(0.5), tasks.percentile(0.99), results.count() / secs, results.percentile(0.5),
          results.percentile(0.99));
    }
  }

  static Report run(FleetBenchmark.Options o, FleetBenchmark.Progress progress) throws Exception {
    if (o.pg == null || o.jdbcUrl == null) {
      throw new IllegalArgumentException("--mode agents runs the server on PostgreSQL: give --store postgres");
    }
    Report report = new Report();
    MachineLoad.note(report, o.loadBefore);
    Fleet fleet = new Fleet(o.httpPort, o.httpsPort, o.addresses, o.fleet.equals("small"), Fleet.Shares.HTTP, "");
    report.note("Fleet: as the in-process ceiling's (" + o.fleet + ", " + o.addresses + " loopback addresses). Store: "
        + "PostgreSQL, one empty schema per step. In process: " + o.concurrency + " concurrent probes, " + o.perHost
        + " per host. Through agents: the server is the harness's JVM (engine + `RemoteAgentExecutor`, capacity "
        + String.format(Locale.ROOT, "%,d", o.agentCapacity) + " parked groups, + the agent routes on 127.0.0.1), "
        + o.agents + " agents in JVMs of their own (`AgentNode`: our `Agent` with the engine's `LocalGroupRunner` and "
        + "the same HTTP probe), locations " + String.join(", ", locations(o.agents)) + ", each asking for up to "
        + o.agentMaxTasks + " tasks and polling again after " + FleetBenchmark.human(o.agentWait)
        + " when a poll brought nothing. The sites name no location: any agent takes any group.");
    report.note("Start lag through agents: the server receives a group's results, minus the probe's duration the agent "
        + "reports, minus the group's due time (an upper bound: the agents never see the due time, the results' way "
        + "back is in it); hand-out lag: when an agent took the group, minus its due time (a lower bound). Server CPU: "
        + "the harness JVM's (in process, the same JVM probing). Protocol share: JFR execution samples of the server "
        + "every " + ProtocolProfile.PERIOD_MS + " ms over the window, each given to the first non-JDK frame on its "
        + "stack (JSON: Jackson and the protocol's classes; HTTP: Jetty, Javalin, argos-web; hand-out: the agents "
        + "executor); GC and JIT are not sampled. JFR runs in the agent steps only.");

    Report.Table in = report.table("Ceiling in process (PostgreSQL; frequency " + FleetBenchmark.human(o.ceilingPeriod)
        + ", window " + FleetBenchmark.human(o.ceilingWindow) + " after one period)", "probes/s scheduled",
        "probes/s achieved", "checks/s", "start lag p50 / p99 / max (ms)", "CPU s / 1,000 checks",
        "PostgreSQL per completed run", "machine CPU", "sustained");
    Report.Table ag = report.table("Ceiling through " + o.agents + " agents (same steps; sustained = p99 start lag ≤ "
        + o.lagLimitMs + " ms and ≥ 95 % of the scheduled probes)", "probes/s scheduled", "probes/s achieved",
        "checks/s", "start lag p50 / p99 / max (ms, upper bound)", "hand-out lag p99 (ms)",
        "server CPU s / 1,000 checks", "agents' CPU s / 1,000 checks", "protocol share of the server's samples",
        "agent requests: rate, p50 / p99 ms", "PostgreSQL per completed run", "runs no agent answered",
        "machine CPU", "sustained");
    double bestIn = 0;
    double bestAg = 0;
    boolean inDone = false;
    boolean agDone = false;
    FleetBenchmark.Measurement lastIn = null;
    Step lastAg = null;
    int lastBoth = 0;
    for (int rate : o.ceiling) {
      int groups = (int) Math.max(1, Math.round(rate * o.ceilingPeriod.toMillis() / 1000.0));
      FleetBenchmark.Measurement m = null;
      if (!inDone) {
        m = FleetBenchmark.measure(o, fleet, groups, o.ceilingPeriod, o.ceilingWindow, false, progress);
        boolean ok = m.startP99() <= o.lagLimitMs && m.probesPerSec() >= 0.95 * rate;
        in.row(fmt(rate), fmt(m.probesPerSec()), fmt(m.achievedChecksPerSec()),
            m.startP50() + " / " + m.startP99() + " / " + m.startMax(),
            String.format(Locale.ROOT, "%.3f", m.cpuSecondsPer1000()), String.valueOf(m.dbPerRun()),
            String.format(Locale.ROOT, "%.0f %%", m.machineBusyPct()), ok ? "yes" : "no");
        if (ok) {
          bestIn = Math.max(bestIn, m.probesPerSec());
        } else {
          inDone = true;
        }
      }
      Step s = null;
      if (!agDone) {
        s = measure(o, fleet, groups, rate, progress);
        boolean ok = s.startP99() <= o.lagLimitMs && s.probesPerSec() >= 0.95 * rate;
        ag.row(fmt(rate), fmt(s.probesPerSec()), fmt(s.checksPerSec()),
            s.startP50() + " / " + s.startP99() + " / " + s.startMax(), String.valueOf(s.handOutP99()),
            String.format(Locale.ROOT, "%.3f", s.serverCpuPer1000()),
            String.format(Locale.ROOT, "%.3f", s.agentsCpuPer1000()), s.protocol().text(), s.routeTimes(),
            s.dbPerRun(), fmt(s.abandoned()),
            String.format(Locale.ROOT, "%.0f %%", s.machineBusyPct()), ok ? "yes" : "no");
        if (ok) {
          bestAg = Math.max(bestAg, s.probesPerSec());
        } else {
          agDone = true;
        }
      }
      if (m != null && s != null) { // the last rate both modes ran: their CPU is compared there
        lastIn = m;
        lastAg = s;
        lastBoth = rate;
      }
      if (inDone && agDone) {
        break;
      }
    }
    report.note(String.format(Locale.ROOT, "Highest sustained rate in process: **%,.0f probes/s**.", bestIn));
    report.note(String.format(Locale.ROOT, "Highest sustained rate through agents: **%,.0f probes/s** (%,.0f "
        + "checks/s, %,.0f tasks every 5 min).", bestAg, 3 * bestAg, 3 * bestAg * 300));
    if (lastIn != null && lastAg != null) {
      Report.Table c = report.table("In process against through agents, at " + fmt(lastBoth)
          + " probes/s scheduled (the highest step both ran)", "", "in process", "through agents");
      c.row("probes/s achieved", fmt(lastIn.probesPerSec()), fmt(lastAg.probesPerSec()));
      c.row("start lag p99 (ms)", String.valueOf(lastIn.startP99()), lastAg.startP99() + " (upper bound)");
      c.row("server CPU s / 1,000 checks", String.format(Locale.ROOT, "%.3f", lastIn.cpuSecondsPer1000()),
          String.format(Locale.ROOT, "%.3f", lastAg.serverCpuPer1000()));
      c.row("agents' CPU s / 1,000 checks", "—", String.format(Locale.ROOT, "%.3f", lastAg.agentsCpuPer1000()));
      c.row("the protocol's share of the server's CPU", "—", lastAg.protocol().text());
      c.row("the protocol's CPU s / 1,000 checks (server CPU × share)", "—", String.format(Locale.ROOT, "%.3f",
          lastAg.serverCpuPer1000() * lastAg.protocol().protocol()));
      c.row("agent requests (per second; p50 / p99 of their time in the server, ms)", "—", lastAg.routeTimes());
      c.row("PostgreSQL per completed run", String.valueOf(lastIn.dbPerRun()), lastAg.dbPerRun());
    }
    double target = 1_000_000 / 300.0 / 3; // probes/s for 1,000,000 tasks of 3 checks a group every 5 min
    report.note(String.format(Locale.ROOT, "Target: 1,000,000 tasks every 5 min through agents (%,.0f probes/s at 3 "
        + "checks a probe) with a p99 start lag ≤ 1 s: %s.", target, bestAg >= target ? "**met**"
        : o.ceiling.stream().anyMatch(r -> r >= target) ? "**not met**" : "not measured (the ramp stops below it)"));
    return report;
  }

  static List<String> locations(int agents) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      l.add(String.valueOf((char) ('a' + i)));
    }
    return l;
  }

  static Step measure(FleetBenchmark.Options o, Fleet fleet, int groups, int rate,
      FleetBenchmark.Progress progress) throws Exception {
    Duration frequency = o.ceilingPeriod;
    String label = String.format(Locale.ROOT, "agents, %,d groups / %s", groups, FleetBenchmark.human(frequency));
    Store store = o.storeFactory.get();
    HttpProbe probe = FleetBenchmark.probe(o, fleet);
    RemoteAgentExecutor remote = new RemoteAgentExecutor(o.agentGrace, o.agentCapacity);
    AgentLagExecutor exec = new AgentLagExecutor(remote);
    RouteTimes routes = new RouteTimes();
    List<Process> agents = new ArrayList<>();
    try (Argos argos = Argos.builder().store(store).probe(probe).install(BuiltinChecks.all()).executor(exec)
        .firstRunSpread(frequency).perAddress(o.perAddress()).shutdownTimeout(Duration.ofSeconds(20)).build();
        ArgosWeb web = ArgosWeb.builder(argos).tokens(new ApiAccess.Tokens(List.of(TOKEN), List.of())).agents(remote)
            .build()) {
      Javalin app = Javalin.create(c -> {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        routes.mount(c);
        web.mountAgents(c);
      }).start("127.0.0.1", 0);
      try {
        // the agents first, polling an empty server: their JVMs' start is not in the first period's lag
        String url = "http://127.0.0.1:" + app.port();
        for (String location : locations(o.agents)) {
          agents.add(startAgent(o, url, location));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (remote.agents().size() < o.agents) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the agents did not poll within 60 s (their errors are above)");
          }
          Thread.sleep(50);
        }
        FleetBenchmark.register(argos, fleet, groups, frequency, o.registerThreads, label, progress);
        argos.start();
        progress.say(label, "server on " + url + ", " + o.agents + " agents polling; warming up for "
            + FleetBenchmark.human(frequency));
        waitAndReport(argos, exec, frequency, label, "warm-up", progress);

        EngineMetrics m0 = argos.metrics();
        exec.resetWindow();
        routes.reset();
        String jdbcUrl = java.util.Objects.requireNonNull(o.jdbcUrl, "jdbcUrl");
        DbCounters db0 = DbCounters.read(jdbcUrl);
        long cpu0 = ProcessMeter.processCpuNanos();
        long agents0 = agentsCpu(agents);
        long[] j0 = ProcessMeter.machineJiffies();
        long w0 = System.nanoTime();
        ProtocolProfile.Shares shares;
        try (ProtocolProfile profile = new ProtocolProfile()) {
          waitAndReport(argos, exec, o.ceilingWindow, label, "measuring", progress);
          shares = profile.stop();
        }
        double secs = (System.nanoTime() - w0) / 1e9;
        long cpu1 = ProcessMeter.processCpuNanos();
        long agents1 = agentsCpu(agents);
        long[] j1 = ProcessMeter.machineJiffies();
        EngineMetrics m1 = argos.metrics();
        DbCounters db1 = DbCounters.read(jdbcUrl);
        long results = m1.resultsWritten() - m0.resultsWritten();
        long probes = exec.probes.sum();
        double busy = j1[1] == j0[1] ? 0 : 100.0 * (j1[0] - j0[0]) / (j1[1] - j0[1]);
        Step s = new Step(groups, rate, probes / secs, results / secs, exec.startLag.percentile(0.50),
            exec.startLag.percentile(0.99), exec.startLag.max(), exec.handOutLag.percentile(0.99),
            exec.dispatchLag.percentile(0.99), results == 0 ? 0 : (cpu1 - cpu0) / 1e9 / (results / 1000.0),
            results == 0 || agents0 < 0 || agents1 < 0 ? 0 : (agents1 - agents0) / 1e9 / (results / 1000.0), busy,
            shares, exec.abandoned.sum(), probes == 0 ? 0 : exec.transportErrors.sum() / (double) probes,
            routes.text(secs), DbCounters.perRun(db0, db1, probes));
        progress.say(label, String.format(Locale.ROOT, "done: %,.0f probes/s of %,d scheduled, start lag p99 ≤ %d ms, "
            + "server %.3f and agents %.3f CPU s/1000 checks, protocol %s", s.probesPerSec(), rate, s.startP99(),
            s.serverCpuPer1000(), s.agentsCpuPer1000(), shares.text()));
        return s;
      } finally {
        for (Process p : agents) {
          p.destroyForcibly();
        }
        for (Process p : agents) {
          p.waitFor(30, TimeUnit.SECONDS);
        }
        app.stop();
      }
    } finally {
      probe.close();
      store.close();
      o.afterScenario.run();
      System.gc();
    }
  }

  /** The agents' CPU so far (user + system), or -1 when one is gone. */
  private static long agentsCpu(List<Process> agents) {
    long sum = 0;
    for (Process p : agents) {
      long n = ProcessMeter.cpuNanosOf(p.pid());
      if (n < 0) {
        return -1;
      }
      sum += n;
    }
    return sum;
  }

  /** Forks an {@link AgentNode} and waits until it polls; its errors go to this process's standard error. */
  private static Process startAgent(FleetBenchmark.Options o, String url, String location) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(o.childJvm.trim().split("\\s+")));
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
        System.getProperty("java.class.path"), AgentNode.class.getName(), "--server", url, "--token", TOKEN,
        "--agent-id", "bench-agent-" + location, "--location", location, "--max-tasks",
        String.valueOf(o.agentMaxTasks), "--wait", o.agentWait.toMillis() + "ms", "--", "--http-port",
        String.valueOf(o.httpPort), "--https-port", String.valueOf(o.httpsPort), "--addresses",
        String.valueOf(o.addresses), "--fleet", o.fleet, "--tls", o.tls));
    cmd.removeIf(String::isEmpty);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread.ofPlatform().daemon(true).name("bench-agent-" + location + "-out").start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("ready")) {
            ready.complete(true);
          }
        }
      } catch (java.io.IOException e) {
        // ended
      }
      ready.complete(false);
    });
    boolean ok;
    try {
      ok = ready.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      ok = false;
    }
    if (!ok) {
      p.destroyForcibly();
      throw new IllegalStateException("agent " + location + " did not start (its errors are above)");
    }
    return p;
  }

  private static void waitAndReport(Argos argos, AgentLagExecutor exec, Duration d, String label, String phase,
      FleetBenchmark.Progress progress) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(Math.max(1, left / 1_000_000), 10_000));
      EngineMetrics m = argos.metrics();
      progress.say(label, String.format(Locale.ROOT, "%s: %,d runs, %,d through agents, start lag p99 so far %d ms",
          phase, m.groupsRun(), exec.probes.sum(), exec.startLag.percentile(0.99)));
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

}
