package org.argos.api.settings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * One JSON-like value a user wrote (a map, a list, a string, a number, a boolean or null, as Jackson or a YAML parser
 * produce them), with its path in the document it comes from. Typed reads either return the value or throw an
 * {@link InvalidValueException} that names the path, shows the value and says what is expected:
 *
 * <pre>{@code
 * Setting p = Setting.checkParameter("response-time", parameter);
 * Settings map = p.asObject().allowOnly("warning", "critical");
 * long critical = map.required("critical").asLong(1, 3_600_000);
 * // refused: "response-time: critical: expected an integer between 1 and 3600000, got -5"
 * }</pre>
 *
 * <p>Immutable and thread-safe as long as the value is not modified.
 */
public final class Setting {
  private final @Nullable Object value;
  private final String path;
  private final Reading reading;

  Setting(@Nullable Object value, String path, Reading reading) {
    this.value = value;
    this.path = path;
    this.reading = reading;
  }

  /**
   * @param value the value as parsed
   * @param subject what is read, put before every message (a check name, {@code notifier 'ops' (mail)}); may be
   *     empty
   * @return a reader of the value at the root path
   */
  public static Setting of(@Nullable Object value, String subject) {
    return new Setting(value, "", Reading.of(subject, ValuePositions.NONE));
  }

  /**
   * @param value the value as parsed
   * @param subject what is read, put before every message; may be empty
   * @param path the value's path in its document ({@code websites[0].frequency}); empty for the root
   * @param positions where the document's values were written, to put {@code file:line:column} in messages
   * @return a reader of the value
   */
  public static Setting of(@Nullable Object value, String subject, String path, ValuePositions positions) {
    return new Setting(value, path, Reading.of(subject, positions));
  }

  /**
   * A check's parameter: errors are {@link InvalidCheckParameterException}s whose message starts with the check's
   * name, as {@link org.argos.api.spi.CheckProvider#create} promises.
   *
   * @param checkName the check type
   * @param parameter the parameter as the user wrote it
   * @return a reader of the parameter
   */
  public static Setting checkParameter(String checkName, @Nullable Object parameter) {
    return new Setting(parameter, "", new Reading(checkName, ValuePositions.NONE,
        (subject, path, position, problem) -> new InvalidCheckParameterException(subject, path, position, problem, null),
        s -> null));
  }

  /** @return the value as parsed (null when absent) */
  public @Nullable Object raw() {
    return value;
  }

  /** @return the value's path ({@code thresholds[1]}); empty for the root */
  public String path() {
    return path;
  }

  /** @return the last key of the path ({@code password} for {@code smtp.password}, {@code urls} for {@code urls[2]}) */
  public String key() {
    String p = path;
    while (p.endsWith("]") && p.lastIndexOf('[') >= 0) {
      p = p.substring(0, p.lastIndexOf('['));
    }
    int dot = p.lastIndexOf('.');
    return dot < 0 ? p : p.substring(dot + 1);
  }

  /** @return true unless the value is absent (null) */
  public boolean isPresent() {
    return value != null;
  }

  /**
   * @param expectation what is expected ({@code expected an HTTP status code between 100 and 599})
   * @return an exception for this value, saying the expectation and showing the value; the caller throws it
   */
  public InvalidValueException invalid(String expectation) {
    return reading.fail(path, expectation + ", got " + reading.shown(this));
  }

  /**
   * @param problem the whole problem text, without the value
   * @return an exception for this path; the caller throws it
   */
  public InvalidValueException problem(String problem) {
    return reading.fail(path, problem);
  }

  /** @return the value shown as in messages: JSON, abbreviated, masked if the document says it is a secret */
  public String shown() {
    return reading.shown(this);
  }

  /**
   * @return the string exactly as written
   * @throws InvalidValueException unless the value is a non-empty string
   */
  public String asString() {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw invalid("expected a non-empty string");
  }

