package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A silence by address matches sites whose host is an IP literal in a block; nothing is resolved. */
class AddressRangeTest {
  @Test
  void aBlockMatchesTheLiteralHostsItContains() {
    AddressRange r = AddressRange.parse("10.0.0.77/24");
    assertThat(r).hasToString("10.0.0.0/24");
    assertThat(r.matchesDomain("https://10.0.0.5")).isTrue();
    assertThat(r.matchesDomain("http://10.0.0.255:8080")).isTrue();
    assertThat(r.matchesDomain("https://10.0.1.5")).isFalse();
    assertThat(r.matchesDomain("https://backend.example")).as("names are not resolved").isFalse();
    assertThat(AddressRange.parse("10.0.0.5").matchesDomain("https://10.0.0.5")).isTrue();
    assertThat(AddressRange.parse("10.0.0.5").matchesDomain("https://10.0.0.6")).isFalse();
    AddressRange v6 = AddressRange.parse("2001:db8::/32");
    assertThat(v6.matchesDomain("https://[2001:db8:1::5]:8443")).isTrue();
    assertThat(v6.matchesDomain("https://[2001:db9::5]")).isFalse();
    assertThat(v6.matchesDomain("https://10.0.0.5")).isFalse();
    assertThat(AddressRange.parse("0.0.0.0/0").matchesDomain("https://192.168.1.1")).isTrue();
  }

  @Test
  void anythingButAnAddressOrABlockIsRefused() {
    for (String bad : new String[] {"backend.example", "10.0.0.256", "10.0.0.0/33", "10.0.0.0/x", "2001:db8::/129",
        "fe80::1%eth0", "", "1.2.3"}) {
      assertThatThrownBy(() -> AddressRange.parse(bad)).as(bad).isInstanceOf(InvalidSiteException.class)
          .hasMessageStartingWith("address:");
    }
  }
}
