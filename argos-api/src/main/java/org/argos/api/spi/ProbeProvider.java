package org.argos.api.spi;

import java.util.Set;

/**
 * Offers a probe for one or more URI schemes ({@code http} and {@code https}, {@code tcp}, {@code smtp}...): a third
 * party adds a scheme by listing its provider in {@code META-INF/services/org.argos.api.spi.ProbeProvider}, or a host
 * installs it on the engine's builder. The engine runs each request group with the probe of its request's
 * {@link ProbeRequest#scheme()}; a site whose scheme no provider serves is refused at registration. Two providers that
 * claim one scheme are an error naming both. Implementations must be cheap to construct.
 *
 * <pre>{@code
 * public final class SmtpProbeProvider implements ProbeProvider {
 *   public String name() { return "smtp"; }
 *   public Set<String> schemes() { return Set.of("smtp"); }
 *   public Probe create() { return new SmtpProbe(); }
 * }
 * }</pre>
 */
public interface ProbeProvider {
  /** @return a short name for messages and docs, lower case ({@code http}, {@code tcp}) */
  String name();

  /**
   * @return the schemes this provider's probe serves, lower case, not empty; a check that reads them lists them in
   *     {@link CheckProvider#schemes()}
   */
  Set<String> schemes();

  /**
   * Makes a probe. The engine calls it once per engine (or agent) and closes the probe when it stops.
   *
   * @return a new thread-safe probe, which answers every request of {@link #schemes()}
   */
  Probe create();
}
