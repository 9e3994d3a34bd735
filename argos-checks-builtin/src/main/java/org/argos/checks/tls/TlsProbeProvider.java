package org.argos.checks.tls;

import java.util.Set;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;

/** Offers the {@link TlsProbe} with its defaults for {@code tls}. */
public final class TlsProbeProvider implements ProbeProvider {
  /** Used by ServiceLoader. */
  public TlsProbeProvider() {}

  @Override
  public String name() {
    return "tls";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("tls");
  }

  @Override
  public Probe create() {
    return new TlsProbe();
  }
}
