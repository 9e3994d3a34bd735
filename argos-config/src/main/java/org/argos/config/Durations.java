package org.argos.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argos durations: {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, {@code 2w}, {@code 1M} (30 days), {@code 1y}
 * (365 days), and sums such as {@code 1h30m}. A bare number means the unit of the key it belongs to (minutes for
 * {@code frequency}, seconds for {@code max_lock_seconds}...), as in Argos.
 */
public final class Durations {
  // One part at a time: a whole-string pattern with a repeated group recursed once per part in java.util.regex, and a
  // value such as "1s" repeated a thousand times (a site sent to the API) overflowed the stack.
  private static final Pattern PART = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w|M|y)\\s*");

  private Durations() {}

  /**
   * @param value a number or a string as read from YAML
   * @param bareUnit the unit of a bare number
   * @return the duration
   * @throws IllegalArgumentException saying what is accepted
   */
  static Duration parse(Object value, ChronoUnit bareUnit) {
    Duration d;
    try {
      d = parseUnbounded(value, bareUnit);
    } catch (ArithmeticException e) {
      d = MAX.plusDays(1);
    }
    if (d.compareTo(MAX) > 0) {
      // an overflowing sum, or a value no schedule needs: refused here rather than overflowing a date later
      throw new IllegalArgumentException("must be at most 100 years, got '" + value + "'");
    }
    return d;
  }

  /** The longest duration a config may give: nothing Argos schedules needs more, and dates stay far from overflow. */
  static final Duration MAX = Duration.ofDays(36_500);

  private static Duration parseUnbounded(Object value, ChronoUnit bareUnit) {
    if (value instanceof Number n) {
      if (Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
        throw new IllegalArgumentException("expected a finite number, got " + n);
      }
      if (n.doubleValue() < 0) {
        throw new IllegalArgumentException("must not be negative, got " + n);
      }
      return ofFraction(n.doubleValue(), bareUnit.getDuration());
    }
    String s = String.valueOf(value).trim();
    if (s.matches("\\d+(\\.\\d+)?")) {
      return ofFraction(Double.parseDouble(s), bareUnit.getDuration());
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length() && m.region(at, s.length()).lookingAt()) {
      Duration unit = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(1);
        case "s" -> Duration.ofSeconds(1);
        case "m" -> Duration.ofMinutes(1);
        case "h" -> Duration.ofHours(1);
        case "d" -> Duration.ofDays(1);
        case "w" -> Duration.ofDays(7);
        case "M" -> Duration.ofDays(30);
        case "y" -> Duration.ofDays(365);
        default -> throw new IllegalStateException(m.group(2));
      };
      total = total.plus(ofFraction(Double.parseDouble(m.group(1)), unit));
      at = m.end();
    }
    if (at == 0 || at < s.length()) {
      throw new IllegalArgumentException("expected a duration such as 30s, 5m, 1h, 7d, 1M (month = 30 days) or a "
          + "number of " + bareUnit.name().toLowerCase(java.util.Locale.ROOT) + ", got '" + abbreviate(s) + "'");
    }
    return total;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }

  private static Duration ofFraction(double amount, Duration unit) {
    return Duration.ofMillis(Math.round(amount * unit.toMillis()));
  }

  /** @return the shortest Argos text for a duration ({@code 5m}, {@code 1h30m}, {@code 45s}) */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        sb.append(ms / sizes[i]).append(names[i]);
        ms %= sizes[i];
      }
    }
    return sb.toString();
  }
}
