package org.argos.api;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When a recurring maintenance window opens and how long it lasts: a five-field cron expression read in a time zone
 * (each match opens a window of {@code length}). Weekdays at a time ({@link #weekly}) are written as such an
 * expression.
 *
 * <p>A window's length is elapsed time: a 2 h window opened on the night a clock goes back ends 2 h later, at an
 * earlier local time. A start whose local time a daylight-saving change skips opens when the skipped hour ends; a start
 * whose local time occurs twice opens at the first. A start on the 31st happens only in months that have one.
 *
 * @param cron five fields: minute hour day-of-month month day-of-week (e.g. {@code 0 2 * * sat,sun}); at most 200
 *     characters, each field at most 60 comma-separated items; stored normalized (lower case, single spaces)
 * @param length how long each window lasts: 1 minute to {@value #MAX_DAYS} days
 * @param zone the time zone the expression's local times are read in
 */
public record Recurrence(String cron, Duration length, ZoneId zone) {
  /** The longest window, in days. */
  public static final int MAX_DAYS = 31;
  /** Alerts are matched against silences often: each expression is parsed once. */
  private static final Map<String, CronSchedule> PARSED = new ConcurrentHashMap<>();

  /** Validates; a bad expression's error names the field at fault. */
  public Recurrence {
    cron = CronSchedule.parse(cron).text();
    if (length == null || length.compareTo(Duration.ofMinutes(1)) < 0 || length.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
      throw new InvalidSiteException("recurrence: 'for' (the window's length) is 1 minute to " + MAX_DAYS
          + " days, got " + length);
    }
    if (zone == null) {
      throw new InvalidSiteException("recurrence: a time zone is required (e.g. Europe/Paris or UTC)");
    }
  }

  /**
   * @param days the days a window opens on (at least one)
   * @param at the local time it opens, to the minute
   * @param length how long it lasts
   * @param zone the time zone of {@code days} and {@code at}
   * @return the recurrence, as the cron expression {@code minute hour * * days}
   */
  public static Recurrence weekly(Collection<DayOfWeek> days, LocalTime at, Duration length, ZoneId zone) {
    if (days == null || days.isEmpty()) {
      throw new InvalidSiteException("recurrence: 'days' needs at least one day (mon..sun)");
    }
    if (at == null || at.getSecond() != 0 || at.getNano() != 0) {
      throw new InvalidSiteException("recurrence: 'at' is a time to the minute, such as 02:00, got " + at);
    }
    String list = EnumSet.copyOf(days).stream().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(","));
    return new Recurrence(at.getMinute() + " " + at.getHour() + " * * " + list, length, zone);
  }

  /**
   * @param zone a time zone id as written by a user
   * @return the zone; throws {@link InvalidSiteException} for an unknown one
   */
  public static ZoneId zone(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException | NullPointerException e) {
      throw new InvalidSiteException("recurrence: unknown time zone '" + zone + "'; expected an id such as "
          + "Europe/Paris, UTC or +02:00");
    }
  }

  /**
   * @param at a moment
   * @return the start of the window open at that moment, or empty when none is
   */
  public Optional<Instant> windowAt(Instant at) {
    CronSchedule schedule = PARSED.get(cron);
    if (schedule == null) {
      if (PARSED.size() > 10_000) { // bounded like the silences themselves; re-parsing is correct, only slower
        PARSED.clear();
      }
      schedule = CronSchedule.parse(cron);
      PARSED.put(cron, schedule);
    }
    Instant start = schedule.latestStart(at, zone, length);
    return start != null && at.isBefore(start.plus(length)) ? Optional.of(start) : Optional.empty();
  }
}
