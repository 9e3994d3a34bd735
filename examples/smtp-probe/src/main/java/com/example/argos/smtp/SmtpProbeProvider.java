package com.example.argos.smtp;

import java.util.Set;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;

/** Offers the SMTP probe for {@code smtp://host[:port]} (port 25 by default). */
public final class SmtpProbeProvider implements ProbeProvider {
  /** Used by ServiceLoader. */
  public SmtpProbeProvider() {}

  @Override
  public String name() {
    return "smtp";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("smtp");
  }

  @Override
  public Probe create() {
    return new SmtpProbe();
  }
}
