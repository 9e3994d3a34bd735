package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private final TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"));

  @Test
  void addressesAndRangesOfBothFamiliesAreMatched() {
    assertThat(proxies.trusts("127.0.0.1")).isTrue();
    assertThat(proxies.trusts("127.0.0.2")).as("one address is a /32").isFalse();
    assertThat(proxies.trusts("10.255.1.2")).isTrue();
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
    assertThat(proxies.trusts("::1")).isTrue();
    assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(proxies.trusts("[::1]")).isTrue();
    assertThat(proxies.trusts("fdab::5")).isTrue();
    assertThat(proxies.trusts("fe80::1")).isFalse();
    assertThat(proxies.trusts("::ffff:10.1.2.3")).as("IPv4-mapped IPv6 is the IPv4 address").isTrue();
    assertThat(proxies.trusts("localhost")).as("names are never resolved").isFalse();
    assertThat(TrustedProxies.of(List.of("fe80::/10")).trusts("fe80::1%eth0")).as("a link-local peer with its zone").isTrue();
    TrustedProxies odd = TrustedProxies.of(List.of("192.168.1.128/25", "0.0.0.0/0"));
    assertThat(odd.trusts("8.8.8.8")).isTrue();
    assertThat(TrustedProxies.of(List.of("192.168.1.128/25")).trusts("192.168.1.127")).isFalse();
    assertThat(TrustedProxies.of(List.of("192.168.1.128/25")).trusts("192.168.1.255")).isTrue();
  }

  @Test
  void badEntriesAreRefusedWithWhatIsExpected() {
    assertThatThrownBy(() -> TrustedProxies.check("localhost")).hasMessageContaining("expected an IP address or a CIDR range")
        .hasMessageContaining("'localhost'");
    assertThatThrownBy(() -> TrustedProxies.check("10.0.0.1/8")).hasMessageContaining("host bits set")
        .hasMessageContaining("10.0.0.0/8");
    assertThatThrownBy(() -> TrustedProxies.check("10.0.0.0/33")).hasMessageContaining("from 0 to 32");
    assertThatThrownBy(() -> TrustedProxies.check("::1/129")).hasMessageContaining("from 0 to 128");
    assertThatThrownBy(() -> TrustedProxies.check("10.0.0.0/")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> TrustedProxies.check("256.1.1.1")).hasMessageContaining("expected an IP address");
    assertThatThrownBy(() -> TrustedProxies.check("010.1.1.1")).as("leading zeros (octal to some parsers)")
        .hasMessageContaining("expected an IP address");
    assertThatThrownBy(() -> TrustedProxies.check("::ffff:10.0.0.1")).hasMessageContaining("write it as 10.0.0.1");
    assertThatThrownBy(() -> TrustedProxies.check("")).hasMessageContaining("expected an IP address");
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
    assertThat(TrustedProxies.NONE.clientAddress("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
    assertThat(proxies.clientAddress("198.51.100.7", List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
    assertThat(proxies.clientAddress("198.51.100.7", List.of())).isEqualTo("198.51.100.7");
  }

  @Test
  void behindTrustedProxiesTheClientIsTheRightMostUntrustedHop() {
    // The client forged "1.1.1.1"; the edge proxy (10.0.0.5) appended what it saw, the local proxy appended 10.0.0.5.
    assertThat(proxies.clientAddress("127.0.0.1", List.of("1.1.1.1, 203.0.113.9, 10.0.0.5"))).isEqualTo("203.0.113.9");
    assertThat(proxies.clientAddress("127.0.0.1", List.of("1.1.1.1", "203.0.113.9", "10.0.0.5")))
        .as("several header lines are one list, in order").isEqualTo("203.0.113.9");
    assertThat(proxies.clientAddress("127.0.0.1", List.of("10.0.0.9, 10.0.0.5"))).as("all trusted: the left-most")
        .isEqualTo("10.0.0.9");
    assertThat(proxies.clientAddress("127.0.0.1", List.of("203.0.113.9, garbage, 10.0.0.5")))
        .as("an entry that is no address stops the walk at the last hop read").isEqualTo("10.0.0.5");
    assertThat(proxies.clientAddress("127.0.0.1", List.of("garbage"))).isEqualTo("127.0.0.1");
    assertThat(proxies.clientAddress("127.0.0.1", List.of("203.0.113.9:4711"))).as("a port is dropped").isEqualTo("203.0.113.9");
    assertThat(proxies.clientAddress("127.0.0.1", List.of("[2001:db8::1]:443"))).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(proxies.clientAddress("[0:0:0:0:0:0:0:1]", List.of("2001:DB8::1"))).as("canonical form")
        .isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(proxies.clientAddress("127.0.0.1", List.of(""))).isEqualTo("127.0.0.1");
  }

  @Test
  void aHugeForwardedChainIsReadOnlyInPart() {
    String chain = "203.0.113.9, " + "10.0.0.1, ".repeat(1000) + "10.0.0.2";
    assertThat(proxies.clientAddress("127.0.0.1", List.of(chain))).as("stops after " + TrustedProxies.MAX_HOPS + " hops")
        .isEqualTo("10.0.0.1");
  }

  @Test
  void ipv6ClientsAreThrottledByTheirSlash64() {
    assertThat(TrustedProxies.throttleKey("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(TrustedProxies.throttleKey("2001:db8:1:2:bbbb::7")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(TrustedProxies.throttleKey("203.0.113.9")).isEqualTo("203.0.113.9");
  }
}
