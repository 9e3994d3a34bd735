package org.argos.checks.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.IpVersion;
import org.argos.api.ResultStatus;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DNS probe and the dns-rcode and dns-record checks against a real dnsmasq on loopback. */
class DnsChecksTest {
  static final CheckContext NOW = new CheckContext(Instant.parse("2026-12-07T10:00:00Z"));
  static Dnsmasq dns;
  static final DnsProbe PROBE = new DnsProbe();

  @BeforeAll
  static void start() throws Exception {
    List<String> zone = new ArrayList<>(DnsQueryTest.zone());
    zone.add("--txt-record=_dmarc.example.org,v=DMARC1; p=none");
    dns = Dnsmasq.start(zone);
  }

  @AfterAll
  static void stop() throws Exception {
    dns.close();
  }

  /** Runs a check as the engine does: its own request, the probe, then the check on the response. */
  static CheckResult run(String url, Check check) throws InterruptedException {
    ProbeResponse response = PROBE.execute(check.request(
        ProbeRequest.of(url, IpVersion.IPV4, Duration.ofSeconds(5))));
    return check.evaluate(response, NOW);
  }

  Check rcode(Object parameter) {
    return new DnsRcodeProvider().create(parameter);
  }

  Check record(Map<String, Object> parameter) {
    Map<String, Object> p = new java.util.HashMap<>(parameter);
    p.putIfAbsent("server", dns.server());
    return new DnsRecordProvider().create(p);
  }

  @Test
  void theProbeReportsTheRcodeTheRecordsAndTheServer() throws Exception {
    ProbeResponse r = PROBE.execute(ProbeRequest.of("dns://example.org", IpVersion.IPV4, Duration.ofSeconds(5))
        .withOption("type", "MX").withOption("server", dns.server()));
    assertThat(r.error()).isNull();
    assertThat(r.status()).isZero();
    assertThat(r.attribute("dns.rcode")).isEqualTo("NOERROR");
    assertThat(r.attributes().get("dns.records.MX")).containsExactly("10 mx1.example.org.", "20 mx2.example.org.");
    assertThat(r.attribute("dns.server")).isEqualTo(dns.server());
    assertThat(r.peer().address()).isEqualTo("127.0.0.1");
    assertThat(r.peer().port()).isEqualTo(dns.port());
  }

