package org.argos.checks.http;

import java.util.Set;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;

/** Offers the {@link HttpProbe} with its defaults for {@code http} and {@code https}. */
public final class HttpProbeProvider implements ProbeProvider {
  /** Used by ServiceLoader. */
  public HttpProbeProvider() {}

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public Probe create() {
    return new HttpProbe();
  }
}
