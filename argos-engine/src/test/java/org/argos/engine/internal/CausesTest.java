package org.argos.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.argos.api.ProbePeer;
import org.junit.jupiter.api.Test;

/** The small rules of {@link Causes}; the grouping itself is tested through the engine (CauseGroupingTest). */
class CausesTest {
  @Test
  void theParentDomainDropsTheFirstLabelButNeverLeavesABareTldOrAnAddress() {
    assertThat(Causes.parentDomain("https://a.shop.example.org:8443")).isEqualTo("shop.example.org");
    assertThat(Causes.parentDomain("https://shop.example.org")).isEqualTo("example.org");
    assertThat(Causes.parentDomain("https://example.org")).isNull();
    assertThat(Causes.parentDomain("http://10.0.0.5:8080")).isNull();
    assertThat(Causes.parentDomain("http://[2001:db8::1]")).isNull();
    assertThat(Causes.parentDomain("http://localhost")).isNull();
  }

  @Test
  void anIpv6EndpointIsBracketed() {
    assertThat(new ProbePeer("2001:db8::1", 443, null).endpoint()).isEqualTo("[2001:db8::1]:443");
    assertThat(new ProbePeer("10.0.0.5", 443, null).endpoint()).isEqualTo("10.0.0.5:443");
  }
}
