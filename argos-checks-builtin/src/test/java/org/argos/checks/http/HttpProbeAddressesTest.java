package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
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
  void aPinThatIsNotALiteralOfTheFamilyIsAnInvalidRequest() throws Exception {
    try (HttpProbe probe = HttpProbe.builder().resolver(ROUND_ROBIN).build()) {
      ProbeRequest r = get("http://rr.test:9/", IpVersion.IPV4);
      for (String bad : List.of("rr.test", "::1", "127.0.0.300x", "")) {
        var response = probe.execute(r.withOption(org.argos.api.spi.Probe.ADDRESS_OPTION, bad));
        assertThat(response.error()).as(bad).isNotNull();
        assertThat(response.error().kind()).as(bad).isEqualTo("invalid-request");
      }
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
