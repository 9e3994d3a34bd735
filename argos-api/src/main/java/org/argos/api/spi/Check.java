package org.argos.api.spi;

import org.argos.api.CheckResult;
import org.argos.api.Severity;

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

  /**
   * Judges a result that a remote agent reported for this check: the server, not the agent, decides the status and
   * severity that are recorded, with this check's configuration (an agent may run another version, or know other
   * thresholds). The severity an agent may claim is not part of the report: agents are not trusted to choose it.
   *
   * <p>The default is Argos' fixed mapping ({@link AgentReport#defaultResult}): success is ok, failure critical,
   * error unknown. A check whose {@link #evaluate} chooses another severity must override this and decide again from
   * the report's context, so a result gets the same verdict whether the probe ran in the engine or on an agent; put
   * what that needs in the context {@link #evaluate} returns. The compatibility kit checks that round trip.
   *
   * <p>Must not throw: a report the check cannot read becomes an {@code error} result ({@link Severity#UNKNOWN})
   * saying why. The engine treats a check that throws anyway the same way.
   *
   * @param report what the agent sent
   * @param context evaluation context (the current time)
   * @return the result to record
   */
  default CheckResult judgeReport(AgentReport report, CheckContext context) {
    return report.defaultResult();
  }
}
