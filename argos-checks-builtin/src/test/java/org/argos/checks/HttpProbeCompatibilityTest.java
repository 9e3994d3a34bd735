package org.argos.checks;

import org.argos.api.spi.Probe;
import org.argos.checks.http.HttpProbe;
import org.argos.testkit.ProbeCompatibilityKit;

/** The built-in HTTP probe keeps the probe contract, against the kit's loopback HTTP servers. */
class HttpProbeCompatibilityTest extends ProbeCompatibilityKit {
  private static final int CAP = 256 * 1024;

  @Override
  protected Probe createProbe() {
    return HttpProbe.builder().bodyCap(CAP).build();
  }

  @Override
  protected long bodyCap() {
    return CAP;
  }
}
