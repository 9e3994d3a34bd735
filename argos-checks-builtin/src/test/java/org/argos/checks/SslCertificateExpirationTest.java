package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.argos.api.ResultStatus.ERROR;
import static org.argos.api.ResultStatus.FAILURE;
import static org.argos.api.ResultStatus.SUCCESS;
import static org.argos.api.Severity.CRITICAL;
import static org.argos.api.Severity.OK;
import static org.argos.api.Severity.UNKNOWN;
import static org.argos.api.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.InvalidValueException;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.checks.http.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ssl-certificate-expiration against an in-process HTTPS server whose certificate expires in 3 days. */
class SslCertificateExpirationTest {
  static TestCertificates threeDays;
  static HttpsServer server;
  static ExecutorService executor;

  @BeforeAll
  static void start() throws Exception {
    threeDays = TestCertificates.expiringIn(Duration.ofDays(3));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(threeDays.keyStore, TestCertificates.PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/", ex -> {
      byte[] b = "secure".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  static ProbeRequest request() {
    return new ProbeRequest("https://127.0.0.1:" + server.getAddress().getPort() + "/", "GET", RequestData.NONE,
        IpVersion.IPV4, Duration.ofSeconds(10), false, 0);
  }

  static CheckResult run(HttpProbe probe, Check check, Instant now) throws InterruptedException {
    return Engine.run(probe, check, request(), now);
  }

  @Test
  void threeDaysLeftIsAWarningWithTheDefaultThresholds() throws Exception {
    try (HttpProbe probe = HttpProbe.builder().trustStore(threeDays.trustStore).build()) {
      CheckResult r = run(probe, Engine.check("ssl-certificate-expiration", "on-check"), Instant.now());
      assertThat(r.status()).isEqualTo(ResultStatus.FAILURE);
      assertThat(r.severity()).isEqualTo(Severity.WARNING);
      assertThat(r.message()).contains("5d");
      assertThat(r.context()).containsEntry("daysLeft", 2L);
      assertThat(r.context().get("notAfter")).isEqualTo(threeDays.certificate.getNotAfter().toInstant().toString());
    }
  }

  @Test
  void theSameCertificateAsSeenFromAnotherInstantFollowsTheContextClock() throws Exception {
    Instant notAfter = threeDays.certificate.getNotAfter().toInstant();
    try (HttpProbe probe = HttpProbe.builder().trustAllCertificates(true).build()) {
      Check check = Engine.check("ssl-certificate-expiration", "on-check");
      assertThat(run(probe, check, notAfter.minus(Duration.ofDays(30))).severity()).isEqualTo(Severity.OK);
      assertThat(run(probe, check, notAfter.minus(Duration.ofHours(12))).severity()).isEqualTo(Severity.CRITICAL);
      CheckResult expired = run(probe, check, notAfter.plus(Duration.ofDays(2)));
      assertThat(expired.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(expired.message()).contains("expired");
    }
  }

  @Test
  void customThresholdsFromTheParameterOrTheProvider() throws Exception {
    try (HttpProbe probe = HttpProbe.builder().trustAllCertificates(true).build()) {
      Check fromParameter = Engine.check("ssl-certificate-expiration",
          Map.of("thresholds", List.of(Map.of("2w", "warning"), Map.of("7d", "critical"))));
      CheckResult r = run(probe, fromParameter, Instant.now());
      assertThat(r.severity()).as("sorted ascending: 3 days is under 7d first").isEqualTo(Severity.CRITICAL);

      Check relaxed = new SslCertificateExpirationProvider(Map.of(Duration.ofHours(12), Severity.CRITICAL)).create("on-check");
      assertThat(run(probe, relaxed, Instant.now()).status()).isEqualTo(ResultStatus.SUCCESS);

      Check argos = SslCertificateExpirationProvider.fromArgosThresholds(
          List.of(Map.of("1d", "critical"), Map.of("4d", "unknown"))).create("on-check");
      assertThat(run(probe, argos, Instant.now()).severity()).isEqualTo(Severity.UNKNOWN);
    }
  }

  @Test
  void aRequestWithoutResponseIsAWarningAsInArgos() throws Exception {
    Check check = Engine.check("ssl-certificate-expiration", "on-check");
    assertThat(check.evaluatesTransportErrors()).isTrue();
    // The JVM's default trust store does not know the test certificate: the handshake fails.
    try (HttpProbe probe = HttpProbe.builder().build()) {
      CheckResult r = run(probe, check, Instant.now());
      assertThat(r.status()).isEqualTo(ResultStatus.FAILURE);
      assertThat(r.severity()).isEqualTo(Severity.WARNING);
      assertThat(r.context()).containsEntry("error", "tls");
    }
  }

  @Test
  void refusesBadThresholds() {
    assertThatThrownBy(() -> SslCertificateExpirationProvider.fromArgosThresholds(List.of(Map.of("soon", "critical"))))
        .isInstanceOf(InvalidCheckParameterException.class).hasMessageContaining("ssl-certificate-expiration")
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> new SslCertificateExpirationProvider(Map.of(Duration.ofDays(1), Severity.OK)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("ssl-certificate-expiration");
    assertThatThrownBy(() -> SslCertificateExpirationProvider.fromArgosThresholds(
        List.of(Map.of("1d", "critical"), Map.of("5d", "fine"))))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessage("ssl-certificate-expiration: [1].5d: expected a severity: warning, critical or unknown, got \"fine\"");
  }

  @Test
  void thresholdsUseTheOneDurationGrammar() {
    Check check = SslCertificateExpirationProvider.fromArgosThresholds(List.of(Map.of("1d12h", "critical"),
        Map.of(10, "warning"))).create("on-check");
    assertThat(judged(check, "on-check", Map.of("expires_in", 1))).containsExactly(ResultStatus.FAILURE, Severity.CRITICAL);
    assertThat(judged(check, "on-check", Map.of("expires_in", 2))).containsExactly(ResultStatus.FAILURE, Severity.WARNING);
    assertThat(judged(check, "on-check", Map.of("expires_in", 10))).containsExactly(ResultStatus.SUCCESS, Severity.OK);
  }

  private static List<Object> judged(Check check, String status, Map<String, Object> context) {
    CheckResult r = check.judgeReport(new AgentReport(status, "", context), new CheckContext(Instant.now()));
    return List.of(r.status(), r.severity());
  }

  @Test
  void judgesAnArgosAgentsReportsAsTheArgosServerDoes() {
    // Thresholds given in any order are sorted by days: the first one expires_in is under gives the severity.
    Check check = SslCertificateExpirationProvider.fromArgosThresholds(
        List.of(Map.of("7d", "warning"), Map.of("1d", "critical"), Map.of("3d", "unknown"))).create("on-check");
    assertThat(judged(check, "on-check", Map.of("expires_in", 0))).containsExactly(FAILURE, CRITICAL);
    assertThat(judged(check, "on-check", Map.of("expires_in", -4))).containsExactly(FAILURE, CRITICAL);
    assertThat(judged(check, "on-check", Map.of("expires_in", 2))).containsExactly(FAILURE, UNKNOWN);
    assertThat(judged(check, "on-check", Map.of("expires_in", 3))).containsExactly(FAILURE, WARNING);
    assertThat(judged(check, "on-check", Map.of("expires_in", 6.5))).containsExactly(FAILURE, WARNING);
    assertThat(judged(check, "on-check", Map.of("expires_in", 7))).containsExactly(SUCCESS, OK);
    assertThat(judged(check, "on-check", Map.of("expires_in", 90))).containsExactly(SUCCESS, OK);
    // The agent's request failed (transport error): a warning, as in Argos, with the agent's message kept.
    Map<String, Object> transport = Map.of("error_type", "ConnectError",
        "error_message", "All connection attempts failed", "error_details", "Traceback (most recent call last): ...");
    assertThat(judged(check, "failure", transport)).containsExactly(FAILURE, WARNING);
    CheckResult r = check.judgeReport(new AgentReport("failure", "ConnectError: All connection attempts failed",
        transport), new CheckContext(Instant.now()));
    assertThat(r.message()).isEqualTo("ConnectError: All connection attempts failed");
    assertThat(r.context()).containsAllEntriesOf(transport);
    // An exception in the agent's check: unknown.
    assertThat(judged(check, "error", transport)).containsExactly(ERROR, UNKNOWN);
    // on-check without a usable expires_in cannot be judged: unknown, saying so.
    assertThat(judged(check, "on-check", Map.of())).containsExactly(ERROR, UNKNOWN);
    assertThat(judged(check, "on-check", Map.of("expires_in", "soon"))).containsExactly(ERROR, UNKNOWN);
    // An argos-java agent reports the certificate's end: judged with this server's thresholds, not the agent's.
    String inTwoDays = Instant.now().plus(Duration.ofDays(2)).toString();
    assertThat(judged(check, "success", Map.of("notAfter", inTwoDays))).containsExactly(FAILURE, UNKNOWN);
  }
}
