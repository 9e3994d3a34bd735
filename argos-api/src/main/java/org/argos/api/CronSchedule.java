package org.argos.api;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}), parsed and evaluated in a time
 * zone. The grammar is bounded: each field is a comma list of at most {@value #MAX_ITEMS} items, each {@code *},
 * {@code n}, {@code n-m}, optionally followed by {@code /step}; months and days may be named ({@code jan},
 * {@code sat}); day of week 0 and 7 are Sunday. As in Vixie cron, when both day fields are restricted (neither is
 * {@code *}), a day matches if either does.
 *
 * <p>Local times that a daylight-saving change skips start when the skipped hour ends; local times that occur twice
 * start at the first of the two.
 */
final class CronSchedule {
  static final int MAX_LENGTH = 200;
  static final int MAX_ITEMS = 60;
  private static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
  private static final int[] MIN = {0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 23, 31, 12, 7};
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
      "oct", "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  private final BitSet[] sets = new BitSet[5];
  private final boolean domStar;
  private final boolean dowStar;
  private final String text;

  private CronSchedule(String text, String[] fields) {
    this.text = text;
    for (int i = 0; i < 5; i++) {
      sets[i] = field(i, fields[i]);
    }
    if (sets[4].get(7)) {
      sets[4].set(0);
      sets[4].clear(7);
    }
    domStar = fields[2].equals("*");
    dowStar = fields[4].equals("*");
    if (!domStar && dowStar && !anyDayExists()) {
      throw error(2, fields[2], "no month in the month field has such a day");
    }
  }

  /** @return the expression, parsed; throws {@link InvalidSiteException} naming the field at fault */
  static CronSchedule parse(@Nullable String expression) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidSiteException("cron: the expression is empty; expected 5 fields: minute hour day-of-month month "
          + "day-of-week, e.g. '0 2 * * sat,sun'");
    }
    if (expression.length() > MAX_LENGTH) {
      throw new InvalidSiteException("cron: the expression is longer than " + MAX_LENGTH + " characters");
    }
    String text = expression.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    String[] fields = text.split(" ");
    if (fields.length != 5) {
      throw new InvalidSiteException("cron '" + text + "': expected 5 fields (minute hour day-of-month month "
          + "day-of-week), got " + fields.length);
    }
    return new CronSchedule(text, fields);
  }

  /** @return the expression, normalized (lower case, single spaces) */
  String text() {
    return text;
  }

  private boolean anyDayExists() {
    for (int m = sets[3].nextSetBit(1); m >= 0; m = sets[3].nextSetBit(m + 1)) {
      int longest = java.time.Month.of(m).maxLength();
      if (sets[2].nextSetBit(1) <= longest && sets[2].nextSetBit(1) >= 0) {
        return true;
      }
    }
    return false;
  }

  private InvalidSiteException error(int field, String value, String problem) {
    return new InvalidSiteException("cron '" + text + "': the " + FIELDS.get(field) + " field ('" + value + "'): "
        + problem);
  }

  private BitSet field(int f, String value) {
    String[] items = value.split(",", -1);
    if (items.length > MAX_ITEMS) {
      throw error(f, value, "at most " + MAX_ITEMS + " comma-separated items");
    }
    BitSet set = new BitSet(MAX[f] + 1);
    for (String item : items) {
      int step = 1;
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(f, value, item.substring(slash + 1), false);
        if (step < 1 || step > MAX[f]) {
          throw error(f, value, "a step is 1 to " + MAX[f] + ", got " + item.substring(slash + 1));
        }
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = MIN[f];
        hi = f == 4 ? 6 : MAX[f];
      } else {
        int dash = range.indexOf('-');
        lo = number(f, value, dash < 0 ? range : range.substring(0, dash), true);
        hi = dash < 0 ? (slash >= 0 ? (f == 4 ? 6 : MAX[f]) : lo) : number(f, value, range.substring(dash + 1), true);
        if (hi < lo) {
          throw error(f, value, "a range goes upwards, got " + range);
        }
      }
      for (int v = lo; v <= hi; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private int number(int f, String value, String s, boolean named) {
    if (named) {
      List<String> names = f == 3 ? MONTHS : f == 4 ? DAYS : List.of();
      int i = names.indexOf(s);
      if (i >= 0) {
        return f == 3 ? i + 1 : i;
      }
    }
    if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw error(f, value, "expected a number" + (f == 3 ? " or a month name (jan..dec)" : f == 4
          ? " or a day name (sun..sat)" : "") + " and * , - /, got '" + s + "'");
    }
    int n = Integer.parseInt(s);
    if (named && (n < MIN[f] || n > MAX[f])) {
      throw error(f, value, n + " is outside " + MIN[f] + "-" + MAX[f]);
    }
    return n;
  }

  boolean dayMatches(LocalDate d) {
    if (!sets[3].get(d.getMonthValue())) {
      return false;
    }
    boolean dom = sets[2].get(d.getDayOfMonth());
    boolean dow = sets[4].get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
    if (domStar || dowStar) {
      return dom && dow;
    }
    return dom || dow;
  }

  /**
   * @param at a moment
   * @param zone where the expression's local times are read
   * @param lookBack how far back to look
   * @return the latest start at or before {@code at}, no earlier than {@code lookBack} before it, or null
   */
  @Nullable Instant latestStart(Instant at, ZoneId zone, java.time.Duration lookBack) {
    ZoneRules rules = zone.getRules();
    LocalDateTime local = LocalDateTime.ofInstant(at, zone);
    LocalDate stop = LocalDateTime.ofInstant(at.minus(lookBack), zone).toLocalDate().minusDays(1);
    for (LocalDate d = local.toLocalDate(); !d.isBefore(stop); d = d.minusDays(1)) {
      if (!dayMatches(d)) {
        continue;
      }
      // starts are in local order and, with the rules above, in time order: the first at or before 'at' is the latest
      int fromHour = d.equals(local.toLocalDate()) ? Math.min(23, local.getHour() + 3) : 23; // +3: DST shifts
      for (int h = sets[1].previousSetBit(fromHour); h >= 0; h = sets[1].previousSetBit(h - 1)) {
        for (int m = sets[0].previousSetBit(59); m >= 0; m = sets[0].previousSetBit(m - 1)) {
          Instant start = instant(LocalDateTime.of(d, java.time.LocalTime.of(h, m)), rules);
          if (!start.isAfter(at)) {
            return start;
          }
        }
      }
    }
    return null;
  }

  /** @return the moment a local time occurs: the end of a skipped hour, or the first of a repeated one */
  static Instant instant(LocalDateTime ldt, ZoneRules rules) {
    List<java.time.ZoneOffset> offsets = rules.getValidOffsets(ldt);
    if (offsets.isEmpty()) {
      ZoneOffsetTransition gap = rules.getTransition(ldt);
      return gap.getInstant();
    }
    return ldt.toInstant(offsets.get(0));
  }
}
