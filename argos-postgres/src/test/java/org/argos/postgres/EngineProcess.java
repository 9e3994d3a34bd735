package org.argos.postgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;

/**
 * An engine node in a JVM of its own, so tests can kill it with {@code kill -9} or stop it with SIGTERM like a daemon.
 * Arguments: the store ({@code embedded:<file>} or an Argos PostgreSQL URL), the node id, how long each probe takes
 * (ms), the heartbeat interval (ms), the number of sites. It registers {@code http://s<i>.nodes.test} (due at once,
 * every hour), prints {@code probe <url>} as each probe starts and {@code ready} once started. Like the daemon, a
 * shutdown hook closes the engine, then the store.
 */
final class EngineProcess {
  private EngineProcess() {}

  static final CheckProvider STATUS_IS = StatusIs.PROVIDER;

  static List<Site> sites(int count) {
    List<Site> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Site.builder("http://s" + i + ".nodes.test").ipVersions(true, false).frequency(Duration.ofHours(1))
          .path("/", p -> p.check("status-is", 200)).build());
    }
    return out;
  }

  static JdbcStore store(String spec) {
    return spec.startsWith("embedded:") ? JdbcStore.embedded(Path.of(spec.substring("embedded:".length()))).build()
        : JdbcStore.postgres(spec).poolSize(4).build();
  }

  public static void main(String[] args) throws Exception {
    String node = args[1];
    long probeMillis = Long.parseLong(args[2]);
    Duration heartbeat = Duration.ofMillis(Long.parseLong(args[3]));
    int count = Integer.parseInt(args[4]);
    JdbcStore store = store(args[0]);
    Argos argos = Argos.builder().store(store).nodeId(node).discoverPlugins(false).install(STATUS_IS)
        .probe(request -> {
          System.out.println("probe " + request.url());
          System.out.flush();
          try {
            Thread.sleep(probeMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new ProbeResponse(request, 200, Map.of(), new byte[0], false, List.of(), "http/1.1", request.url(),
              List.of(), ProbeTimings.ofTotal(Duration.ofMillis(probeMillis)), null);
        })
        .firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(500), Duration.ofMinutes(2), 200)
        .heartbeat(heartbeat, 3, Duration.ofSeconds(2))
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      argos.close();
      store.close();
    }, "test-shutdown"));
    argos.registerAll(sites(count));
    argos.start();
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A forked node and the URLs it has started probing. */
  record Forked(Process process, Set<String> probed) {}

  /** Starts a node and returns once it said {@code ready}; the caller kills or stops it. */
  static Forked start(String store, String node, long probeMillis, long heartbeatMillis, int sites) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), EngineProcess.class.getName(),
        store, node, Long.toString(probeMillis), Long.toString(heartbeatMillis), Integer.toString(sites))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Set<String> probed = ConcurrentHashMap.newKeySet();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    java.util.concurrent.CompletableFuture<Boolean> ready = new java.util.concurrent.CompletableFuture<>();
    Thread.ofPlatform().daemon(true).name("engine-process-out").start(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("ready")) {
            ready.complete(true);
          } else if (line.startsWith("probe ")) {
            probed.add(line.substring("probe ".length()));
          }
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
      ready.complete(false);
    });
    if (!ready.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the engine process did not start (exit " + p.waitFor() + ")");
    }
    return new Forked(p, probed);
  }
}
