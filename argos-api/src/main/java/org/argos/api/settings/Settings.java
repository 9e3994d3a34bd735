package org.argos.api.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.argos.api.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * A JSON-like map a user wrote (a notifier's settings, a check's parameter object, a section of the config), read by
 * key with typed getters. Every error is an {@link InvalidValueException} naming the path of the bad value
 * ({@code smtp.port}, {@code tokens[1]}), and its {@code file:line:column} when the document's
 * {@link ValuePositions} know it:
 *
 * <pre>{@code
 * Settings s = Settings.of(settings, "notifier 'ops' (mail)").allowOnly("host", "port", "to", "timeout");
 * String host = s.required("host").asText();
 * int port = s.integer("port", 25, 1, 65535);
 * Duration timeout = s.duration("timeout", ChronoUnit.SECONDS, Duration.ofSeconds(10));
 * // refused: "notifier 'ops' (mail): port: expected an integer between 1 and 65535, got 0"
 * }</pre>
 *
 * <p>Keys are joined to paths with {@code .}; a key that is not made of letters, digits, {@code -} and {@code _} is
 * written {@code ["/a b"]}. Immutable and thread-safe as long as the map is not modified.
 */
public final class Settings {
  private final Map<String, ?> map;
  private final String path;
  private final Reading reading;

  Settings(Map<String, ?> map, String path, Reading reading) {
    this.map = map;
    this.path = path;
    this.reading = reading;
  }

  /**
   * @param value a map as parsed; null counts as empty
   * @param subject what is read, put before every message; may be empty
   * @return a reader of the map at the root path
   * @throws InvalidValueException when the value is not a map with string keys
   */
  public static Settings of(@Nullable Object value, String subject) {
    return Setting.of(value, subject).asObject();
  }

  /**
   * @param value a map as parsed; null counts as empty
   * @param subject what is read, put before every message; may be empty
   * @param path the map's path in its document; empty for the root
   * @param positions where the document's values were written, to put {@code file:line:column} in messages
   * @return a reader of the map
   * @throws InvalidValueException when the value is not a map with string keys
   */
  public static Settings of(@Nullable Object value, String subject, String path, ValuePositions positions) {
    return Setting.of(value, subject, path, positions).asObject();
  }

  /**
   * @param display given a value about to be shown in a message, the text to show instead (a masked secret), or null
   *     to show it as JSON; applies to nested maps and lists too
   * @return a reader of the same map that shows values this way
   */
  public Settings displaying(Function<Setting, @Nullable String> display) {
    return new Settings(map, path, new Reading(reading.subject(), reading.positions(), reading.failure(), display));
  }

  /** @return the map's path ({@code smtp}); empty for the root */
  public String path() {
    return path;
  }

  /** @return the keys present, in the map's order */
  public Set<String> keys() {
    return map.keySet();
  }

  /** @return true when the key is present with a non-null value */
  public boolean has(String key) {
    return map.get(key) != null;
  }

  /**
   * Refuses keys nobody reads: most often a typo, which would otherwise be silently ignored. The message suggests the
   * closest known key when one is close ({@code timout}: did you mean {@code timeout}?).
   *
   * @param known every key this map may hold
   * @return this reader
   * @throws InvalidValueException naming the first unknown key and listing the known ones
   */
  public Settings allowOnly(Collection<String> known) {
    for (String key : map.keySet()) {
      if (!known.contains(key)) {
        String near = closest(key, known);
        String shownKey = key.length() <= 100 ? key : key.substring(0, 100) + "…";
        throw reading.fail(pathOf(key), "unknown key " + quoted(shownKey)
            + (near == null ? "" : " (did you mean " + quoted(near) + "?)") + "; known keys are "
            + String.join(", ", new TreeSet<>(known)));
      }
    }
    return this;
  }

  /**
   * @param known every key this map may hold
   * @return this reader
   * @throws InvalidValueException naming the first unknown key and listing the known ones
   */
  public Settings allowOnly(String... known) {
    return allowOnly(Arrays.asList(known));
  }

  /** @return the value of a key, absent or not, with its path */
  public Setting get(String key) {
    return new Setting(map.get(key), pathOf(key), reading);
  }

