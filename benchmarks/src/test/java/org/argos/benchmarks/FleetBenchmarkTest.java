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
import java.util.Map;
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
 * Runs the harness in a tiny mode against an in-process server on 127.0.0.1 (no nginx), so that a broken benchmark
 * fails the build. Asserts only that the report is complete, never a figure: the machine may be busy.
 */
class FleetBenchmarkTest {
  private HttpServer server;
  private final Set<String> paths = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      paths.add(path);
      byte[] body = ("<html><body>" + Fleet.MARKER + " " + path + "</body></html>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(path.equals("/fail") ? 500 : 200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void aTinyRunProducesTheWholeReport() throws Exception {
    FleetBenchmark.Options o = FleetBenchmark.Options.parse("--http-port", String.valueOf(server.getAddress().getPort()),
        "--addresses", "1", "--steady", "100@3s", "--window", "3s", "--ceiling", "50", "--ceiling-period", "2s",
        "--ceiling-window", "2s", "--status-repeats", "3", "--peer-wrk", "1000", "--peer-blackbox", "100");

    Report report = FleetBenchmark.run(o, (label, msg) -> {});

    assertThat(report.titles()).hasSize(3);
    assertThat(report.titles().get(0)).startsWith("Steady state");
    assertThat(report.titles().get(1)).startsWith("Ceiling");
    assertThat(report.titles().get(2)).startsWith("Against the peers");
    String md = report.markdown();
    assertThat(md).contains("| 300 tasks / 3 s |", "| checks/s achieved |", "| warm-up / its start lag p99 |",
        "| start lag p50 / p99 / max |",
        "| status() / severityCounts() / domains(middle page) p50·p95 |", "Highest sustained rate",
        "prometheus-blackbox-exporter");
    // the fleet's mix reached the server: good pages, failing ones and slow ones
    assertThat(paths).contains("/ok", "/fail", "/slow");
  }

  @Test
  void aSmallFleetProbesOnlyThePeersPageAndIsNotComparedWithTheMix() throws Exception {
    FleetBenchmark.Options o = FleetBenchmark.Options.parse("--http-port", String.valueOf(server.getAddress().getPort()),
        "--steady", "none", "--ceiling", "100", "--ceiling-period", "2s", "--ceiling-window", "2s", "--fleet", "small",
        "--peer-wrk", "1000", "--peer-blackbox", "100", "--peer-blackbox-mix", "90");
    String md = FleetBenchmark.run(o, (label, msg) -> {}).markdown();
    assertThat(paths).containsExactly("/ok");
    assertThat(md).contains("every site the small 200 page over HTTP", "http_2xx on the small page")
        .doesNotContain("on the fleet's mix");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--fleet", "big"))
        .hasMessageContaining("--fleet must be mix or small, got big");
  }

  @Test
  void withoutACeilingThePeersAreListedWithoutARatio() throws Exception {
    FleetBenchmark.Options o = FleetBenchmark.Options.parse("--http-port", String.valueOf(server.getAddress().getPort()),
        "--steady", "none", "--ceiling", "none", "--peer-wrk", "1000", "--peer-blackbox", "100");
    String md = FleetBenchmark.run(o, (label, msg) -> {}).markdown();
    assertThat(md).contains("no ceiling run", "| 1,000 |").doesNotContain("ratio |", "| 0.00 |");
  }

  @Test
  void onPostgresTheRetentionPrunesRawResultsWhileTheScenarioRuns() throws Exception {
    String db = "argos_bench_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + db);
    try {
      FleetBenchmark.Options o = FleetBenchmark.Options.parse("--http-port",
          String.valueOf(server.getAddress().getPort()), "--steady", "60@2s", "--window", "4s", "--settle", "2s",
          "--ceiling", "none", "--status-repeats", "3", "--store", "postgres", "--jdbc-url",
          "jdbc:postgresql://127.0.0.1:5432/" + db + "?user=postgres", "--retention", "1s", "--prune-every", "1s");

      String md = FleetBenchmark.run(o, (label, msg) -> {}).markdown();

      // 90 results/s written, each deleted a second or two later: the window's prunes deleted some of them
      Matcher m = Pattern
          .compile("pruned \\(results older than 1 s, then VACUUM [a-z_, ]+, every 1 s\\) ([\\d,]+) rows/s")
          .matcher(md);
      assertThat(m.find()).as(md).isTrue();
      assertThat(Integer.parseInt(m.group(1).replace(",", ""))).isPositive();
      assertThat(md).contains("raw results table", "growth by table, first half / second half: ");
    } finally {
      admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void tableGrowthListsTheTablesThatGrewByAMebibyteOrMoreBiggestFirst() {
    long mib = 1 << 20;
    String growth = FleetBenchmark.tableGrowth(Map.of("results", 0L, "tasks", 10 * mib, "sites", 3 * mib),
        Map.of("results", 5 * mib, "tasks", 10 * mib, "sites", 5 * mib),
        Map.of("results", 6 * mib, "tasks", 10 * mib + 5, "sites", 5 * mib, "state_changes", 3 * mib));

    assertThat(growth).isEqualTo("results +5 / +1 MiB, state_changes +0 / +3 MiB, sites +2 / +0 MiB");
    assertThat(FleetBenchmark.tableGrowth(Map.of("tasks", mib), Map.of("tasks", mib), Map.of("tasks", mib + 1)))
        .isEqualTo("none by 1 MiB or more");
  }

  @Test
  void badOptionsAreRefusedByName() {
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--addresses", "2"))
        .hasMessageContaining("--http-port");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--steady", "100"))
        .hasMessageContaining("GROUPS@FREQUENCY");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--window", "soon"))
        .hasMessageContaining("not a duration");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--retention", "5m"))
        .hasMessageContaining("--retention prunes the PostgreSQL store");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--retention", "0s"))
        .hasMessageContaining("--retention must be positive");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--prune-every", "0s"))
        .hasMessageContaining("--prune-every must be positive");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--tls", "openssl"))
        .hasMessageContaining("--tls must be auto, jdk or conscrypt, got openssl");
  }
}
