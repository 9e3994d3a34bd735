package org.argos.api.spi;

import org.argos.api.CheckResult;

/**
 * A configured check: evaluates one probe response. Pure: no I/O, no shared mutable state, safe to call from many
 * threads at once. A check that throws is reported as an {@code error} result of severity {@code unknown}; it never
 * stops the engine.
 */
public interface Check {
  /**
   * @param response what the probe fetched; when {@link ProbeResponse#error()} is set and
   *     {@link #evaluatesTransportErrors()} is false, the engine reports a failure without calling this method
   * @param context evaluation context (the current time)
   * @return the result
   */
  CheckResult evaluate(ProbeResponse response, CheckContext context);

  /**
   * Lets a check change the request it needs (for example {@code http-to-https} probes the {@code http://} URL).
   * Checks whose requests are equal share one probe run.
   *
   * @param base the request the path describes
   * @return the request to run for this check
   */
  default ProbeRequest request(ProbeRequest base) {
    return base;
  }

  /** @return true if this check wants to judge transport errors itself (default: they are failures) */
  default boolean evaluatesTransportErrors() {
    return false;
  }
}
