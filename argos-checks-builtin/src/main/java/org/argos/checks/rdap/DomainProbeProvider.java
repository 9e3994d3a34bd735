package org.argos.checks.rdap;

import java.util.Set;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;

/** Serves {@code domain://} requests with a {@link DomainProbe} on IANA's bootstrap file shipped in this jar. */
public final class DomainProbeProvider implements ProbeProvider {
  /** Creates the provider. */
  public DomainProbeProvider() {}

  @Override
  public String name() {
    return "domain";
  }

  @Override
  public Set<String> schemes() {
    return Set.of(DomainProbe.SCHEME);
  }

  @Override
  public Probe create() {
    return new DomainProbe();
  }
}
