package org.argos.checks.rdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.IpVersion;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain probe and domain-expiration against a real RDAP server on loopback, with a hand-moved clock. */
class DomainExpirationTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  RdapServer rdap;
  DomainProbe probe;
  final Check check = new DomainExpirationProvider().create("on-check");

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    rdap = new RdapServer();
    Path bootstrap = dir.resolve("dns.json");
    Files.writeString(bootstrap, "{\"version\":\"1.0\",\"publication\":\"2026-12-01T00:00:00Z\",\"services\":["
        + "[[\"org\",\"net\"],[\"" + rdap.base() + "\"]]]}");
    probe = DomainProbe.builder().bootstrap(bootstrap).clock(clock).build();
  }

  @AfterEach
  void stop() {
    probe.close();
    rdap.close();
  }

  CheckResult run(String url, Check c) throws InterruptedException {
    ProbeResponse response = probe.execute(c.request(ProbeRequest.of(url, IpVersion.IPV4, Duration.ofSeconds(5))));
    return c.evaluate(response, new CheckContext(clock.instant()));
  }

  void expiresIn(String domain, Duration left) {
    rdap.answer(domain, RdapServer.domainObject(domain, clock.instant().plus(left).toString(), "Example Registrar"));
  }

  @Test
  void thresholdsGiveTheSeverityAsTheSslCheckDoes() throws Exception {
    expiresIn("far.org", Duration.ofDays(200));
    expiresIn("soon.org", Duration.ofDays(20));
    expiresIn("imminent.org", Duration.ofDays(3));
    expiresIn("gone.org", Duration.ofDays(-2));
    CheckResult far = run("domain://www.far.org", check);
    assertThat(far.severity()).isEqualTo(Severity.OK);
    assertThat(far.message()).contains("far.org").contains("200 day(s)");
    assertThat(far.context()).containsEntry("registrar", "Example Registrar").containsEntry("daysLeft", 200L);
    assertThat(run("domain://soon.org", check).severity()).isEqualTo(Severity.WARNING);
    assertThat(run("domain://imminent.org", check).severity()).isEqualTo(Severity.CRITICAL);
    CheckResult gone = run("domain://gone.org", check);
    assertThat(gone.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(gone.message()).contains("expired 2 day(s) ago");
    Check own = new DomainExpirationProvider().create(Map.of("thresholds", List.of(Map.of("30d", "critical"))));
    assertThat(run("domain://soon.org", own).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void theCacheServesEveryCheckAndSiteOfADomainUntilItsTtl() throws Exception {
    expiresIn("example.org", Duration.ofDays(100));
    run("domain://example.org", check);
    run("domain://www.example.org", new DomainExpirationProvider().create(Map.of("thresholds",
        List.of(Map.of("120d", "warning")))));
    assertThat(rdap.hits("example.org")).isEqualTo(1);
    clock.advance(Duration.ofHours(13));
    CheckResult later = run("domain://example.org", check);
    assertThat(rdap.hits("example.org")).isEqualTo(2);
    assertThat(later.context()).containsEntry("daysLeft", 99L);
  }

  @Test
  void aDomainTheRegistryDoesNotKnowIsCritical() throws Exception {
    CheckResult r = run("domain://lapsed.org", check);
    assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.message()).contains("does not know lapsed.org");
  }

  @Test
  void failedLookupsAreWarningsAndMissingDataIsUnknown() throws Exception {
    rdap.answer("huge.org", 200, ("{\"x\":\"" + "y".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8));
    rdap.answer("deep.org", "{\"a\":".repeat(1000) + "1" + "}".repeat(1000));
    rdap.answer("broken.org", 503, "busy".getBytes(StandardCharsets.UTF_8));
    rdap.answer("nodate.org", "{\"objectClassName\":\"domain\",\"events\":[]}");
    rdap.answer("baddate.org", RdapServer.domainObject("baddate.org", "31/12/2027", "R"));
    CheckResult huge = run("domain://huge.org", check);
    assertThat(huge.severity()).isEqualTo(Severity.WARNING);
    assertThat(huge.message()).contains("too-large");
    assertThat(run("domain://deep.org", check).severity()).isEqualTo(Severity.WARNING);
    assertThat(run("domain://broken.org", check).message()).contains("HTTP 503");
    CheckResult nodate = run("domain://nodate.org", check);
    assertThat(nodate.status()).isEqualTo(ResultStatus.ERROR);
    assertThat(nodate.message()).contains("publishes no expiration date");
    CheckResult baddate = run("domain://baddate.org", check);
    assertThat(baddate.severity()).isEqualTo(Severity.WARNING);
    assertThat(baddate.message()).contains("31/12/2027");
    CheckResult noRdap = run("domain://example.de", check);
    assertThat(noRdap.status()).isEqualTo(ResultStatus.ERROR);
    assertThat(noRdap.message()).contains("no RDAP server for .de");
    assertThat(run("domain://localhost", check).status()).isEqualTo(ResultStatus.ERROR);
  }

  @Test
  void aServerParameterAsksThatServerInstead() throws Exception {
    expiresIn("example.de", Duration.ofDays(100));
    Check own = new DomainExpirationProvider().create(Map.of("server", rdap.base().toString()));
    assertThat(own.request(ProbeRequest.of("domain://example.de", IpVersion.IPV4, Duration.ofSeconds(5)))
        .option("server")).isEqualTo(rdap.base().toString());
    assertThat(run("domain://example.de", own).severity()).isEqualTo(Severity.OK);
  }

  @Test
  void theShippedBootstrapIsTheDefault() throws Exception {
    try (DomainProbe shipped = new DomainProbe()) {
      // .de has no RDAP server in IANA's file: answered without any network request
      ProbeResponse r = shipped.execute(ProbeRequest.of("domain://www.example.de", IpVersion.IPV4,
          Duration.ofSeconds(1)));
      assertThat(r.error().kind()).isEqualTo("no-rdap");
      assertThat(r.error().message()).contains("2026-06-26T18:00:02Z");
      assertThat(r.attribute("rdap.domain")).isEqualTo("example.de");
    }
  }

  @Test
  void anAgentsReportIsJudgedAgainWithThisServersThresholds() throws Exception {
    expiresIn("example.org", Duration.ofDays(20));
    CheckResult local = run("domain://example.org", check);
    CheckContext later = new CheckContext(clock.instant().plus(Duration.ofDays(15)));
    CheckResult judged = check.judgeReport(new AgentReport(local.status().label(), local.message(),
        local.context()), later);
    assertThat(local.severity()).isEqualTo(Severity.WARNING);
    assertThat(judged.severity()).as("5 days left by the server's clock").isEqualTo(Severity.CRITICAL);
    assertThat(check.judgeReport(new AgentReport("failure", "", Map.of("registryStatus", 404)), later).severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(check.judgeReport(new AgentReport("error", "", Map.of()), later).severity())
        .isEqualTo(Severity.UNKNOWN);
  }

  @Test
  void badParametersAreRefusedSayingWhatIsExpected() {
    assertThatThrownBy(() -> new DomainExpirationProvider().create(Map.of("server", "ftp://rdap.example/")))
        .isInstanceOf(InvalidCheckParameterException.class).hasMessageContaining("domain-expiration")
        .hasMessageContaining("http(s) base URL");
    assertThatThrownBy(() -> new DomainExpirationProvider().create(Map.of("thresholds",
        List.of(Map.of("soon", "critical"))))).hasMessageContaining("12h, 7d or 4w");
    assertThatThrownBy(() -> new DomainExpirationProvider().create("sometimes")).hasMessageContaining("on-check");
  }
}
