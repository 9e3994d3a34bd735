package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.IpVersion;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.http.HostResolver;
import org.argos.checks.tls.TestChain;
import org.argos.checks.tls.TlsProbe;
import org.argos.checks.tls.TlsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks that read {@code tls://} responses, with the TLS probe against real TLS servers on loopback: a good
 * chain, an expired one, another host's name, a TLS 1.2-only server, and a certificate on a STARTTLS port.
 */
class TlsChecksTest {
  static TestChain good;
  static TestChain expired;
  static TestChain soon;
  static TlsServer goodServer;
  static TlsServer expiredServer;
  static TlsServer oldServer;
  static TlsServer smtpServer;

  @BeforeAll
  static void start() throws Exception {
    good = TestChain.serverCertificate(Duration.ofDays(60), "localhost", "mail.argos.test");
    expired = TestChain.serverCertificate(Duration.ofDays(-3), "localhost");
    soon = TestChain.serverCertificate(Duration.ofDays(3), "localhost");
    goodServer = new TlsServer(good, "tls", TlsServer.Mode.NORMAL);
    expiredServer = new TlsServer(expired, "tls", TlsServer.Mode.NORMAL);
    oldServer = new TlsServer(good, "tls", TlsServer.Mode.NORMAL, "TLSv1.2");
    smtpServer = new TlsServer(soon, "smtp", TlsServer.Mode.NORMAL);
  }

  @AfterAll
  static void stop() {
    goodServer.close();
    expiredServer.close();
    oldServer.close();
    smtpServer.close();
  }

  /** The probe judging chains as the JVM would if the test authority were a public one. */
  static TlsProbe probe(TestChain trusted) {
    return TlsProbe.builder().resolver(HostResolver.loopback()).trustStore(trusted.trustStore).build();
  }

  static ProbeResponse fetch(TlsProbe probe, String host, int port, String path) throws InterruptedException {
    ProbeResponse r = probe.execute(ProbeRequest.of("tls://" + host + ":" + port + path, IpVersion.IPV4,
        Duration.ofSeconds(10)));
    assertThat(r.error()).as("transport error").isNull();
    return r;
  }

  static CheckResult check(String name, Object parameter, ProbeResponse response) {
    return Engine.check(name, parameter).evaluate(response, new CheckContext(Instant.now()));
  }

  @Test
  void aGoodServerPassesEveryTlsCheck() throws Exception {
    ProbeResponse r = fetch(probe(good), "mail.argos.test", goodServer.port(), "/");
    assertThat(check("tls-chain-valid", true, r).severity()).isEqualTo(Severity.OK);
    assertThat(check("tls-hostname-match", true, r).severity()).isEqualTo(Severity.OK);
    assertThat(check("tls-min-version", "TLSv1.2", r).severity()).isEqualTo(Severity.OK);
    assertThat(check("tls-min-version", "TLSv1.3", r).severity()).isEqualTo(Severity.OK);
    CheckResult expiry = check("ssl-certificate-expiration", "on-check", r);
    assertThat(expiry.severity()).isEqualTo(Severity.OK);
    assertThat(expiry.message()).contains("expires in 59 day(s)");
  }

  @Test
  void theJvmsTrustRefusesAnUnknownAuthority() throws Exception {
    TlsProbe jvmTrust = TlsProbe.builder().resolver(HostResolver.loopback()).build();
    ProbeResponse r = fetch(jvmTrust, "localhost", goodServer.port(), "/");
    CheckResult result = check("tls-chain-valid", true, r);
    assertThat(result.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(result.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(result.message()).contains("not trusted").contains("PKIX");
    assertThat(result.context()).containsEntry("issuer", good.authority.getSubjectX500Principal().getName());
  }

  @Test
  void anExpiredCertificateIsCriticalForExpiryAndChain() throws Exception {
    ProbeResponse r = fetch(probe(expired), "localhost", expiredServer.port(), "/");
    CheckResult chain = check("tls-chain-valid", true, r);
    assertThat(chain.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(chain.message()).contains("validity");
    CheckResult expiry = check("ssl-certificate-expiration", "on-check", r);
    assertThat(expiry.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(expiry.message()).startsWith("certificate expired ").contains("day(s) ago");
    assertThat(check("tls-hostname-match", true, r).severity()).isEqualTo(Severity.OK);
  }

  @Test
  void anotherHostsCertificateFailsTheNameOnly() throws Exception {
    ProbeResponse r = fetch(probe(good), "www.example.org", goodServer.port(), "/");
    CheckResult name = check("tls-hostname-match", true, r);
    assertThat(name.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(name.message()).isEqualTo("the certificate does not name www.example.org");
    assertThat(check("tls-chain-valid", true, r).severity()).isEqualTo(Severity.OK);
  }

  @Test
  void anOlderVersionFailsAHigherMinimum() throws Exception {
    ProbeResponse r = fetch(probe(good), "localhost", oldServer.port(), "/");
    assertThat(r.attribute("tls.protocol")).isEqualTo("TLSv1.2");
    CheckResult v13 = check("tls-min-version", "TLSv1.3", r);
    assertThat(v13.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(v13.message()).isEqualTo("negotiated TLSv1.2, older than TLSv1.3");
    assertThat(check("tls-min-version", "1.2", r).severity()).isEqualTo(Severity.OK);
  }

  @Test
  void aCertificateBehindStartTlsIsCheckedLikeAnyOther() throws Exception {
    ProbeResponse r = fetch(probe(soon), "localhost", smtpServer.port(), "/smtp");
    assertThat(r.attribute("tls.starttls")).isEqualTo("smtp");
    assertThat(r.bodyText()).startsWith("220-mail.argos.test ESMTP");
    CheckResult expiry = check("ssl-certificate-expiration", "on-check", r);
    assertThat(expiry.severity()).isEqualTo(Severity.WARNING);
    assertThat(expiry.message()).contains("expires in 2 day(s)");
    // an agent's report of the same run is judged again from notAfter, to the same verdict
    Check c = Engine.check("ssl-certificate-expiration", "on-check");
    CheckResult again = c.judgeReport(new AgentReport("failure", expiry.message(), expiry.context()),
        new CheckContext(Instant.now()));
    assertThat(again.severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void aResponseWithoutTlsAttributesIsAnError() {
    ProbeRequest http = new ProbeRequest("https://localhost/", "GET", org.argos.api.RequestData.NONE, IpVersion.IPV4,
        Duration.ofSeconds(1), false, 0);
    ProbeResponse plain = new ProbeResponse(http, 200, Map.of(), new byte[0], false, java.util.List.of(), null,
        http.url(), java.util.List.of(), org.argos.api.ProbeTimings.ofTotal(Duration.ZERO), null, null);
    for (String name : new String[] {"tls-chain-valid", "tls-hostname-match"}) {
      CheckResult r = check(name, true, plain);
      assertThat(r.status()).as(name).isEqualTo(ResultStatus.ERROR);
      assertThat(r.message()).contains("tls://");
    }
    assertThat(check("tls-min-version", "TLSv1.2", plain).status()).isEqualTo(ResultStatus.ERROR);
  }

  @Test
  void theChecksSayWhichResponsesTheyRead() {
    assertThat(new SslCertificateExpirationProvider().schemes()).containsExactlyInAnyOrder("http", "https", "tls");
    for (String name : new String[] {"tls-chain-valid", "tls-hostname-match", "tls-min-version"}) {
      assertThat(Engine.provider(name).schemes()).as(name).isEqualTo(Set.of("tls"));
    }
  }
}