  /**
   * @return a string, number or boolean as trimmed text (YAML reads {@code token: 12345} as a number)
   * @throws InvalidValueException unless the value is a scalar with non-blank text
   */
  public String asText() {
    if (value instanceof String s && !s.isBlank()) {
      return s.trim();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw invalid("expected a non-empty string");
  }

  /**
   * For readers that accept several forms (a number or a map, say) and must tell them apart before refusing.
   *
   * @return the integral value of a number or of a string of digits, or null when it is neither (a fraction, a word,
   *     a map...)
   */
  public @Nullable Long integral() {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 63 ? b.longValue() : null;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      try {
        return new BigDecimal(value.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
    }
    if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
      return Long.parseLong(s.trim());
    }
    return null;
  }

  /**
   * @param min the smallest value accepted
   * @param max the largest value accepted
   * @return an integer given as a number ({@code 5}, {@code 5.0}) or a string of digits
   * @throws InvalidValueException when it is not an integer between {@code min} and {@code max}
   */
  public long asLong(long min, long max) {
    Long n = integral();
    if (n == null || n < min || n > max) {
      throw invalid("expected an integer between " + min + " and " + max);
    }
    return n;
  }

  /**
   * @param min the smallest value accepted
   * @param max the largest value accepted
   * @return an integer, as {@link #asLong}
   * @throws InvalidValueException when it is not an integer between {@code min} and {@code max}
   */
  public int asInt(int min, int max) {
    return (int) asLong(min, max);
  }

  /**
   * @return {@code true} or {@code false}, given as a boolean or as that text (any case)
   * @throws InvalidValueException otherwise
   */
  public boolean asBoolean() {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s.trim());
    }
    throw invalid("expected true or false");
  }

  /**
   * @param bareUnit the unit of a bare number
   * @return the duration in the {@link Durations} grammar
   * @throws InvalidValueException when it is not one
   */
  public Duration asDuration(ChronoUnit bareUnit) {
    if (value instanceof Boolean || value == null) {
      throw invalid("expected a duration such as 30s, 5m, 1h, 7d, or a number of "
          + bareUnit.name().toLowerCase(Locale.ROOT));
    }
    try {
      return Durations.parse(value, bareUnit);
    } catch (InvalidValueException e) {
      throw reading.fail(path, e.problem());
    }
  }

  /**
   * @param bareUnit the unit of a bare number
   * @param min the shortest duration accepted
   * @param max the longest duration accepted
   * @return the duration in the {@link Durations} grammar
   * @throws InvalidValueException when it is not one, or out of bounds
   */
  public Duration asDuration(ChronoUnit bareUnit, Duration min, Duration max) {
    Duration d = asDuration(bareUnit);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw invalid("expected a duration between " + Durations.format(min) + " and " + Durations.format(max));
    }
    return d;
  }

  /**
   * Reads an enum constant by its name in any case, with {@code -} and {@code _} equivalent ({@code status-is},
   * {@code STATUS_IS}).
   *
   * @param type the enum
   * @param <E> the enum type
   * @return the constant
   * @throws InvalidValueException listing the accepted names (lower case) when there is none of that name
   */
  public <E extends Enum<E>> E asEnum(Class<E> type) {
    if (value instanceof String s) {
      String wanted = s.trim().replace('-', '_');
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(wanted)) {
          return e;
        }
      }
    }
    throw invalid("expected one of " + Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", ")));
  }

  /**
   * @return the items of a list, each with its path ({@code urls[0]})
   * @throws InvalidValueException when the value is not a list
   */
  public List<Setting> asList() {
    if (!(value instanceof List<?> list)) {
      throw invalid("expected a list");
    }
    List<Setting> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(new Setting(list.get(i), ValuePositions.join(path, "[" + i + "]"), reading));
    }
    return out;
  }

  /** @return the items of a list, or this value as a list of one when it is not a list (absent: empty) */
  public List<Setting> asListOrOne() {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> ? asList() : List.of(this);
  }

  /**
   * @return a list of non-empty strings, trimmed; a single string counts as a list of one; absent is empty
   * @throws InvalidValueException naming the first item that is not a non-empty string
   */
  public List<String> asStrings() {
    if (value != null && !(value instanceof List<?>) && !(value instanceof String)) {
      throw invalid("expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Setting item : asListOrOne()) {
      if (!(item.raw() instanceof String s) || s.isBlank()) {
        throw item.invalid("expected a non-empty string");
      }
      out.add(s.trim());
    }
    return List.copyOf(out);
  }

  /**
   * @return the map, read by key; absent counts as empty. Number and boolean keys (YAML reads {@code 10: warning}
   *     with an integer key) are read as their text.
   * @throws InvalidValueException when the value is not a map, or has a key that is not a string, number or boolean
   */
  public Settings asObject() {
    if (value == null) {
      return new Settings(Map.of(), path, reading);
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw invalid("expected a map");
    }
    boolean allStrings = true;
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        allStrings = false;
        if (!(k instanceof Number || k instanceof Boolean)) {
          throw invalid("expected string keys (" + k + " is not)");
        }
      }
    }
    if (allStrings) {
      @SuppressWarnings("unchecked")
      Map<String, ?> map = (Map<String, ?>) m;
      return new Settings(map, path, reading);
    }
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    m.forEach((k, v) -> map.put(String.valueOf(k), v));
    return new Settings(map, path, reading);
  }

  @Override
  public String toString() {
    return (path.isEmpty() ? "<root>" : path) + " = " + shown();
  }
}