  /** @return the value of a key when present (not null) */
  public Optional<Setting> optional(String key) {
    return has(key) ? Optional.of(get(key)) : Optional.empty();
  }

  /**
   * @param key a key that must be present
   * @return its value
   * @throws InvalidValueException saying the key is required when it is absent or null
   */
  public Setting required(String key) {
    if (!has(key)) {
      throw reading.fail(pathOf(key), "is required");
    }
    return get(key);
  }

  /**
   * @param key the key
   * @param expectation what the value should be
   * @return an exception naming the key's path and showing its value; the caller throws it
   */
  public InvalidValueException invalid(String key, String expectation) {
    return get(key).invalid(expectation);
  }

  /** @return the value as trimmed text ({@link Setting#asText()}), or {@code defaultValue} when absent */
  public String string(String key, String defaultValue) {
    return has(key) ? get(key).asText() : defaultValue;
  }

  /** @return the value as trimmed text ({@link Setting#asText()}) when present */
  public Optional<String> string(String key) {
    return optional(key).map(Setting::asText);
  }

  /** @return the value as an integer within bounds ({@link Setting#asInt}), or {@code defaultValue} when absent */
  public int integer(String key, int defaultValue, int min, int max) {
    return has(key) ? get(key).asInt(min, max) : defaultValue;
  }

  /** @return the value as a long within bounds ({@link Setting#asLong}), or {@code defaultValue} when absent */
  public long longValue(String key, long defaultValue, long min, long max) {
    return has(key) ? get(key).asLong(min, max) : defaultValue;
  }

  /** @return the value as a boolean ({@link Setting#asBoolean()}), or {@code defaultValue} when absent */
  public boolean bool(String key, boolean defaultValue) {
    return has(key) ? get(key).asBoolean() : defaultValue;
  }

  /** @return the value as a duration ({@link Setting#asDuration(ChronoUnit)}), or {@code defaultValue} when absent */
  public Duration duration(String key, ChronoUnit bareUnit, Duration defaultValue) {
    return has(key) ? get(key).asDuration(bareUnit) : defaultValue;
  }

  /** @return the value as an enum constant ({@link Setting#asEnum}), or {@code defaultValue} when absent */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    return has(key) ? get(key).asEnum(type) : defaultValue;
  }

  /** @return the value as a list of strings ({@link Setting#asStrings()}); empty when absent */
  public List<String> strings(String key) {
    return get(key).asStrings();
  }

  /** @return the value as a nested map when present */
  public Optional<Settings> object(String key) {
    return optional(key).map(Setting::asObject);
  }

  /**
   * @return the value as a list of maps, each read with its path ({@code gotify[1]}); empty when absent
   * @throws InvalidValueException when it is not a list, or an item is not a map
   */
  public List<Settings> objects(String key) {
    if (!has(key)) {
      return List.of();
    }
    List<Settings> out = new ArrayList<>();
    for (Setting item : get(key).asList()) {
      if (item.raw() == null) {
        throw item.invalid("expected a map");
      }
      out.add(item.asObject());
    }
    return out;
  }

  /** @return the map as parsed (unmodified) */
  public Map<String, ?> raw() {
    return map;
  }

  /**
   * The suggestion of {@link #allowOnly} for a typo, for callers that name other things than keys (a check type, a
   * scope) and should suggest the same way.
   *
   * @param word what the user wrote
   * @param candidates the names it may be a typo of
   * @return the candidate closest to the word (edit distance at most a third of its length, at least 2), or null
   */
  public static @Nullable String closest(String word, Collection<String> candidates) {
    if (word.length() > 100) { // a key that long is no typo of a known one, and the distance is quadratic
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : new TreeSet<>(candidates)) {
      int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, word.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private String pathOf(String key) {
    return ValuePositions.join(path, segment(key));
  }

  static String segment(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "[" + quoted(key) + "]";
  }

  private static String quoted(String key) {
    return org.argos.api.JsonLike.canonical(key);
  }

  @Override
  public String toString() {
    return (path.isEmpty() ? "<root>" : path) + " " + map.keySet();
  }
}
