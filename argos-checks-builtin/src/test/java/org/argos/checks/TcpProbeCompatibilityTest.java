package org.argos.checks;

import java.io.IOException;
import org.argos.api.spi.Probe;
import org.argos.checks.tcp.TcpProbe;
import org.argos.testkit.ProbeCompatibilityKit;
import org.argos.testkit.ProbeTargets;
import org.argos.testkit.TcpProbeTargets;

/** The TCP probe keeps the probe contract, against the kit's loopback line servers. */
class TcpProbeCompatibilityTest extends ProbeCompatibilityKit {
  @Override
  protected Probe createProbe() {
    return new TcpProbe();
  }

  @Override
  protected long bodyCap() {
    return TcpProbe.MAX_READ;
  }

  @Override
  protected ProbeTargets startTargets() throws IOException {
    return new TcpProbeTargets();
  }
}
