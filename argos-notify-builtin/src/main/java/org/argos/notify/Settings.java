package org.argos.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.ArgosException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a channel's JSON-like settings and turns every mistake into an {@link ArgosException} that names the channel,
 * the setting and the value (masked when the setting is a secret), so that a config error is fixed without reading
 * code.
 */
final class Settings {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min)?");
  private static final Set<String> SECRET_KEYS = Set.of("password", "token", "tokens", "secret");
  // Webhook URLs (Slack, Mattermost, Apprise) carry their secret in the path: show only where they point.
  private static final Set<String> URL_KEYS = Set.of("url", "urls");

  private final String where;
  private final String path;
  private final Map<String, ?> map;

  private Settings(String where, String path, Map<String, ?> map) {
    this.where = where;
    this.path = path;
    this.map = map;
  }

  /**
   * @param type the provider type
   * @param channel the channel name
   * @param map the settings; null counts as empty
   * @param allowed every key the channel understands; any other key is refused (it is most often a typo)
   */
  static Settings of(String type, String channel, @Nullable Map<String, ?> map, Set<String> allowed) {
    String where = type.equals(channel) ? "notifier '" + channel + "'" : "notifier '" + channel + "' (" + type + ")";
    Settings s = new Settings(where, "", map == null ? Map.of() : map);
    s.allowOnly(allowed);
    return s;
  }

  String where() {
    return where;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  private String name(String key) {
    return path + key;
  }

  ArgosException invalid(String key, @Nullable Object value, String expectation) {
    return new ArgosException(
        where + ": setting '" + name(key) + "' = " + shown(key, value) + " is invalid: " + expectation);
  }

  ArgosException missing(String key, String expectation) {
    return new ArgosException(where + ": setting '" + name(key) + "' is required: " + expectation);
  }

  private static String shown(String key, @Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String base = key.replaceAll("\\[\\d+]$", "").toLowerCase(Locale.ROOT);
    if (SECRET_KEYS.contains(base) && value instanceof String s) {
      return "'" + mask(s) + "'";
    }
    if (URL_KEYS.contains(base) && value instanceof String s && !maskUrl(s).equals("***")) {
      return "'" + maskUrl(s) + "'";
    }
    String text = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }

  /** Keeps a hint of a secret (enough to tell two apart in a log), never enough to use it. */
  static String mask(String secret) {
    if (secret.startsWith("http://") || secret.startsWith("https://")) {
      return maskUrl(secret);
    }
    return secret.length() <= 8 ? "***" : secret.substring(0, 2) + "***";
  }

  /** The scheme, host and port of a URL, with its path and query hidden (webhook URLs carry their secret there). */
  static String maskUrl(String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return "***";
      }
      String port = u.getPort() < 0 ? "" : ":" + u.getPort();
      boolean more = (u.getRawPath() != null && u.getRawPath().length() > 1) || u.getRawQuery() != null;
      return u.getScheme() + "://" + u.getHost() + port + (more ? "/***" : "");
    } catch (URISyntaxException e) {
      return "***";
    }
  }

  private void allowOnly(Set<String> allowed) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw new ArgosException(
            where + ": unknown setting '" + name(key) + "'; known settings are " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  @Nullable String optionalString(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof String s && !s.isBlank()) {
      return s.trim();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw invalid(key, v, "expected a non-empty string");
  }

  String string(String key, String defaultValue) {
    String s = optionalString(key);
    return s == null ? defaultValue : s;
  }

  String requiredString(String key) {
    String s = optionalString(key);
    if (s == null) {
      throw missing(key, "expected a non-empty string");
    }
    return s;
  }

  int integer(String key, int defaultValue, int min, int max) {
    Object v = map.get(key);
    if (v == null) {
      return defaultValue;
    }
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      n = ((Number) v).longValue();
    } else if (v instanceof String s && s.trim().matches("\\d{1,9}")) {
      n = Long.parseLong(s.trim());
    } else {
      throw invalid(key, v, "expected an integer between " + min + " and " + max);
    }
    if (n < min || n > max) {
      throw invalid(key, v, "expected an integer between " + min + " and " + max);
    }
    return (int) n;
  }

  boolean bool(String key, boolean defaultValue) {
    Object v = map.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw invalid(key, v, "expected true or false");
  }

  /** A number of seconds, or a string such as {@code 500ms}, {@code 10s}, {@code 1m}; at most five minutes. */
  Duration timeout() {
    Object v = map.get("timeout");
    if (v == null) {
      return DEFAULT_TIMEOUT;
    }
    Duration d;
    if (v instanceof Number n && !(v instanceof Double d0 && (d0.isNaN() || d0.isInfinite()))) {
      d = Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    } else if (v instanceof String s && DURATION.matcher(s.trim()).matches()) {
      Matcher m = DURATION.matcher(s.trim());
      m.matches();
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double ms = switch (unit) {
        case "ms" -> amount;
        case "m", "min" -> amount * 60_000;
        default -> amount * 1000;
      };
      d = Duration.ofMillis(Math.round(ms));
    } else {
      throw invalid("timeout", v, "expected seconds (number) or a duration such as 500ms, 10s, 1m");
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
      throw invalid("timeout", v, "expected a duration above 0 and at most 5m");
    }
    return d;
  }

  /** A list of non-empty strings; a single string counts as a list of one. Null when absent. */
  @Nullable List<String> optionalStringList(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    List<?> raw = v instanceof String ? List.of(v) : v instanceof List<?> l ? l : null;
    if (raw == null) {
      throw invalid(key, v, "expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Object item = raw.get(i);
      if (!(item instanceof String s) || s.isBlank()) {
        throw invalid(key + "[" + i + "]", item, "expected a non-empty string");
      }
      out.add(s.trim());
    }
    return List.copyOf(out);
  }

  List<String> requiredStringList(String key) {
    List<String> list = optionalStringList(key);
    if (list == null || list.isEmpty()) {
      throw missing(key, "expected a non-empty list of strings");
    }
    return list;
  }

  /** A map of string to string (HTTP headers), keeping order. Empty when absent. */
  Map<String, String> stringMap(String key) {
    Object v = map.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw invalid(key, v, "expected a map of names to string values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k) || k.isBlank()) {
        throw invalid(key, e.getKey(), "expected non-empty string keys");
      }
      Object value = e.getValue();
      if (value == null || value instanceof Map || value instanceof List) {
        throw invalid(key + "." + k, value, "expected a string value");
      }
      out.put(k, value.toString());
    }
    return out;
  }

  /** A nested map, read with the same rules and error messages that name its full path. Null when absent. */
  @Nullable Settings optionalSection(String key, Set<String> allowed) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw invalid(key, v, "expected a map with keys " + String.join(", ", new TreeSet<>(allowed)));
    }
    Settings s = new Settings(where, name(key) + ".", stringKeys(key, m));
    s.allowOnly(allowed);
    return s;
  }

  /** A list of nested maps. Null when absent. */
  @Nullable List<Settings> optionalSectionList(String key, Set<String> allowed) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      throw invalid(key, v, "expected a list of maps with keys " + String.join(", ", new TreeSet<>(allowed)));
    }
    List<Settings> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw invalid(key + "[" + i + "]", list.get(i), "expected a map with keys " + String.join(", ", new TreeSet<>(allowed)));
      }
      Settings s = new Settings(where, name(key) + "[" + i + "].", stringKeys(key, m));
      s.allowOnly(allowed);
      out.add(s);
    }
    return out;
  }

  private Map<String, ?> stringKeys(String key, Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw invalid(key, e.getKey(), "expected string keys");
      }
      out.put(k, e.getValue());
    }
    return out;
  }

  /** An absolute http(s) URL without a trailing slash. */
  URI httpUrl(String key, @Nullable String defaultValue) {
    String s = defaultValue == null ? requiredString(key) : string(key, defaultValue);
    return checkHttpUrl(key, s);
  }

  URI checkHttpUrl(String key, String s) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw invalid(key, s, "expected an http:// or https:// URL (" + e.getReason() + ")");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
      throw invalid(key, s, "expected an http:// or https:// URL with a host");
    }
    return u;
  }

  /** Joins a base URL and a path without doubling or dropping the slash between them. */
  static URI join(URI base, String path) {
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + (path.startsWith("/") ? path : "/" + path));
  }
}
