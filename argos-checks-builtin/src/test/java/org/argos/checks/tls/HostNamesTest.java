package org.argos.checks.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Host name matching as RFC 6125 and the JDK's HTTPS check have it, on certificates made here. */
class HostNamesTest {
  @Test
  void exactNamesMatchWhateverTheCaseAndTrailingDot() {
    TestChain c = TestChain.serverCertificate(Duration.ofDays(1), "mail.example.org");
    assertThat(HostNames.matches(c.leaf, "mail.example.org")).isTrue();
    assertThat(HostNames.matches(c.leaf, "MAIL.Example.ORG.")).isTrue();
    assertThat(HostNames.matches(c.leaf, "example.org")).isFalse();
    assertThat(HostNames.matches(c.leaf, "smtp.example.org")).isFalse();
  }

  @Test
  void aWildcardCoversExactlyOneLeftmostLabel() {
    TestChain c = TestChain.serverCertificate(Duration.ofDays(1), "*.example.org");
    assertThat(HostNames.matches(c.leaf, "mail.example.org")).isTrue();
    assertThat(HostNames.matches(c.leaf, "example.org")).isFalse();
    assertThat(HostNames.matches(c.leaf, "a.mail.example.org")).isFalse();
    TestChain tooWide = TestChain.serverCertificate(Duration.ofDays(1), "*.org");
    assertThat(HostNames.matches(tooWide.leaf, "example.org")).isFalse();
  }

  @Test
  void addressesMatchOnlyAddressEntries() {
    TestChain c = TestChain.serverCertificate(Duration.ofDays(1), "localhost");
    assertThat(HostNames.matches(c.leaf, "127.0.0.1")).isTrue();
    assertThat(HostNames.matches(c.leaf, "::1")).isTrue();
    assertThat(HostNames.matches(c.leaf, "[0:0:0:0:0:0:0:1]")).isTrue();
    assertThat(HostNames.matches(c.leaf, "127.0.0.2")).isFalse();
  }

  @Test
  void internationalNamesCompareInTheirAsciiForm() {
    TestChain c = TestChain.serverCertificate(Duration.ofDays(1), "xn--bcher-kva.example");
    assertThat(HostNames.matches(c.leaf, "bücher.example")).isTrue();
  }
}
