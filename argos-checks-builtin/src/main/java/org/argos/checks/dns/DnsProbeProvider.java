package org.argos.checks.dns;

import java.util.Set;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;

/** Serves {@code dns://} requests with a {@link DnsProbe}. */
public final class DnsProbeProvider implements ProbeProvider {
  /** Creates the provider. */
  public DnsProbeProvider() {}

  @Override
  public String name() {
    return "dns";
  }

  @Override
  public Set<String> schemes() {
    return Set.of(DnsProbe.SCHEME);
  }

  @Override
  public Probe create() {
    return new DnsProbe();
  }
}
