package org.argos.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.argos.api.InvalidValueException;
import org.argos.api.settings.Setting;
import org.argos.api.settings.ValuePositions;
import org.jspecify.annotations.Nullable;

/**
 * A channel's JSON-like settings, read with argos-api's {@link org.argos.api.settings.Settings} so that every mistake
 * is an {@link InvalidValueException} naming the channel, the setting's path and the value, as any third-party
 * notifier reports it. Adds what channels share: secrets and webhook URLs masked in messages, the timeout, http(s)
 * URLs.
 */
final class Settings {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  private static final Set<String> SECRET_KEYS = Set.of("password", "token", "tokens", "secret");
  // Webhook URLs (Slack, Mattermost, Apprise) carry their secret in the path: show only where they point.
  private static final Set<String> URL_KEYS = Set.of("url", "urls");

  private final String where;
  private final org.argos.api.settings.Settings map;

  private Settings(String where, org.argos.api.settings.Settings map) {
    this.where = where;
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
    return new Settings(where, org.argos.api.settings.Settings.of(map, where).displaying(Settings::masked)
        .allowOnly(allowed));
  }

  String where() {
    return where;
  }

  boolean has(String key) {
    return map.has(key);
  }

  /** @param key a key of this map, or a path below it ({@code urls[0]}, {@code headers.X-Token}) */
  InvalidValueException invalid(String key, @Nullable Object value, String expectation) {
    return new InvalidValueException(where, ValuePositions.join(map.path(), key), null,
        expectation + ", got " + shown(key, value), null);
  }

  InvalidValueException missing(String key, String expectation) {
    return new InvalidValueException(where, ValuePositions.join(map.path(), key), null,
        "is required: " + expectation, null);
  }

  private static @Nullable String masked(Setting s) {
    if (s.raw() instanceof String text) {
      return maskedText(s.key(), text);
    }
    String base = s.key().toLowerCase(Locale.ROOT);
    boolean holdsSecrets = SECRET_KEYS.contains(base) || URL_KEYS.contains(base);
    // a list or map under a secret key holds secrets too: never shown whole
    return holdsSecrets && (s.raw() instanceof List || s.raw() instanceof Map) ? "***" : null;
  }

  private static String shown(String key, @Nullable Object value) {
    String base = key.replaceAll("\\[\\d+]$", "");
    base = base.substring(base.lastIndexOf('.') + 1);
    if (value instanceof String text) {
      String m = maskedText(base, text);
      if (m != null) {
        return m;
      }
    }
    return Setting.of(value, "").shown();
  }

  private static @Nullable String maskedText(String key, String text) {
    String base = key.toLowerCase(Locale.ROOT);
    if (SECRET_KEYS.contains(base)) {
      return "\"" + mask(text) + "\"";
    }
    if (URL_KEYS.contains(base) && !maskUrl(text).equals("***")) {
      return "\"" + maskUrl(text) + "\"";
    }
    return null;
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

  @Nullable String optionalString(String key) {
    return map.string(key).orElse(null);
  }

  String string(String key, String defaultValue) {
    return map.string(key, defaultValue);
  }

  String requiredString(String key) {
    String s = optionalString(key);
    if (s == null) {
      throw missing(key, "expected a non-empty string");
    }
    return s;
  }

  int integer(String key, int defaultValue, int min, int max) {
    return map.integer(key, defaultValue, min, max);
  }

  boolean bool(String key, boolean defaultValue) {
    return map.bool(key, defaultValue);
  }

  /** A number of seconds, or a duration such as {@code 500ms}, {@code 10s}, {@code 1m}; at most five minutes. */
  Duration timeout() {
    if (!map.has("timeout")) {
      return DEFAULT_TIMEOUT;
    }
    Setting v = map.get("timeout");
    Duration d = v.asDuration(ChronoUnit.SECONDS);
    if (d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
      throw v.invalid("expected a duration above 0 and at most 5m");
    }
    return d;
  }

  /** A list of non-empty strings; a single string counts as a list of one. Null when absent. */
  @Nullable List<String> optionalStringList(String key) {
    return map.has(key) ? map.strings(key) : null;
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
    Optional<org.argos.api.settings.Settings> m = map.object(key);
    if (m.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : m.get().keys()) {
      Setting value = m.get().get(k);
      if (k.isBlank()) {
        throw value.problem("expected non-empty names");
      }
      if (value.raw() == null || value.raw() instanceof Map || value.raw() instanceof List) {
        throw value.invalid("expected a string value");
      }
      out.put(k, String.valueOf(value.raw()));
    }
    return out;
  }

  /** A nested map, read with the same rules and error messages that name its full path. Null when absent. */
  @Nullable Settings optionalSection(String key, Set<String> allowed) {
    return map.object(key).map(m -> new Settings(where, m.allowOnly(allowed))).orElse(null);
  }

  /** A list of nested maps. Null when absent. */
  @Nullable List<Settings> optionalSectionList(String key, Set<String> allowed) {
    if (!map.has(key)) {
      return null;
    }
    List<Settings> out = new ArrayList<>();
    for (org.argos.api.settings.Settings m : map.objects(key)) {
      out.add(new Settings(where, m.allowOnly(allowed)));
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
