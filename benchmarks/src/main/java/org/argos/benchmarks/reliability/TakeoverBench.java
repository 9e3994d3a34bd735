package org.argos.benchmarks.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.argos.api.CheckResult;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.argos.postgres.JdbcStore;

/**
 * Takeover times (issue 17), over several rounds, min and median:
 *
 * <ul>
 *   <li>{@code kill}: two nodes on one PostgreSQL; the first holds every site claimed (its probes hang) and is killed
 *       with {@code kill -9}; the time from the kill until the live node has checked every site.
 *   <li>{@code restart}: an embedded node holding every site claimed is killed with {@code kill -9} and started again
 *       (same data directory, same node id); the time from the new process's start to its first check and to the
 *       check of every site (JVM start included).
 * </ul>
 *
 * <pre>
 * createdb -h 127.0.0.1 -U postgres argos_bench_nodes
 * java -cp benchmarks/target/benchmarks.jar org.argos.benchmarks.reliability.TakeoverBench \
 *     --pg postgresql://postgres@127.0.0.1:5432/argos_bench_nodes --rounds 5 --sites 20 --heartbeat-ms 10000 --misses 3
 * </pre>
 *
 * {@code --no-restart} measures the takeover only.
 *
 * The nodes run the daemon's defaults (2-minute lease, heartbeat every 10 s, 3 misses) unless told otherwise; probes
 * are made up (no network), so the figures are the engine's and the database's.
 */
public final class TakeoverBench {
  private TakeoverBench() {}

  private static final CheckProvider STATUS_IS = new CheckProvider() {
    @Override
    public String name() {
      return "status-is";
    }

    @Override
    public org.argos.api.spi.Check create(Object parameter) {
      int expected = ((Number) parameter).intValue();
      return (response, context) -> response.status() == expected ? CheckResult.success()
          : CheckResult.failure("expected " + expected + ", got " + response.status());
    }
  };

