package org.argos.checks.rdap;

import java.io.IOException;
import org.argos.api.spi.Probe;
import org.argos.testkit.ProbeCompatibilityKit;
import org.argos.testkit.ProbeTargets;

/** The domain probe keeps the probe contract, against loopback RDAP servers that behave as the kit asks. */
class DomainProbeCompatibilityTest extends ProbeCompatibilityKit {
  @Override
  protected Probe createProbe() {
    return new DomainProbe();
  }

  @Override
  protected long bodyCap() {
    return 1 << 20;
  }

  @Override
  protected ProbeTargets startTargets() throws IOException {
    return new RdapProbeTargets();
  }
}
