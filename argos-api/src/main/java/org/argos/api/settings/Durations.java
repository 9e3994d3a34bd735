package org.argos.api.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * The one duration grammar of Argos: config keys, check parameters, notifier settings and command-line options all
 * read durations with it.
 *
 * <pre>
 * duration  = number                      ; a bare number: the unit of the key it belongs to
 *           | part { part }               ; a sum, parts may be separated by blanks: "1h30m", "1h 30m"
 * part      = number unit
 * number    = digit { digit } [ "." digit { digit } ]
 * unit      = "ms"                        ; millisecond (addition)
 *           | "s"                         ; second
 *           | "m" | "min"                 ; minute ("min" is an addition)
 *           | "h"                         ; hour
 *           | "d"                         ; day
 *           | "w"                         ; week = 7 days (addition)
 *           | "M"                         ; month = 30 days
 *           | "y"                         ; year = 365 days (addition)
 * </pre>
 *
 * <p>This is Argos' grammar ({@code 5m}, {@code 1h}, {@code 7d}, {@code 1M}, and a bare number in the key's unit)
 * with the additions marked. Units are case-sensitive: {@code m} is a minute, {@code M} a month. Fractions are kept to
 * the millisecond ({@code 1.5d} is 36 hours). A YAML or JSON number is a bare number; a {@link Duration} is taken as
 * it is. A duration is never negative and at most {@link #MAX} (100 years): nothing Argos schedules needs more, and a
 * sum that would overflow is refused instead of wrapping around.
 */
public final class Durations {
  /** The longest duration accepted: 36,500 days. */
  public static final Duration MAX = Duration.ofDays(36_500);

  // One part at a time: a whole-string pattern with a repeated group recursed once per part in java.util.regex, and a
  // value such as "1s" repeated a thousand times (a site sent to the API) overflowed the stack.
  private static final Pattern PART = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|min|s|m|h|d|w|M|y)\\s*");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

  private Durations() {}

  /**
   * @param value a number, a string as read from YAML or JSON, or a {@link Duration}
   * @param bareUnit the unit of a bare number (minutes for Argos' {@code frequency}, seconds for a timeout...)
   * @return the duration, between zero and {@link #MAX}
   * @throws InvalidValueException saying what is accepted, with the value (abbreviated when long)
   */
  public static Duration parse(@Nullable Object value, ChronoUnit bareUnit) {
    Duration d;
    try {
      d = parseUnbounded(value, bareUnit);
    } catch (ArithmeticException e) {
      d = MAX.plusDays(1);
    }
    if (d.compareTo(MAX) > 0) {
      throw new InvalidValueException("must be at most 100 years, got " + shown(value));
    }
    return d;
  }

  private static Duration parseUnbounded(@Nullable Object value, ChronoUnit bareUnit) {
    if (value instanceof Duration d) {
      if (d.isNegative()) {
        throw new InvalidValueException("must not be negative, got " + d);
      }
      return d;
    }
    if (value instanceof Number n) {
      double v = n.doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new InvalidValueException("expected a finite number, got " + n);
      }
      if (v < 0) {
        throw new InvalidValueException("must not be negative, got " + n);
      }
      return ofFraction(v, bareUnit.getDuration());
    }
    if (!(value instanceof CharSequence)) {
      throw new InvalidValueException(expectation(bareUnit) + ", got " + shown(value));
    }
    String s = value.toString().trim();
    if (NUMBER.matcher(s).matches()) {
      return ofFraction(Double.parseDouble(s), bareUnit.getDuration());
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length() && m.region(at, s.length()).lookingAt()) {
      Duration unit = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(1);
        case "s" -> Duration.ofSeconds(1);
        case "m", "min" -> Duration.ofMinutes(1);
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
      throw new InvalidValueException(expectation(bareUnit) + ", got " + shown(s));
    }
    return total;
  }

  private static String expectation(ChronoUnit bareUnit) {
    return "expected a duration such as 30s, 5m, 1h, 7d, 1M (month = 30 days) or a number of "
        + bareUnit.name().toLowerCase(Locale.ROOT);
  }

  private static String shown(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String s = value.toString();
    s = s.length() <= 60 ? s : s.substring(0, 60) + "…";
    return value instanceof CharSequence ? "'" + s + "'" : s;
  }

  private static Duration ofFraction(double amount, Duration unit) {
    // Math.round saturates at Long.MAX_VALUE, so a huge amount becomes a huge duration that the bound refuses
    return Duration.ofMillis(Math.round(amount * unit.toMillis()));
  }

  /**
   * Writes a duration in this grammar, in the largest units that are exact: {@code 1h30m}, {@code 45s},
   * {@code 2d}, {@code 1s500ms}. {@link #parse} reads it back to the same duration (to the millisecond).
   *
   * @param d a duration, not negative
   * @return its shortest text
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
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
