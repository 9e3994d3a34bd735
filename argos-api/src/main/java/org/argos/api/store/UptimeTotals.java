package org.argos.api.store;

import java.util.OptionalDouble;

/**
 * How long tasks spent in each severity over a window, summed over the tasks asked about, from their state changes.
 * Time before a task's first result counts nowhere; time after the window's end or after {@code now} neither.
 *
 * @param okMillis time in ok
 * @param warningMillis time in warning
 * @param criticalMillis time in critical
 * @param unknownMillis time in unknown
 * @param incidents how many times a task went from up (ok, warning) to down (critical, unknown) in the window
 */
public record UptimeTotals(long okMillis, long warningMillis, long criticalMillis, long unknownMillis, long incidents) {
  /** Nothing observed. */
  public static final UptimeTotals NONE = new UptimeTotals(0, 0, 0, 0, 0);

  /** Every part is {@code >= 0}. */
  public UptimeTotals {
    if (okMillis < 0 || warningMillis < 0 || criticalMillis < 0 || unknownMillis < 0 || incidents < 0) {
      throw new IllegalArgumentException("uptime totals must be >= 0");
    }
  }

  /** @return the time with a known severity: the SLA's denominator */
  public long observedMillis() {
    return okMillis + warningMillis + criticalMillis + unknownMillis;
  }

  /** @return the time up: ok and warning (a warning, such as a certificate expiring soon, still serves) */
  public long upMillis() {
    return okMillis + warningMillis;
  }

  /**
   * @return the share of observed time that was up, from 0 to 1; empty when nothing was observed. Unknown counts as
   *     down: nobody can promise an SLA over time when the check could not say
   */
  public OptionalDouble availability() {
    long observed = observedMillis();
    return observed == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) upMillis() / observed);
  }

  /** @param other more totals @return the sum of both */
  public UptimeTotals plus(UptimeTotals other) {
    return new UptimeTotals(okMillis + other.okMillis, warningMillis + other.warningMillis,
        criticalMillis + other.criticalMillis, unknownMillis + other.unknownMillis, incidents + other.incidents);
  }
}
