package org.argos.checks.dns;

import java.io.IOException;
import org.argos.api.spi.Probe;
import org.argos.testkit.ProbeCompatibilityKit;
import org.argos.testkit.ProbeTargets;

/** The DNS probe keeps the probe contract, against a loopback DNS server that behaves as the kit asks. */
class DnsProbeCompatibilityTest extends ProbeCompatibilityKit {
  @Override
  protected Probe createProbe() {
    return new DnsProbe();
  }

  @Override
  protected long bodyCap() {
    return DnsWire.MAX_MESSAGE;
  }

  @Override
  protected ProbeTargets startTargets() throws IOException {
    return new DnsProbeTargets();
  }
}
