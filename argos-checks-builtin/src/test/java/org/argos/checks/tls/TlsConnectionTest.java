package org.argos.checks.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.argos.api.IpVersion;
import org.argos.checks.http.HostResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The TLS probe's I/O core against real TLS servers on loopback, direct and after each STARTTLS dialogue. */
class TlsConnectionTest {
  static TestChain valid;
  static TestChain expired;

  @BeforeAll
  static void certificates() {
    valid = TestChain.serverCertificate(Duration.ofDays(30), "localhost", "secure.argos.test");
    expired = TestChain.serverCertificate(Duration.ofHours(-2), "localhost");
  }

  /** Trusts the test certificate, as the JVM's trust store trusts a public CA's. */
  static TlsConnection trusting(TestChain certificates) {
    return new TlsConnection(HostResolver.loopback(), ChainCapture.trustOf(certificates.trustStore));
  }

  static TlsOutcome run(TlsConnection c, String host, int port, StartTls startTls) throws InterruptedException {
    return c.run(host, port, IpVersion.IPV4, startTls, Duration.ofSeconds(5));
  }

  @Test
  void directTlsReportsVersionCipherChainAndHostName() throws Exception {
    try (TlsServer server = new TlsServer(valid, "tls", TlsServer.Mode.NORMAL)) {
      TlsOutcome o = run(trusting(valid), "localhost", server.port(), null);
      assertThat(o.errorKind()).as(o.errorMessage()).isNull();
      assertThat(o.protocol()).isEqualTo("TLSv1.3");
      assertThat(o.cipher()).startsWith("TLS_");
      assertThat(o.chain()).containsExactly(valid.leaf, valid.authority);
      assertThat(o.chainValid()).isTrue();
      assertThat(o.chainError()).isNull();
      assertThat(o.hostnameMatch()).isTrue();
      assertThat(o.address().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(o.connect()).isNotNull();
      assertThat(o.tls()).isNotNull();
      assertThat(o.upgrade()).isNull();
      assertThat(server.sniSeen).containsExactly("localhost");
    }
  }

  @Test
  void overIpv6TheProbeConnectsToTheV6AddressAndMatchesItByAddress() throws Exception {
    java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
    try (TlsServer server = new TlsServer(v6, valid, "imap", TlsServer.Mode.NORMAL)) {
      TlsOutcome byName = trusting(valid).run("localhost", server.port(), IpVersion.IPV6, StartTls.IMAP,
          Duration.ofSeconds(5));
      assertThat(byName.errorKind()).as(byName.errorMessage()).isNull();
      assertThat(byName.address()).isEqualTo(v6);
      TlsOutcome byAddress = trusting(valid).run("[::1]", server.port(), IpVersion.IPV6, StartTls.IMAP,
          Duration.ofSeconds(5));
      assertThat(byAddress.errorKind()).as(byAddress.errorMessage()).isNull();
      assertThat(byAddress.hostnameMatch()).isTrue();
      assertThat(server.sniSeen).containsExactly("localhost"); // no SNI for an address, as RFC 6066 says
    }
  }

  @Test
  void anUntrustedChainIsReportedNotFatal() throws Exception {
    try (TlsServer server = new TlsServer(valid, "tls", TlsServer.Mode.NORMAL)) {
      // the JVM's own trust store: a self-signed test certificate is not in it
      TlsConnection jvmTrust = new TlsConnection(HostResolver.loopback(), ChainCapture.trustOf(null));
      TlsOutcome o = run(jvmTrust, "localhost", server.port(), null);
      assertThat(o.errorKind()).isNull();
      assertThat(o.chain()).containsExactly(valid.leaf, valid.authority);
      assertThat(o.chainValid()).isFalse();
      assertThat(o.chainError()).contains("PKIX");
      assertThat(o.hostnameMatch()).isTrue();
    }
  }

  @Test
  void anExpiredCertificateIsCapturedAndJudgedInvalid() throws Exception {
    try (TlsServer server = new TlsServer(expired, "tls", TlsServer.Mode.NORMAL)) {
      TlsOutcome o = run(trusting(expired), "localhost", server.port(), null);
      assertThat(o.errorKind()).isNull();
      assertThat(o.chain()).containsExactly(expired.leaf, expired.authority);
      assertThat(o.chainValid()).isFalse();
      assertThat(o.chainError()).containsIgnoringCase("valid");
    }
  }

  @Test
  void anotherHostsCertificateDoesNotMatchTheName() throws Exception {
    try (TlsServer server = new TlsServer(valid, "tls", TlsServer.Mode.NORMAL)) {
      TlsOutcome o = run(trusting(valid), "www.example.org", server.port(), null); // resolved to loopback
      assertThat(o.errorKind()).isNull();
      assertThat(o.chainValid()).isTrue();
      assertThat(o.hostnameMatch()).isFalse();
      assertThat(server.sniSeen).containsExactly("www.example.org");
      TlsOutcome wildcardLike = run(trusting(valid), "deeper.secure.argos.test", server.port(), null);
      assertThat(wildcardLike.hostnameMatch()).isFalse();
      TlsOutcome byAddress = run(trusting(valid), "127.0.0.1", server.port(), null);
      assertThat(byAddress.hostnameMatch()).isTrue();
    }
  }

  @Test
  void theNegotiatedVersionIsTheServers() throws Exception {
    try (TlsServer server = new TlsServer(valid, "tls", TlsServer.Mode.NORMAL, "TLSv1.2")) {
      TlsOutcome o = run(trusting(valid), "localhost", server.port(), null);
      assertThat(o.protocol()).isEqualTo("TLSv1.2");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"smtp", "imap", "pop3", "xmpp"})
  void startTlsUpgradesThenHandshakes(String protocol) throws Exception {
    try (TlsServer server = new TlsServer(valid, protocol, TlsServer.Mode.NORMAL)) {
      TlsOutcome o = run(trusting(valid), "localhost", server.port(), StartTls.parse(protocol));
      assertThat(o.errorKind()).as(o.errorMessage()).isNull();
      assertThat(o.protocol()).isEqualTo("TLSv1.3");
      assertThat(o.chain()).containsExactly(valid.leaf, valid.authority);
      assertThat(o.hostnameMatch()).isTrue();
      assertThat(o.upgrade()).isNotNull();
      assertThat(new String(o.heard(), StandardCharsets.UTF_8)).isNotEmpty();
      assertThat(server.sniSeen).containsExactly("localhost");
    }
  }

  @Test
  void eachDialogueSaysWhatItShould() throws Exception {
    try (TlsServer smtp = new TlsServer(valid, "smtp", TlsServer.Mode.NORMAL);
        TlsServer imap = new TlsServer(valid, "imap", TlsServer.Mode.NORMAL);
        TlsServer pop3 = new TlsServer(valid, "pop3", TlsServer.Mode.NORMAL);
        TlsServer xmpp = new TlsServer(valid, "xmpp", TlsServer.Mode.NORMAL)) {
      run(trusting(valid), "localhost", smtp.port(), StartTls.SMTP);
      run(trusting(valid), "localhost", imap.port(), StartTls.IMAP);
      run(trusting(valid), "localhost", pop3.port(), StartTls.POP3);
      run(trusting(valid), "localhost", xmpp.port(), StartTls.XMPP);
      assertThat(smtp.commandsSeen).containsExactly("EHLO [127.0.0.1]", "STARTTLS");
      assertThat(imap.commandsSeen).containsExactly("a STARTTLS");
      assertThat(pop3.commandsSeen).containsExactly("STLS");
      assertThat(xmpp.commandsSeen.get(0)).contains("to='localhost'").contains("xmlns='jabber:client'");
      assertThat(xmpp.commandsSeen.get(1)).isEqualTo("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"smtp", "imap", "pop3", "xmpp"})
  void aServerWithoutStartTlsFailsAsStarttls(String protocol) throws Exception {
    try (TlsServer server = new TlsServer(valid, protocol, TlsServer.Mode.REFUSE)) {
      TlsOutcome o = run(trusting(valid), "localhost", server.port(), StartTls.parse(protocol));
      assertThat(o.errorKind()).isEqualTo("starttls");
      assertThat(o.errorMessage()).containsIgnoringCase(protocol.equals("pop3") ? "STLS" : "STARTTLS");
      assertThat(o.protocol()).isNull();
      assertThat(o.chain()).isEmpty();
      assertThat(o.heard()).isNotEmpty();
    }
  }

  @Test
  void anEndlessGreetingIsCutAtTheLineBound() throws Exception {
    try (TlsServer server = new TlsServer(valid, "smtp", TlsServer.Mode.ENDLESS_LINE)) {
      TlsOutcome o = run(trusting(valid), "localhost", server.port(), StartTls.SMTP);
      assertThat(o.errorKind()).isEqualTo("starttls");
      assertThat(o.errorMessage()).contains("longer than " + Dialogue.MAX_LINE);
      assertThat(o.heard().length).isLessThanOrEqualTo(Dialogue.MAX_LINE + 1);
    }
  }

  @Test
  void endlessXmlIsCutAtTheByteBound() throws Exception {
    try (TlsServer server = new TlsServer(valid, "xmpp", TlsServer.Mode.ENDLESS_LINE)) {
      TlsOutcome o = run(trusting(valid), "localhost", server.port(), StartTls.XMPP);
      assertThat(o.errorKind()).isEqualTo("starttls");
      assertThat(o.errorMessage()).contains("more than " + Dialogue.MAX_BYTES);
      assertThat(o.heard()).hasSize(Dialogue.MAX_BYTES);
    }
  }

  @Test
  void aSilentServerTimesOutWithinTheTimeout() throws Exception {
    try (TlsServer server = new TlsServer(valid, "tls", TlsServer.Mode.SILENT)) {
      long t0 = System.nanoTime();
      TlsOutcome o = trusting(valid).run("localhost", server.port(), IpVersion.IPV4, null, Duration.ofMillis(400));
      assertThat(o.errorKind()).isEqualTo("timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      assertThat(o.address()).isNotNull();
    }
  }

  @Test
  void aServerTricklingTheHandshakeCannotStretchTheTimeout() throws Exception {
    try (TlsServer server = new TlsServer(valid, "tls", TlsServer.Mode.TRICKLE)) {
      long t0 = System.nanoTime();
      TlsOutcome o = trusting(valid).run("localhost", server.port(), IpVersion.IPV4, null, Duration.ofMillis(800));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(o.errorKind()).isEqualTo("timeout");
      // each byte comes within the read timeout; only the watchdog's close at the deadline ends the handshake
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofMillis(1800));
    }
  }

  @Test
  void refusedAndWrongFamilyAreTransportErrors() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TlsOutcome refused = run(trusting(valid), "localhost", closedPort, null);
    assertThat(refused.errorKind()).isEqualTo("connect");
    TlsConnection v4Only = new TlsConnection(HostResolver.inMemory(h -> java.util.List.of(
        java.net.InetAddress.getByAddress(h, new byte[] {127, 0, 0, 1}))), ChainCapture.trustOf(null));
    TlsOutcome noV6 = v4Only.run("localhost", closedPort, IpVersion.IPV6, null, Duration.ofSeconds(1));
    assertThat(noV6.errorKind()).isEqualTo("no-address");
  }

  @Test
  void startTlsOptionValuesAndPortDefaults() {
    assertThat(StartTls.parse("SMTP")).isEqualTo(StartTls.SMTP);
    assertThat(StartTls.parse("none")).isNull();
    assertThat(StartTls.forPort(587)).isEqualTo(StartTls.SMTP);
    assertThat(StartTls.forPort(143)).isEqualTo(StartTls.IMAP);
    assertThat(StartTls.forPort(465)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StartTls.parse("ftp"))
        .hasMessageContaining("smtp, imap, pop3, xmpp or none");
  }
}
