package org.argos.checks.tls;

import org.argos.api.spi.Probe;
import org.argos.checks.http.HostResolver;
import org.argos.testkit.ProbeCompatibilityKit;
import org.argos.testkit.ProbeTargets;

/** The TLS probe keeps the contract of every probe, against the TLS servers of {@link TlsProbeTargets}. */
class TlsProbeCompatibilityTest extends ProbeCompatibilityKit {
  @Override
  protected Probe createProbe() {
    return TlsProbe.builder().resolver(HostResolver.loopback()).trustStore(TlsProbeTargets.CHAIN.trustStore).build();
  }

  @Override
  protected long bodyCap() {
    return TlsProbe.BODY_CAP;
  }

  @Override
  protected ProbeTargets startTargets() throws java.io.IOException {
    return new TlsProbeTargets();
  }
}
