package org.argos.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.argos.agents.agent.Agent;
import org.argos.checks.BuiltinChecks;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;

/**
 * One agent of the agent mode ({@link AgentMode}), in a JVM of its own so that its CPU is its own: our {@link Agent}
 * with the engine's {@link LocalGroupRunner} (what {@code argos agent} runs), and the HTTP probe the in-process runs
 * use, with the fleet's resolver. Prints {@code ready} once it polls; runs until killed.
 *
 * <pre>
 * java -cp benchmarks.jar org.argos.benchmarks.AgentNode --server http://127.0.0.1:PORT --token T --agent-id a1 \
 *     --location a --max-tasks 1000 --wait 200ms -- --http-port 18080 --https-port 18443 --addresses 64
 * </pre>
 */
public final class AgentNode {
  private AgentNode() {}

  /**
   * @param args the agent's options, then {@code --} and the fleet's (as {@link FleetBenchmark.Options#parse})
   * @throws Exception when it cannot start
   */
  public static void main(String[] args) throws Exception {
    int dash = Arrays.asList(args).indexOf("--");
    if (dash < 0) {
      throw new IllegalArgumentException("expected the agent's options, then -- and the fleet's");
    }
    String server = null;
    String token = null;
    String id = null;
    String location = org.argos.api.Quorum.DEFAULT_LOCATION;
    int maxTasks = 1000;
    Duration wait = Duration.ofMillis(200);
    for (int i = 0; i < dash; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--server" -> server = v;
        case "--token" -> token = v;
        case "--agent-id" -> id = v;
        case "--location" -> location = v;
        case "--max-tasks" -> maxTasks = Integer.parseInt(v);
        case "--wait" -> wait = FleetBenchmark.Options.duration(v);
        default -> throw new IllegalArgumentException("unknown agent option " + args[i]);
      }
    }
    if (server == null || token == null || id == null) {
      throw new IllegalArgumentException("--server, --token and --agent-id are required");
    }
    List<String> fleetArgs = new ArrayList<>(Arrays.asList(args).subList(dash + 1, args.length));
    FleetBenchmark.Options o = FleetBenchmark.Options.parse(fleetArgs.toArray(String[]::new));
    Fleet fleet = new Fleet(o.httpPort, o.httpsPort, o.addresses, o.fleet.equals("small"), Fleet.Shares.HTTP,
        o.dnsServer);
    CheckRegistry checks = CheckRegistry.of(BuiltinChecks.all(), false, AgentNode.class.getClassLoader());
    try (HttpProbe probe = FleetBenchmark.probe(o, fleet);
        Agent agent = new Agent(server, token, id, maxTasks, wait, new LocalGroupRunner(probe, checks,
            Clock.systemUTC()), checks, Clock.systemUTC()).location(location)) {
      Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "bench-agent-shutdown"));
      System.out.println("ready");
      System.out.flush();
      agent.run();
    }
  }
}
