package org.argos.api;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

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

  /** The fields of a recurrence as a user writes it, under {@code every}. */
  public static final java.util.Set<String> FIELDS = java.util.Set.of("cron", "days", "at", "for", "zone");

  /**
   * Reads a recurrence as a user writes it (config or API), {@code {days: [sat, sun], at: "02:00", for: 2h, zone:
   * Europe/Paris}} or {@code {cron: "0 2 * * 6", for: 2h, zone: UTC}}.
   *
   * @param cron a cron expression, or null when {@code days} are given
   * @param days day names ({@code mon} or {@code monday}...), empty when {@code cron} is given
   * @param at the local time of day, {@code HH:MM}, with {@code days}
   * @param length how long each window lasts (a {@link org.argos.api.settings.Durations duration}: 2h, 90m)
   * @param zone a time zone id
   * @return the recurrence
   * @throws InvalidValueException whose {@link InvalidValueException#path() path} names the field at fault
   *     ({@code every.days}, {@code every.cron}...)
   */
  public static Recurrence read(@Nullable String cron, List<String> days, @Nullable String at, @Nullable Object length,
      @Nullable String zone) {
    if ((cron == null) == days.isEmpty()) {
      throw bad(cron == null ? "" : "cron", "give either 'cron' (e.g. \"0 2 * * sat,sun\") or 'days' and 'at' "
          + "(e.g. days: [sat, sun], at: \"02:00\")");
    }
    if (length == null) {
      throw bad("for", "is required: how long each window lasts, e.g. 2h");
    }
    Duration d;
    try {
      d = org.argos.api.settings.Durations.parse(length, java.time.temporal.ChronoUnit.MINUTES);
    } catch (InvalidValueException e) {
      throw bad("for", e.problem());
    }
    if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
      throw bad("for", "is 1 minute to " + MAX_DAYS + " days, got " + length);
    }
    if (zone == null) {
      throw bad("zone", "is required: the time zone of the windows, e.g. Europe/Paris or UTC");
    }
    ZoneId z;
    try {
      z = zone(zone);
    } catch (InvalidSiteException e) {
      throw bad("zone", "unknown time zone '" + shown(zone) + "'; expected an id such as Europe/Paris, UTC or +02:00");
    }
    if (cron != null) {
      try {
        return new Recurrence(cron, d, z);
      } catch (InvalidSiteException e) {
        throw bad("cron", e.getMessage());
      }
    }
    java.util.Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
    for (String day : days) {
      DayOfWeek found = null;
      for (DayOfWeek w : DayOfWeek.values()) {
        String name = w.name().toLowerCase(Locale.ROOT);
        String given = day == null ? "" : day.trim().toLowerCase(Locale.ROOT);
        if (given.equals(name) || given.equals(name.substring(0, 3))) {
          found = w;
        }
      }
      if (found == null) {
        throw bad("days", "unknown day '" + shown(day) + "'; expected mon, tue, wed, thu, fri, sat, sun");
      }
      set.add(found);
    }
    if (at == null || !at.trim().matches("\\d{1,2}:\\d{2}")) {
      throw bad("at", "expected a local time HH:MM such as 02:00, got " + (at == null ? "nothing" : "'" + shown(at) + "'"));
    }
    String[] hm = at.trim().split(":");
    int h = Integer.parseInt(hm[0]);
    int m = Integer.parseInt(hm[1]);
    if (h > 23 || m > 59) {
      throw bad("at", "expected a local time HH:MM such as 02:00, got '" + shown(at) + "'");
    }
    return weekly(set, LocalTime.of(h, m), d, z);
  }

  private static InvalidValueException bad(String field, String problem) {
    return new InvalidValueException("", field.isEmpty() ? "every" : "every." + field, null, problem, null);
  }

  private static String shown(@Nullable String s) {
    if (s == null) {
      return "";
    }
    String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return t.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
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
