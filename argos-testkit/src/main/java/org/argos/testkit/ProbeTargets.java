package org.argos.testkit;

import java.time.Duration;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;

/**
 * The servers a {@link ProbeCompatibilityKit} sends a probe to, for one scheme: each method gives a request aimed at a
 * running loopback server that behaves in one way. {@link HttpProbeTargets} serves HTTP; a probe of another scheme
 * (TCP, DNS) gives the kit its own targets by overriding {@link ProbeCompatibilityKit#startTargets()}.
 *
 * <p>Targets are started before a test and closed after it; every server thread they start ends on {@link #close()}.
 */
public interface ProbeTargets extends AutoCloseable {
  /**
   * @param token a short word (letters, digits and dashes) that the answer carries, so that concurrent requests can
   *     tell their answers apart
   * @param timeout the request's timeout
   * @return a request to a server that answers normally and at once
   */
  ProbeRequest answering(String token, Duration timeout);

  /**
   * Asserts that a response is the normal answer of {@link #answering} for this token (and not another's).
   *
   * @param response what the probe returned
   * @param token the token the request was made with
   */
  void assertAnswered(ProbeResponse response, String token);

  /**
   * @param timeout the request's timeout
   * @return a request to a loopback port where nothing listens (the connection is refused)
   */
  ProbeRequest refusing(Duration timeout);

  /**
   * @param timeout the request's timeout
   * @return a request to a server that accepts the connection and then never sends a byte
   */
  ProbeRequest silent(Duration timeout);

  /**
   * @param timeout the request's timeout
   * @return a request to a server that starts an answer and then sends one byte now and then, for ever, so that a
   *     probe that bounds each read but not the whole exchange never ends
   */
  ProbeRequest trickling(Duration timeout);

  /**
   * @param timeout the request's timeout
   * @return a request to a server that accepts the connection and closes it without answering
   */
  ProbeRequest closing(Duration timeout);

  /**
   * @param timeout the request's timeout
   * @return a request to a server that answers with a body that never ends (as fast as the probe reads it)
   */
  ProbeRequest endless(Duration timeout);

  /** Stops every server and ends their threads. */
  @Override
  void close();
}
