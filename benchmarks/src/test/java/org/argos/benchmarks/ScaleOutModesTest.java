package org.argos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent and nodes modes (issue 22) in a tiny run against an in-process server on 127.0.0.1 and the local
 * PostgreSQL, with real forked agents and nodes: asserts that the report is complete and that the agents and every node
 * did run probes, never a figure (the machine may be busy).
 */
class ScaleOutModesTest {
  private HttpServer server;
  private String db;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body = ("<html><body>" + Fleet.MARKER + " " + path + "</body></html>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(path.equals("/fail") ? 500 : 200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    db = "argos_bench_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + db);
  }

  @AfterEach
  void stop() throws SQLException {
    server.stop(0);
    admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
  }

  private FleetBenchmark.Options options(String mode, String... more) {
    String[] base = {"--http-port", String.valueOf(server.getAddress().getPort()), "--addresses", "1", "--mode", mode,
        "--store", "postgres", "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/" + db + "?user=postgres", "--ceiling",
        "20", "--ceiling-period", "1s", "--ceiling-window", "2s", "--child-jvm", "-Xmx256m -XX:TieredStopAtLevel=1",
        "--load-before", "9.5 1.0 0.5"};
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return FleetBenchmark.Options.parse(all);
  }

  @Test
  void theAgentModeRampsInProcessAndThroughTwoAgentsAndReportsTheProtocolsShare() throws Exception {
    String md = AgentMode.run(options("agents"), ScaleOutModesTest::say).markdown();
    System.out.println(md);

    assertThat(md).contains("Load average before the run (1, 5, 15 min, as `uptime`): 9.5 1.0 0.5",
        "**WARNING: the machine was not quiet", "### Ceiling in process", "### Ceiling through 2 agents",
        "locations a, b", "Highest sustained rate in process: **", "Highest sustained rate through agents: **",
        "### In process against through agents, at 20 probes/s", "the protocol's share of the server's CPU",
        "Target: 1,000,000 tasks every 5 min through agents", "| PostgreSQL per completed run |");
    // the agents' probe reached the fleet (our agent's User-Agent is the probe's, so count the runs instead)
    Matcher m = Pattern.compile("\\| 20 \\| ([\\d,]+) \\| ([\\d,]+) \\| [\\d ]+/ [\\d ]+/ [\\d ]+\\| \\d+ \\| "
        + "([\\d.]+) \\| ([\\d.]+) \\| (\\d+) % \\(JSON[^|]+\\| GET (\\d+)/s, \\d+ / \\d+; POST (\\d+)/s").matcher(md);
    assertThat(m.find()).as(md).isTrue();
    assertThat(Integer.parseInt(m.group(1).replace(",", ""))).as("probes/s through agents").isPositive();
    assertThat(Double.parseDouble(m.group(4))).as("the agents' CPU per 1,000 checks").isPositive();
    assertThat(Integer.parseInt(m.group(7))).as("results posted per second").isPositive();
  }

  @Test
  void theNodesModeRampsOneThenTwoNodesAndGivesTheDatabasesCostPerRun() throws Exception {
    String md = NodesMode.run(options("nodes", "--nodes", "1,2"), ScaleOutModesTest::say).markdown();
    System.out.println(md);

    assertThat(md).contains("### Ceiling with 1 node (", "### Ceiling with 2 nodes (", "### What each node adds",
        "Highest sustained rate with 1 node: **", "Highest sustained rate with 2 nodes: **", "WAL");
    // two nodes each completed runs: the step's "per node" cell lists two positive rates
    Matcher two = Pattern.compile("\\| 20 \\| [\\d,]+ \\| ([\\d,]+) \\+ ([\\d,]+) \\|").matcher(md);
    assertThat(two.find()).as(md).isTrue();
    assertThat(Integer.parseInt(two.group(1)) + Integer.parseInt(two.group(2))).isPositive();
    Matcher db = Pattern.compile("rows ([\\d.]+) inserted, [\\d.]+ updated, [\\d.]+ deleted, [\\d.]+ fetched; WAL "
        + "([\\d,]+) bytes; CPU ([\\d.]+) ms").matcher(md);
    assertThat(db.find()).as(md).isTrue();
    assertThat(Double.parseDouble(db.group(1))).as("rows inserted per run").isPositive();
    assertThat(Long.parseLong(db.group(2).replace(",", ""))).as("WAL bytes per run").isPositive();
  }

  @Test
  void theModesRefuseWhatTheyCannotRun() {
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--mode", "agents", "--ceiling", "10"))
        .hasMessageContaining("--mode agents runs on PostgreSQL");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--mode", "swarm"))
        .hasMessageContaining("--mode must be engine, agents or nodes, got swarm");
    assertThatThrownBy(() -> options("agents", "--agent-max-tasks", "5000"))
        .hasMessageContaining("--agent-max-tasks must be 1 to 1000");
    assertThatThrownBy(() -> options("nodes", "--nodes", "0,1"))
        .hasMessageContaining("--nodes is a list of node counts from 1 to 8");
  }

  private static void say(String label, String message) {
    System.out.println(java.time.LocalTime.now() + " [" + label + "] " + message);
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