  /** @param args see the class comment; {@code node ...} is the forked node */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("node")) {
      node(args);
      return;
    }
    String pg = null;
    int rounds = 5;
    int sites = 20;
    long heartbeatMs = 10_000;
    int misses = 3;
    boolean restart = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pg" -> pg = args[++i];
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--sites" -> sites = Integer.parseInt(args[++i]);
        case "--heartbeat-ms" -> heartbeatMs = Long.parseLong(args[++i]);
        case "--misses" -> misses = Integer.parseInt(args[++i]);
        case "--no-restart" -> restart = false;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (pg != null) {
      List<Long> kill = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        kill.add(killRound(pg, r, sites, heartbeatMs, misses));
        System.out.printf("kill -9 round %d: every site checked by the live node %d ms after the kill%n", r,
            kill.getLast());
      }
      summary("kill -9 takeover on PostgreSQL (ms, kill to last site checked)", kill);
    }
    if (!restart) {
      return;
    }
    List<Long> ready = new ArrayList<>();
    List<Long> first = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long[] t = restartRound(r, sites, heartbeatMs, misses);
      first.add(t[0]);
      all.add(t[1]);
      ready.add(t[2]);
      System.out.printf("restart round %d: engine started %d ms, first check %d ms, every site %d ms after the process "
          + "started%n", r, t[2], t[0], t[1]);
    }
    summary("embedded restart (ms, process start to engine started: JVM, database, migrations)", ready);
    summary("embedded restart (ms, process start to first check)", first);
    summary("embedded restart (ms, process start to every site checked)", all);
  }

  private static void summary(String what, List<Long> ms) {
    List<Long> s = new ArrayList<>(ms);
    Collections.sort(s);
    System.out.printf("%s: min %d, median %d, max %d, rounds %d %s%n", what, s.getFirst(), s.get(s.size() / 2),
        s.getLast(), s.size(), ms);
  }

  private static List<Site> sites(String prefix, int count) {
    List<Site> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Site.builder("http://" + prefix + i + ".bench.test").ipVersions(true, false)
          .frequency(Duration.ofHours(1)).path("/", p -> p.check("status-is", 200)).build());
    }
    return out;
  }

  private static Probe probe(long millis, Set<String> probed) {
    return request -> {
      probed.add(request.url());
      System.out.println("probe " + request.url());
      System.out.flush();
      if (millis > 0) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new ProbeResponse(request, 200, Map.of(), new byte[0], false, List.of(), "http/1.1", request.url(),
          List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);
    };
  }

  private static JdbcStore store(String spec) {
    return spec.startsWith("embedded:") ? JdbcStore.embedded(Path.of(spec.substring("embedded:".length()))).build()
        : JdbcStore.postgres(spec).poolSize(4).build();
  }

  private static Argos.Builder engine(JdbcStore store, String node, Probe probe, long heartbeatMs, int misses) {
    return Argos.builder().store(store).nodeId(node).discoverPlugins(false).install(STATUS_IS).probe(probe)
        .firstRunSpread(Duration.ZERO).heartbeat(Duration.ofMillis(heartbeatMs), misses, Duration.ofSeconds(2));
  }

  /** The forked node: node STORE ID PROBE_MS HEARTBEAT_MS MISSES PREFIX SITES. */
  private static void node(String[] a) throws Exception {
    JdbcStore store = store(a[1]);
    Argos argos = engine(store, a[2], probe(Long.parseLong(a[3]), ConcurrentHashMap.newKeySet()), Long.parseLong(a[4]),
        Integer.parseInt(a[5])).build();
    argos.registerAll(sites(a[6], Integer.parseInt(a[7])));
    argos.start();
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private record Forked(Process process, Set<String> probed, long startedNanos, long readyNanos) {}

  private static Forked fork(String store, String id, long probeMs, long heartbeatMs, int misses, String prefix,
      int sites) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        TakeoverBench.class.getName(), "node", store, id, Long.toString(probeMs), Long.toString(heartbeatMs),
        Integer.toString(misses), prefix, Integer.toString(sites))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Set<String> probed = ConcurrentHashMap.newKeySet();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread.ofPlatform().daemon(true).start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("ready")) {
            ready.complete(true);
          } else if (line.startsWith("probe ")) {
            probed.add(line.substring(6));
          }
        }
      } catch (java.io.IOException e) {
        // ended
      }
      ready.complete(false);
    });
    if (!ready.get(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the forked node did not start");
    }
    return new Forked(p, probed, start, System.nanoTime());
  }

  private static void await(java.util.function.BooleanSupplier done, Duration max, String what) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static long killRound(String pg, int round, int sites, long heartbeatMs, int misses) throws Exception {
    String prefix = "k" + round + "-" + System.nanoTime() % 100000 + "-";
    Forked dead = fork(pg, "bench-dead-" + round, 3_600_000, heartbeatMs, misses, prefix, sites);
    Set<String> probed = ConcurrentHashMap.newKeySet();
    try (JdbcStore store = store(pg);
        Argos live = engine(store, "bench-live-" + round, probe(0, probed), heartbeatMs, misses).build()) {
      await(() -> dead.probed().size() == sites, Duration.ofMinutes(2), "the first node's claims");
      live.start();
      dead.process().destroyForcibly();
      long killed = System.nanoTime();
      dead.process().waitFor(30, TimeUnit.SECONDS);
      await(() -> probed.stream().filter(u -> u.contains(prefix)).count() == sites, Duration.ofMinutes(5),
          "the takeover");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      for (Site s : sites(prefix, sites)) {
        live.unregister(s.domain());
      }
      return ms;
    }
  }

  private static long[] restartRound(int round, int sites, long heartbeatMs, int misses) throws Exception {
    Path dir = Files.createTempDirectory("argos-takeover-bench");
    String store = "embedded:" + dir.resolve("argos");
    String prefix = "r" + round + "-";
    Forked first = fork(store, "bench-restart", 3_600_000, heartbeatMs, misses, prefix, sites);
    try {
      await(() -> first.probed().size() == sites, Duration.ofMinutes(2), "the claims");
      Thread.sleep(3_000); // H2 writes committed changes to its file within about a second
    } finally {
      first.process().destroyForcibly();
      first.process().waitFor(30, TimeUnit.SECONDS);
    }
    Forked second = fork(store, "bench-restart", 0, heartbeatMs, misses, prefix, sites);
    try {
      await(() -> !second.probed().isEmpty(), Duration.ofMinutes(5), "the first check");
      long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second.startedNanos());
      await(() -> second.probed().size() == sites, Duration.ofMinutes(5), "every check");
      long allMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second.startedNanos());
      return new long[] {firstMs, allMs,
          TimeUnit.NANOSECONDS.toMillis(second.readyNanos() - second.startedNanos())};
    } finally {
      second.process().destroyForcibly();
      second.process().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
