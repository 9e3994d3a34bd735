package org.argos.api.store;

import java.time.LocalDate;
import org.argos.api.Severity;

/**
 * One UTC day of an uptime series (a status page's bar), and the two rules every store rolls uptime up by: which
 * severities count as up, and how an interval is split into UTC days.
 *
 * @param day the day
 * @param totals the time per severity that day
 */
public record UptimeDay(LocalDate day, UptimeTotals totals) {
  private static final long DAY_MS = 86_400_000L;

  /**
   * @param s a severity
   * @return true when time in it counts as up: ok and warning ({@link UptimeTotals#upMillis}); a change from up to
   *     down is an incident
   */
  public static boolean isUp(Severity s) {
    return s == Severity.OK || s == Severity.WARNING;
  }

  /** Receives one UTC day's part of an interval. */
  @FunctionalInterface
  public interface Part {
    /**
     * @param epochDay the day, as {@link LocalDate#toEpochDay()}
     * @param millis the interval's milliseconds in that day
     */
    void accept(long epochDay, long millis);
  }

  /**
   * Splits {@code [fromMillis, toMillis)} (epoch milliseconds) by UTC day, in order; nothing when it is empty.
   *
   * @param fromMillis the interval's start
   * @param toMillis its end, excluded
   * @param each told each day's part
   */
  public static void split(long fromMillis, long toMillis, Part each) {
    long start = fromMillis;
    while (start < toMillis) {
      long day = Math.floorDiv(start, DAY_MS);
      long end = Math.min(toMillis, (day + 1) * DAY_MS);
      each.accept(day, end - start);
      start = end;
    }
  }
}
