package org.argos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ceiling per probe kind: the options, and a tiny ramp per kind against an in-process HTTP server (for the tcp
 * sites) and a real dnsmasq with one record per dns site (scripts/ensure-dnsmasq installs it), asserting the report's
 * shape and that the checks passed, never a figure.
 */
class ProbeKindsTest {
  @TempDir Path dir;

  @Test
  void kindsAndSharesAreParsedAndBadOnesRefusedByName() {
    FleetBenchmark.Options o = FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "http, TCP,dns,mixed",
        "--kind-shares", "http=50,dns=50", "--dns-server", "127.0.0.1:5353", "--dns-records", "100000");
    assertThat(o.kinds).containsExactly("http", "tcp", "dns", "mixed");
    assertThat(o.kindShares).isEqualTo(new Fleet.Shares(50, 0, 50));
    assertThat(FleetBenchmark.Options.parse("--http-port", "80").kinds).isEmpty(); // the HTTP ceiling, as before
    assertThat(FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "tcp").kindShares)
        .isEqualTo(new Fleet.Shares(80, 10, 10));

    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "http,icmp"))
        .hasMessageContaining("--kinds: expected a list of http, tcp, dns and mixed, got icmp");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "tcp,tcp"))
        .hasMessageContaining("tcp is listed twice");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kind-shares", "http=80,tcp=10"))
        .hasMessageContaining("--kind-shares: the shares of http, tcp and dns sites must be >= 0 and add up to 100, "
            + "got 80, 10, 0");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kind-shares", "smtp=100"))
        .hasMessageContaining("the kinds are http, tcp and dns, got smtp");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kind-shares", "http:100"))
        .hasMessageContaining("expected KIND=PERCENT");
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "dns"))
        .hasMessageContaining("dns sites need --dns-server");
    // the mixed fleet has dns sites by default; with no dns share it needs no server
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "mixed"))
        .hasMessageContaining("dns sites need --dns-server");
    assertThat(FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "mixed", "--kind-shares", "http=90,tcp=10")
        .dnsServer).isEmpty();
    // 3,000 probes/s at 10 s is 30,000 sites, each with its own record
    assertThatThrownBy(() -> FleetBenchmark.Options.parse("--http-port", "80", "--kinds", "dns", "--ceiling",
        "1000,3000", "--dns-server", "127.0.0.1:5353", "--dns-records", "20000"))
        .hasMessageContaining("the ceiling ramp's last step has 30,000 sites, but --dns-records says the DNS server "
            + "has records for 20,000");
  }

  @Test
  void theSharesSayTheSchemeOfEachSite() {
    Fleet f = new Fleet(8080, 8443, 4, false, Fleet.Shares.HTTP, "127.0.0.1:5353")
        .withShares(new Fleet.Shares(80, 10, 10));
    java.time.Duration p = java.time.Duration.ofSeconds(10);
    assertThat(f.site(79, p).domain()).isEqualTo("http://site79.bench:8080");
    assertThat(f.site(180, p).domain()).isEqualTo("tcp://site180.bench:8080");
    assertThat(f.site(290, p).domain()).isEqualTo("dns://site290.bench");
    assertThatThrownBy(() -> new Fleet(8080, 0, 4, false).withShares(new Fleet.Shares(0, 0, 100)))
        .hasMessageContaining("dns sites need --dns-server");
  }

  @Test
  void aTinyRampPerKindReportsEachKindAndTheirCeilings() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      byte[] body = ("<html><body>" + Fleet.MARKER + "</body></html>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    // the records benchmarks/run gives its dnsmasq: site<i>.bench at the fleet's address of site i (one address here)
    Path hosts = dir.resolve("hosts");
    StringBuilder records = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      records.append("127.0.0.1 site").append(i).append(".bench\n");
    }
    Files.writeString(hosts, records);
    int dnsPort = freePort();
    Process dnsmasq = new ProcessBuilder("/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
        "--no-resolv", "--no-hosts", "--addn-hosts=" + hosts, "--listen-address=127.0.0.1", "--bind-interfaces",
        "--port=" + dnsPort, "--pid-file=", "--log-facility=-", "--user=root").redirectErrorStream(true)
        .redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
    try {
      waitForRecords(dnsmasq, dir.resolve("dnsmasq.log"));
      FleetBenchmark.Options o = FleetBenchmark.Options.parse("--http-port",
          String.valueOf(server.getAddress().getPort()), "--steady", "none", "--ceiling", "40", "--ceiling-period",
          "2s", "--ceiling-window", "2s", "--kinds", "tcp,dns,mixed", "--kind-shares", "http=40,tcp=30,dns=30",
          "--dns-server", "127.0.0.1:" + dnsPort, "--dns-records", "200", "--peer-wrk", "1000");

      String md = FleetBenchmark.run(o, (label, msg) -> {}).markdown();

      assertThat(md).contains("### Ceiling, tcp sites (frequency 2 s", "### Ceiling, dns sites (frequency 2 s",
          "### Ceiling, mixed sites (frequency 2 s", "### Ceiling per probe kind",
          "per 100 sites 40 http, 30 tcp, 30 dns")
          .doesNotContain("Highest sustained rate: **"); // no http ramp: benchmarks/run compares no ratio
      assertThat(md).contains("no ceiling run"); // the peers are HTTP; no HTTP ceiling, no ratio
      // every tcp and dns check passed at the highest step: 80 sites, 1 task each (tcp) and 2 each (dns)
      assertThat(summary(md, "tcp")).isEqualTo("0.0 %; 80 / 0 / 0 / 0 / 0");
      assertThat(summary(md, "dns")).isEqualTo("0.0 %; 160 / 0 / 0 / 0 / 0");
      // one probe per site and period in every ramp: about 40 probes/s for 40 scheduled (a check asking another
      // request, such as response-time on a dns site, would double it with a query of the system's resolvers)
      assertThat(Pattern.compile("(?m)^\\| 40 \\| (3[6-9]|4[0-4]) \\|").matcher(md).results().count()).as(md)
          .isEqualTo(3);
    } finally {
      dnsmasq.destroy();
      dnsmasq.waitFor(5, TimeUnit.SECONDS);
      server.stop(0);
    }
  }

  /** @return the last cell of the kind's row in the table of ceilings */
  private static String summary(String md, String kind) {
    Matcher m = Pattern.compile("(?m)^\\| " + kind + " \\|.*\\| ([^|]+) \\|$").matcher(md);
    assertThat(m.find()).as(md).isTrue();
    return m.group(1).trim();
  }

  private static void waitForRecords(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - deadline < 0 && p.isAlive()) {
      if (Files.readString(log).contains("read " + log.getParent().resolve("hosts"))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("dnsmasq did not start: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    for (int i = 0; i < 20; i++) { // free for both UDP and TCP, as dnsmasq binds both
      try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        try (ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
          return udp.getLocalPort();
        } catch (IOException taken) {
          // another
        }
      }
    }
    throw new IOException("no free port");
  }
}
