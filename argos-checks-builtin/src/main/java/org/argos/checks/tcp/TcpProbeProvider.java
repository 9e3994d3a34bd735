package org.argos.checks.tcp;

import java.util.Set;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;

/** Offers the {@link TcpProbe} for {@code tcp://host:port}. */
public final class TcpProbeProvider implements ProbeProvider {
  /** Used by ServiceLoader. */
  public TcpProbeProvider() {}

  @Override
  public String name() {
    return "tcp";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("tcp");
  }

  @Override
  public Probe create() {
    return new TcpProbe();
  }
}