  @Test
  void dnsRcodePassesOnTheExpectedCodeAndFailsNamingTheOneSeen() throws Exception {
    Map<String, Object> nxdomain = Map.of("rcode", "NXDOMAIN", "server", dns.server());
    assertThat(run("dns://example.org", rcode(Map.of("server", dns.server()))).status())
        .isEqualTo(ResultStatus.SUCCESS);
    CheckResult missing = run("dns://missing.example.org", rcode(Map.of("server", dns.server())));
    assertThat(missing.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(missing.message()).contains("NXDOMAIN").contains("expected NOERROR");
    assertThat(missing.context()).containsEntry("server", dns.server());
    assertThat(run("dns://missing.example.org", rcode(nxdomain)).status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://missing.example.org", rcode(Map.of("rcode", List.of("noerror", "nxdomain"), "server",
        dns.server()))).status()).isEqualTo(ResultStatus.SUCCESS);
  }

  @Test
  void dnsRecordComparesValuesByMeaning() throws Exception {
    assertThat(run("dns://example.org", record(Map.of("type", "MX", "contains", "MX1.example.org."))).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://example.org", record(Map.of("type", "MX", "contains", List.of("10 mx1.example.org",
        "20 mx2.example.org")))).status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://example.org", record(Map.of("type", "AAAA", "equals", "2001:db8:0::10"))).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://example.org", record(Map.of("type", "TXT", "contains", "v=spf1 -all"))).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://example.org", record(Map.of("type", "CAA", "contains", "issue letsencrypt.org"))).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://example.org", record(Map.of("type", "CAA", "equals", "0 issue \"letsencrypt.org\"")))
        .status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://example.org", record(Map.of("type", "NS", "equals", "ns1.example.org"))).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://www.example.org", record(Map.of("type", "CNAME", "equals", "EXAMPLE.ORG"))).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://www.example.org", record(Map.of("contains", "192.0.2.10"))).status())
        .as("an A question about an alias reads the addresses").isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://_dmarc.example.org", record(Map.of("type", "TXT", "contains", "v=DMARC1; p=none")))
        .status()).as("underscore names").isEqualTo(ResultStatus.SUCCESS);
  }

  @Test
  void aNameUnderTheSitesIsAskedWithTheNameParameter() throws Exception {
    CheckResult relative = run("dns://example.org", record(Map.of("type", "TXT", "name", "_dmarc",
        "contains", "v=DMARC1; p=none")));
    assertThat(relative.status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(relative.message()).contains("_dmarc.example.org");
    assertThat(run("dns://example.org", record(Map.of("type", "TXT", "name", "_DMARC.example.org.",
        "contains", "v=DMARC1; p=none"))).status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(run("dns://example.org", rcode(Map.of("name", "missing", "rcode", "NXDOMAIN", "server", dns.server())))
        .status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(DnsProbe.asked("example.org", "www")).isEqualTo("www.example.org");
    assertThat(DnsProbe.asked("example.org", "example.org.")).isEqualTo("example.org");
    assertThat(DnsProbe.asked("example.org", null)).isEqualTo("example.org");
  }

  @Test
  void dnsRecordFailuresListWhatIsMissingAndWhatIsUnexpected() throws Exception {
    CheckResult pref = run("dns://example.org", record(Map.of("type", "MX", "contains", "10 mx2.example.org")));
    assertThat(pref.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(pref.message()).contains("missing 10 mx2.example.org").contains("20 mx2.example.org.");
    CheckResult extra = run("dns://rr.example.org", record(Map.of("type", "A", "equals", List.of("192.0.2.1"))));
    assertThat(extra.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(extra.message()).contains("unexpected 192.0.2.2").doesNotContain("missing");
    assertThat(extra.context()).containsEntry("actual", List.of("192.0.2.1", "192.0.2.2"));
    assertThat(run("dns://rr.example.org", record(Map.of("type", "A", "equals", List.of("192.0.2.2", "192.0.2.1"))))
        .status()).isEqualTo(ResultStatus.SUCCESS);
    CheckResult gone = run("dns://missing.example.org", record(Map.of("contains", "192.0.2.1")));
    assertThat(gone.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(gone.message()).contains("NXDOMAIN");
  }

  @Test
  void checksAskingTheSameQuestionShareOneRequest() {
    ProbeRequest base = ProbeRequest.of("dns://example.org", IpVersion.IPV4, Duration.ofSeconds(5));
    assertThat(rcode("NOERROR").request(base).key())
        .isEqualTo(new DnsRecordProvider().create(Map.of("contains", "192.0.2.10")).request(base).key());
    assertThat(rcode(Map.of("type", "MX")).request(base).key())
        .isEqualTo(new DnsRecordProvider().create(Map.of("type", "mx", "contains", "mx1.example.org")).request(base)
            .key())
        .isNotEqualTo(rcode("NOERROR").request(base).key());
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutTheChecksReport() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      String server = "127.0.0.1:" + silent.getLocalPort();
      Check check = rcode(Map.of("server", server));
      ProbeResponse r = PROBE.execute(check.request(ProbeRequest.of("dns://example.org", IpVersion.IPV4,
          Duration.ofMillis(300))));
      assertThat(r.error().kind()).isEqualTo("timeout");
      assertThat(r.attribute("dns.server")).isEqualTo(server);
      assertThat(check.evaluate(r, NOW).status()).isEqualTo(ResultStatus.FAILURE);
    }
  }

  @Test
  void anHttpResponseIsNoDnsAnswer() throws Exception {
    ProbeResponse http = ProbeResponse.of(ProbeRequest.of("https://example.org/", IpVersion.IPV4,
        Duration.ofSeconds(1)), new byte[0], false, List.of(), null, org.argos.api.ProbeTimings.ofTotal(Duration.ZERO),
        null, null, Map.of());
    CheckResult r = rcode("NOERROR").evaluate(http, NOW);
    assertThat(r.status()).isEqualTo(ResultStatus.ERROR);
    assertThat(r.message()).contains("dns://").contains("https://");
  }

  @Test
  void badParametersAreRefusedSayingWhatIsExpected() {
    assertThatThrownBy(() -> new DnsRecordProvider().create(Map.of("type", "SOA", "contains", "x")))
        .isInstanceOf(InvalidCheckParameterException.class).hasMessageContaining("dns-record")
        .hasMessageContaining("A, AAAA, CNAME, MX, TXT, NS, CAA");
    assertThatThrownBy(() -> new DnsRecordProvider().create(Map.of("type", "A", "contains", "not-an-address")))
        .hasMessageContaining("not an IPv4 address").hasMessageContaining("contains");
    assertThatThrownBy(() -> new DnsRecordProvider().create(Map.of("type", "AAAA", "equals", List.of("ok", "::1"))))
        .hasMessageContaining("not an IPv6 address");
    assertThatThrownBy(() -> new DnsRecordProvider().create(Map.of("type", "MX")))
        .hasMessageContaining("exactly one of contains");
    assertThatThrownBy(() -> new DnsRecordProvider().create(Map.of("contans", "192.0.2.1")))
        .hasMessageContaining("contans");
    assertThatThrownBy(() -> new DnsRcodeProvider().create("FINE")).hasMessageContaining("dns-rcode")
        .hasMessageContaining("NXDOMAIN");
    assertThatThrownBy(() -> new DnsRcodeProvider().create(Map.of("server", "192.0.2.53:0")))
        .hasMessageContaining("port");
  }
}
