package org.argos.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.argos.api.store.Store;
import org.argos.checks.BuiltinChecks;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.argos.engine.EngineMetrics;
import org.argos.engine.InProcessExecutor;

/**
 * One engine node of the nodes mode ({@link NodesMode}), in a JVM of its own: the in-process engine of the fleet
 * benchmark on the shared PostgreSQL database, registering nothing (the harness registered the fleet). Prints
 * {@code ready} once started, then answers the harness on its standard input: {@code reset} starts a window,
 * {@code report} prints {@code report runs=N results=N errors=N cpu=NANOS lags=LAG:COUNT,...} for the window, and
 * {@code stop} (or the end of the input) stops the node.
 *
 * <pre>
 * java -cp benchmarks.jar org.argos.benchmarks.EngineNode --node-id n1 --frequency 10s -- --http-port 18080 \
 *     --https-port 18443 --addresses 64 --store postgres --jdbc-url jdbc:postgresql://127.0.0.1:5432/DB?user=postgres
 * </pre>
 */
public final class EngineNode {
  private EngineNode() {}

  /**
   * @param args {@code --node-id ID --frequency D}, then {@code --} and the fleet's options
   * @throws Exception when the node fails
   */
  public static void main(String[] args) throws Exception {
    int dash = Arrays.asList(args).indexOf("--");
    if (dash != 4 || !args[0].equals("--node-id") || !args[2].equals("--frequency")) {
      throw new IllegalArgumentException("expected --node-id ID --frequency D -- FLEET-OPTIONS");
    }
    String id = args[1];
    Duration frequency = FleetBenchmark.Options.duration(args[3]);
    FleetBenchmark.Options o = FleetBenchmark.Options.parse(Arrays.copyOfRange(args, dash + 1, args.length));
    Fleet fleet = new Fleet(o.httpPort, o.httpsPort, o.addresses, o.fleet.equals("small"), Fleet.Shares.HTTP, "");
    LagMeasuringExecutor exec = new LagMeasuringExecutor(
        InProcessExecutor.builder().maxConcurrency(o.concurrency).perHost(o.perHost).build());
    Store store = o.storeFactory.get();
    try (HttpProbe probe = FleetBenchmark.probe(o, fleet);
        Argos argos = Argos.builder().store(store).nodeId(id).probe(probe).install(BuiltinChecks.all())
            .executor(exec).firstRunSpread(frequency).perAddress(o.perAddress())
            .shutdownTimeout(Duration.ofSeconds(20)).build()) {
      argos.start();
      System.out.println("ready");
      System.out.flush();
      EngineMetrics m0 = argos.metrics();
      long cpu0 = ProcessMeter.processCpuNanos();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
        switch (line) {
          case "reset" -> {
            exec.resetWindow();
            m0 = argos.metrics();
            cpu0 = ProcessMeter.processCpuNanos();
            System.out.println("ok");
          }
          case "report" -> {
            EngineMetrics m1 = argos.metrics();
            System.out.println("report runs=" + exec.probes.sum() + " results=" + (m1.resultsWritten()
                - m0.resultsWritten()) + " errors=" + exec.transportErrors.sum() + " cpu="
                + (ProcessMeter.processCpuNanos() - cpu0) + " lags=" + exec.startLag.sparse());
          }
          default -> System.out.println("unknown command " + line);
        }
        System.out.flush();
      }
    } finally {
      store.close();
    }
  }
}
