package org.argos.api.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.argos.api.InvalidValueException;

/**
 * The UTC days an uptime query covers, {@code [from, to)}: uptime is rolled up per UTC day, so windows are whole days
 * (the current day counts up to the query's {@code now}).
 *
 * @param from the first day
 * @param to the day after the last one
 */
public record UptimeWindow(LocalDate from, LocalDate to) {
  /** The longest window, in days. */
  public static final int MAX_DAYS = 400;

  /**
   * @throws InvalidValueException naming {@code from} or {@code to} when a day is missing, {@code to} is not after
   *     {@code from}, or the window is longer than {@link #MAX_DAYS} days
   */
  public UptimeWindow {
    if (from == null) {
      throw new InvalidValueException("from: a day is required");
    }
    if (to == null) {
      throw new InvalidValueException("to: a day is required");
    }
    if (!to.isAfter(from)) {
      throw new InvalidValueException("to: must be after from (" + from + "), got " + to);
    }
    if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
      throw new InvalidValueException(
          "to: a window is at most " + MAX_DAYS + " days, got " + ChronoUnit.DAYS.between(from, to));
    }
  }

  /**
   * @param days how many days, 1 to {@link #MAX_DAYS}
   * @param now the current time
   * @return the {@code days} UTC days ending with today
   */
  public static UptimeWindow lastDays(int days, Instant now) {
    if (days < 1 || days > MAX_DAYS) {
      throw new InvalidValueException("days: must be 1 to " + MAX_DAYS + ", got " + days);
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return new UptimeWindow(today.minusDays(days - 1L), today.plusDays(1));
  }

  /** @return how many days */
  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to);
  }

  /** @return the window's start, midnight UTC of {@code from} */
  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** @return the window's end, midnight UTC of {@code to} */
  public Instant end() {
    return to.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
