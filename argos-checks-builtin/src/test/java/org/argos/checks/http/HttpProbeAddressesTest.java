package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.LoopbackBackends;
import org.junit.jupiter.api.Test;

/** The addresses the probe says it connects to ({@code addresses: all}, the bound per address). */
class HttpProbeAddressesTest {
  /** {@code rr.test}: three addresses, two IPv4 and one IPv6; anything else does not resolve. */
  static final HostResolver ROUND_ROBIN = HostResolver.inMemory(host -> {
    if (!host.equals("rr.test")) {
      throw new UnknownHostException(host);
    }
    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 2}),
        InetAddress.getByAddress(host, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
        InetAddress.getByAddress(host, new byte[] {127, 0, 0, 3}));
  });

  private static ProbeRequest get(String url, IpVersion v) {
    return new ProbeRequest(url, "GET", RequestData.NONE, v, Duration.ofSeconds(2), false, 0);
  }

  @Test
  void theHostsAddressesOfTheRequestsFamilyInTheResolversOrder() throws Exception {
    try (HttpProbe probe = HttpProbe.builder().resolver(ROUND_ROBIN).build()) {
      assertThat(probe.addresses(get("https://rr.test/x", IpVersion.IPV4))).extracting(InetAddress::getHostAddress)
          .containsExactly("127.0.0.2", "127.0.0.3");
      assertThat(probe.addresses(get("http://rr.test:8080/", IpVersion.IPV6))).extracting(InetAddress::getHostAddress)
          .containsExactly("0:0:0:0:0:0:0:1");
      assertThat(probe.addresses(get("http://127.0.0.5:81/", IpVersion.IPV4))).extracting(InetAddress::getHostAddress)
          .containsExactly("127.0.0.5");
    }
  }

  @Test
  void thePinnedAddressIsReachedUnderTheHostsName() throws Exception {
    try (LoopbackBackends three = new LoopbackBackends(Duration.ZERO, "127.0.0.3");
        HttpProbe probe = HttpProbe.builder().resolver(ROUND_ROBIN).build()) {
      ProbeRequest r = get("http://rr.test:" + three.port + "/", IpVersion.IPV4);
      var pinned = probe.execute(r.withOption(org.argos.api.spi.Probe.ADDRESS_OPTION, "127.0.0.3"));
      assertThat(pinned.error()).isNull();
      assertThat(pinned.status()).isEqualTo(200);
      assertThat(pinned.peer().address()).isEqualTo("127.0.0.3");
      assertThat(three.at("127.0.0.3").hosts).containsExactly("rr.test:" + three.port);
      // unpinned: the resolver's first address (127.0.0.2, where nothing listens on that port), then the next
      assertThat(probe.execute(r).peer().address()).isEqualTo("127.0.0.3");
    }
  }

  @Test
  void overTlsThePinnedAddressIsCheckedAgainstTheHostsNameNotTheAddress() throws Exception {
    org.argos.checks.TestCertificates certs = org.argos.checks.TestCertificates.expiringIn(Duration.ofDays(30));
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
    kmf.init(certs.keyStore, org.argos.checks.TestCertificates.PASSWORD);
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    try (javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) tls.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try (java.net.Socket s = server.accept()) {
            org.argos.checks.RawServer.readRequestHead(s);
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          } catch (java.io.IOException e) {
            // a refused handshake, or the end of the test
          }
        }
      });
      // both names resolve to a dead address first: the pin skips it
      HostResolver names = HostResolver.inMemory(host -> List.of(
          InetAddress.getByAddress(host, new byte[] {127, 0, 0, 9}), InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})));
      try (HttpProbe probe = HttpProbe.builder().resolver(names).trustStore(certs.trustStore).build()) {
        ProbeResponse named = probe.execute(get("https://secure.argos.test:" + server.getLocalPort() + "/",
            IpVersion.IPV4).withOption(org.argos.api.spi.Probe.ADDRESS_OPTION, "127.0.0.1"));
        assertThat(named.error()).isNull();
        assertThat(named.status()).isEqualTo(200);
        assertThat(named.peer().endpoint()).isEqualTo("127.0.0.1:" + server.getLocalPort());
        // the same address under a name its certificate does not carry: refused, as without the pin
        ProbeResponse other = probe.execute(get("https://elsewhere.argos.test:" + server.getLocalPort() + "/",
            IpVersion.IPV4).withOption(org.argos.api.spi.Probe.ADDRESS_OPTION, "127.0.0.1"));
        assertThat(other.error()).isNotNull();
        assertThat(other.error().kind()).isEqualTo("tls");
      }
    }
  }

  @Test
  void aPinThatIsNotALiteralOfTheFamilyIsAnInvalidRequest() throws Exception {
    try (HttpProbe probe = HttpProbe.builder().resolver(ROUND_ROBIN).build()) {
      ProbeRequest r = get("http://rr.test:9/", IpVersion.IPV4);
      for (String bad : List.of("rr.test", "::1", "127.0.0.300x", "", "127.0.0.1%1", "::1%eth0 x")) {
        var response = probe.execute(r.withOption(org.argos.api.spi.Probe.ADDRESS_OPTION, bad));
        assertThat(response.error()).as(bad).isNotNull();
        assertThat(response.error().kind()).as(bad).isEqualTo("invalid-request");
      }
      // a literal of the family is reached (nothing listens on port 9 of ::1 or of 127.0.0.3: connect fails there)
      var v6 = probe.execute(get("http://rr.test:9/", IpVersion.IPV6).withOption(org.argos.api.spi.Probe.ADDRESS_OPTION,
          "0:0:0:0:0:0:0:1"));
      assertThat(v6.error().kind()).isEqualTo("connect");
      assertThat(probe.execute(r.withOption(org.argos.api.spi.Probe.ADDRESS_OPTION, "127.0.0.3")).error().kind())
          .isEqualTo("connect");
    }
  }

  @Test
  void noneWhenTheNameDoesNotResolveOrTheLiteralIsOfTheOtherFamily() throws Exception {
    try (HttpProbe probe = HttpProbe.builder().resolver(ROUND_ROBIN).build()) {
      assertThat(probe.addresses(get("https://nowhere.test/", IpVersion.IPV4))).isEmpty();
      assertThat(probe.addresses(get("http://127.0.0.5/", IpVersion.IPV6))).isEmpty();
    }
  }
}
