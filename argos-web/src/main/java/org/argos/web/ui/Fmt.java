package org.argos.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.argos.api.Severity;
import org.jspecify.annotations.Nullable;

/** Formatting used by the templates. */
public final class Fmt {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Fmt() {}

  /** @return the instant in UTC, to the second, or a dash */
  public static String time(@Nullable Instant t) {
    return t == null ? "—" : TIME.format(t);
  }

  /** @return the instant for a {@code datetime} attribute */
  public static String iso(@Nullable Instant t) {
    return t == null ? "" : t.toString();
  }

  /** @return how long ago (or how far ahead) {@code t} is, in words */
  public static String relative(@Nullable Instant t, Instant now) {
    if (t == null) {
      return "—";
    }
    Duration d = Duration.between(t, now);
    boolean past = !d.isNegative();
    String amount = span(d.abs());
    return past ? amount + " ago" : "in " + amount;
  }

  static String span(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 86_400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
  }

  /** @return a duration in milliseconds, or a dash */
  public static String ms(@Nullable Duration d) {
    return d == null ? "—" : d.toMillis() + " ms";
  }

  /** @return the severity's label, or "pending" for a task that has not run */
  public static String severity(@Nullable Severity s) {
    return s == null ? "pending" : s.label();
  }

  /** @return how a domain is named in page URLs: {@code host[:port]}, as in the sites API */
  public static String key(String domain) {
    int i = domain.indexOf("://");
    return i < 0 ? domain : domain.substring(i + 3);
  }

  /** @return a value encoded for a URL path segment or query */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** @return the path and query of a task's URL, without the domain */
  public static String pathOf(String url, String domain) {
    return url.startsWith(domain) ? (url.length() == domain.length() ? "/" : url.substring(domain.length())) : url;
  }

  /** @return a wait in words, rounded up to whole minutes past the first minute: "40 seconds", "3 minutes" */
  static String waitFor(long seconds) {
    if (seconds < 60) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long m = (seconds + 59) / 60;
    return m + (m == 1 ? " minute" : " minutes");
  }

  /** @return text fit for one log line: control characters become '?' (a user name cannot forge log lines) */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }

  /** @return at most 80 characters of what a visitor sent, for an error message */
  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 79) + "…";
  }
}
