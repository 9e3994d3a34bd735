package com.example.argos.smtp;

import java.io.IOException;
import org.argos.api.spi.Probe;
import org.argos.testkit.ProbeCompatibilityKit;
import org.argos.testkit.ProbeTargets;

/** A third-party probe runs the same kit as the built-in ones, with servers of its own scheme. */
class SmtpProbeCompatibilityTest extends ProbeCompatibilityKit {
  @Override
  protected Probe createProbe() {
    return new SmtpProbeProvider().create();
  }

  @Override
  protected long bodyCap() {
    return SmtpProbe.MAX_TRANSCRIPT;
  }

  @Override
  protected ProbeTargets startTargets() throws IOException {
    return new SmtpTargets();
  }
}
