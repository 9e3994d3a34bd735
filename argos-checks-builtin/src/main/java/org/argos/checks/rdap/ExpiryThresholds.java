package org.argos.checks.rdap;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.InvalidValueException;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.settings.Durations;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.jspecify.annotations.Nullable;

/**
 * Time-left thresholds written as the {@code ssl-certificate-expiration} check's ({@code [{"7d": critical}, {"30d":
 * warning}]}): sorted ascending, the first one the time left is under gives the severity.
 */
final class ExpiryThresholds {
  private record Threshold(Duration under, Severity severity, String label) {}

  private final List<Threshold> list;

  private ExpiryThresholds(List<Threshold> list) {
    this.list = list;
  }

  /** @throws IllegalArgumentException when a threshold is not a positive duration with warning, critical or unknown */
  static ExpiryThresholds of(Map<Duration, Severity> thresholds) {
    if (thresholds.isEmpty()) {
      throw new IllegalArgumentException("at least one threshold is needed");
    }
    List<Threshold> l = new ArrayList<>();
    thresholds.forEach((d, s) -> {
      if (d == null || d.isNegative() || d.isZero() || s == null || s == Severity.OK) {
        throw new IllegalArgumentException("threshold " + d + " -> " + s
            + " is not acceptable (positive duration, severity warning, critical or unknown)");
      }
      l.add(new Threshold(d, s, label(d)));
    });
    l.sort(Comparator.comparing(Threshold::under));
    return new ExpiryThresholds(List.copyOf(l));
  }

  /**
   * @param value a non-empty list of single-entry maps {duration: severity}, durations in the {@link Durations}
   *     grammar (a bare number is days)
   * @throws InvalidValueException naming the bad part
   */
  static ExpiryThresholds parse(Setting value) {
    if (!(value.raw() instanceof List<?> raw) || raw.isEmpty()) {
      throw value.invalid("thresholds must be a non-empty list such as [{\"7d\": critical}, {\"30d\": warning}]");
    }
    Map<Duration, Severity> out = new LinkedHashMap<>();
    for (Setting item : value.asList()) {
      if (!(item.raw() instanceof Map<?, ?> m) || m.size() != 1) {
        throw item.invalid("each threshold is a single entry {duration: severity}");
      }
      Settings entry = item.asObject();
      String key = entry.keys().iterator().next();
      Duration d;
      try {
        d = Durations.parse(key, ChronoUnit.DAYS);
      } catch (InvalidValueException e) {
        d = Duration.ZERO;
      }
      if (d.isZero() || d.isNegative()) {
        throw item.invalid("threshold durations look like 12h, 7d or 4w (\"" + key + "\" does not)");
      }
      Setting label = entry.get(key);
      Severity s = label.raw() instanceof String text ? severity(text) : null;
      if (s == null || s == Severity.OK) {
        throw label.invalid("expected a severity: warning, critical or unknown");
      }
      if (out.put(d, s) != null) {
        throw item.invalid("duplicate threshold \"" + key + "\"");
      }
    }
    return of(out);
  }

  /** @return the thresholds as shown in results, {@code {"7d": "critical", "30d": "warning"}} */
  Map<String, String> shown() {
    Map<String, String> m = new LinkedHashMap<>();
    list.forEach(t -> m.put(t.label(), t.severity().label()));
    return m;
  }

  /** @return the verdict for a registration that expires at {@code expires}, seen at {@code now} */
  CheckResult verdict(String domain, Instant expires, Instant now) {
    Duration left = Duration.between(now, expires);
    long days = Math.floorDiv(left.toSeconds(), 86400);
    String when = left.isNegative() ? "expired " + (-days) + " day(s) ago, on " + expires
        : "expires in " + days + " day(s), on " + expires;
    for (Threshold t : list) {
      if (left.compareTo(t.under()) < 0) {
        return new CheckResult(ResultStatus.FAILURE, t.severity(), "the registration of " + domain + " " + when
            + " (under the " + t.label() + " threshold)", Map.of(), null);
      }
    }
    return CheckResult.success("the registration of " + domain + " " + when);
  }

  private static @Nullable Severity severity(String text) {
    for (Severity s : Severity.values()) {
      if (s.label().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    return null;
  }

  private static String label(Duration d) {
    if (d.toSeconds() % 86400 == 0) {
      return d.toDays() + "d";
    }
    return d.toSeconds() % 3600 == 0 ? d.toHours() + "h" : d.toSeconds() + "s";
  }
}
