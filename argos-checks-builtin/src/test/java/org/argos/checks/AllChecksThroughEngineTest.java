package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;
import org.argos.checks.http.HostResolver;
import org.argos.checks.tls.TestChain;
import org.argos.checks.tls.TlsProbe;
import org.argos.checks.tls.TlsServer;
import org.argos.engine.Argos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in check, found by name through ServiceLoader, run by the engine (scheduler, executor, runner, store)
 * with the real probes: against WireMock over HTTPS and HTTP, a TCP server, and a TLS server behind SMTP STARTTLS.
 */
class AllChecksThroughEngineTest {
  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    ChecksAgainstServersTest.start(dir);
  }

  @AfterAll
  static void stop() {
    ChecksAgainstServersTest.stop();
  }

  @Test
  void everyCheckWorksThroughTheEngine() throws Exception {
    java.net.ServerSocket banner = new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!banner.isClosed()) {
        try (java.net.Socket s = banner.accept()) {
          s.getOutputStream().write("220 ready\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
          return;
        }
      }
    });
    String tcp = "tcp://127.0.0.1:" + banner.getLocalPort();
    Site mail = Site.builder(tcp).ipVersions(true, false)
        .path("/", p -> p.check("tcp-connect", true).check("tcp-expect", "220 ").check("response-time", 5000))
        .build();
    String https = ChecksAgainstServersTest.base(true);
    String http = ChecksAgainstServersTest.base(false);
    Site secure = Site.builder(https).ipVersions(true, false)
        .path("/ok", p -> p
            .check("status-is", 200)
            .check("status-in", List.of(200, 204))
            .check("status-not-in", List.of(500, 502, 503))
            .check("body-contains", "\"status\":\"ok\"")
            .check("body-not-contains", "Internal Server Error")
            .check("body-like", "\"count\":[0-9]+")
            .check("body-not-like", "(?i)fatal error")
            .check("headers-contain", List.of("content-type", "cache-control"))
            .check("headers-have", Map.of("X-Frame-Options", "DENY"))
            .check("headers-like", Map.of("cache-control", "max-age=\\d+"))
            .check("header-absent", List.of("x-powered-by"))
            .check("json-contains", List.of("/status", "/items/0/id"))
            .check("json-has", Map.of("/status", "ok", "/count", 2))
            .check("json-like", Map.of("/version", "^2\\.4"))
            .check("json-is", ChecksAgainstServersTest.DOC)
            .check("content-type", "application/json")
            .check("response-time", Map.of("warning", 5000, "critical", 10000))
            .check("ssl-certificate-expiration", "on-check")
            .check("status-is", 418)) // the one that must fail
        .path("/hop1", p -> p.followRedirects(5).check("redirects-to", Map.of("regex", "/html$")))
        .build();
    Site plain = Site.builder(http).ipVersions(true, false)
        .path("/to-https", p -> p.check("http-to-https", true))
        .build();
    Site push = Site.builder("push://nightly").ipVersions(true, false)
        .path("/", p -> p.check("heartbeat", Map.of("period", "1d")))
        .build();

    TestChain chain = TestChain.serverCertificate(Duration.ofDays(60), "localhost");
    try (banner; TlsServer smtp = new TlsServer(chain, "smtp", TlsServer.Mode.NORMAL);
        Argos argos = Argos.builder().probe(ChecksAgainstServersTest.probe).install(BuiltinChecks.all())
            .install(new org.argos.checks.tcp.TcpProbeProvider(), tlsProbe(chain)).firstRunSpread(Duration.ZERO)
            .grouping(Duration.ZERO, 10).build()) {
      String tls = "tls://localhost:" + smtp.port();
      Site certificates = Site.builder(tls).ipVersions(true, false)
          .path("/smtp", p -> p
              .check("ssl-certificate-expiration", "on-check")
              .check("tls-chain-valid", true)
              .check("tls-hostname-match", true)
              .check("tls-min-version", "TLSv1.2"))
          .build();
      argos.register(secure);
      argos.register(plain);
      argos.register(mail);
      argos.register(certificates);
      argos.register(push);
      argos.pushTokens().record("push://nightly", true, "called by its job");
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);

      Map<String, Severity> byCheck = new TreeMap<>();
      for (String domain : List.of(https, http, tcp, tls, "push://nightly")) {
        for (TaskStatus t : argos.store().tasks(domain)) {
          byCheck.put(t.check().type() + "=" + t.check().expected(), t.state().severity());
        }
      }
      assertThat(byCheck).containsEntry("status-is=418", Severity.CRITICAL);
      byCheck.remove("status-is=418");
      assertThat(byCheck).allSatisfy((check, severity) -> assertThat(severity).as(check).isEqualTo(Severity.OK));
      TreeSet<String> types = new TreeSet<>();
      byCheck.keySet().forEach(k -> types.add(k.substring(0, k.indexOf('='))));
      // the checks of dns:// and domain:// sites go through the engine in their own tests (DnsThroughEngineTest,
      // DomainThroughEngineTest), against their own servers
      List<String> here = argos.checks().providers().entrySet().stream()
          .filter(e -> e.getValue().schemes().stream()
              .anyMatch(List.of("http", "https", "tcp", "tls", "push", "*")::contains))
          .map(Map.Entry::getKey).toList();
      assertThat(types).containsExactlyInAnyOrderElementsOf(here);
      assertThat(smtp.commandsSeen).contains("STARTTLS");
    }
  }

  /** The TLS probe for tls://, judging chains against the test authority as the JVM's trust judges public ones. */
  static ProbeProvider tlsProbe(TestChain chain) {
    return new ProbeProvider() {
      @Override
      public String name() {
        return "tls";
      }

      @Override
      public Set<String> schemes() {
        return Set.of("tls");
      }

      @Override
      public Probe create() {
        return TlsProbe.builder().resolver(HostResolver.loopback()).trustStore(chain.trustStore).build();
      }
    };
  }
}
