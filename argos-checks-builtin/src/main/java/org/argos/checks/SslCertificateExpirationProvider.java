package org.argos.checks;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.InvalidValueException;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.settings.Durations;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.jspecify.annotations.Nullable;

/**
 * {@code ssl-certificate-expiration}: the time left before the leaf certificate expires, against thresholds (Argos).
 * Thresholds are sorted ascending and the first one the time left is under gives the severity; with the defaults
 * ({@code [{"1d": critical}, {"5d": warning}]}) a certificate expiring in 3 days is a warning and one expiring in
 * 12 hours, or already expired, is critical.
 *
 * <p>As in Argos, when the request fails (no response) the result is a warning: the check opts into
 * {@link Check#evaluatesTransportErrors()}. Note that with the JVM's default trust, an already expired certificate
 * fails the HTTPS handshake, so it is reported that way by this check (and as critical by the path's other checks).
 * It reads {@code tls://} responses too ({@link org.argos.checks.tls.TlsProbe}), whose handshake completes whatever
 * the certificate: there an expired one is judged by the thresholds.
 */
public final class SslCertificateExpirationProvider implements CheckProvider {
  static final String NAME = "ssl-certificate-expiration";

  private final List<Threshold> thresholds;

  /** Creates the provider with Argos' default thresholds: under 1 day critical, under 5 days warning. */
  public SslCertificateExpirationProvider() {
    this(Map.of(Duration.ofDays(1), Severity.CRITICAL, Duration.ofDays(5), Severity.WARNING));
  }

  /**
   * @param thresholds time left before expiry mapped to the severity reported under it (any order; positive
   *     durations; severities warning, critical or unknown)
   * @throws InvalidValueException when a threshold is not acceptable
   */
  public SslCertificateExpirationProvider(Map<Duration, Severity> thresholds) {
    if (thresholds == null || thresholds.isEmpty()) {
      throw new InvalidValueException(NAME, "thresholds", null, "at least one threshold is needed", null);
    }
    List<Threshold> list = new ArrayList<>();
    thresholds.forEach((d, s) -> {
      if (d == null || d.isNegative() || d.isZero() || s == null || s == Severity.OK) {
        throw new InvalidValueException(NAME, "thresholds", null, "threshold " + d + " -> " + s
            + " is not acceptable (positive duration, severity warning, critical or unknown)", null);
      }
      list.add(new Threshold(d, s, format(d)));
    });
    list.sort(Comparator.comparing(Threshold::under));
    this.thresholds = List.copyOf(list);
  }

  /**
   * Builds the provider from Argos' {@code ssl.thresholds} configuration, e.g. {@code [{"1d": critical}, {"5d":
   * warning}]} as a YAML parser produces it.
   *
   * @param argosThresholds a list of single-entry maps, a duration in the {@link Durations} grammar ({@code 12h},
   *     {@code 1d}, {@code 2w}; a bare number is days) to severity label
   * @return the provider
   * @throws InvalidCheckParameterException naming the value when it is not acceptable
   */
  public static SslCertificateExpirationProvider fromArgosThresholds(@Nullable Object argosThresholds) {
    return new SslCertificateExpirationProvider(parseThresholds(Setting.checkParameter(NAME, argosThresholds)));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** @return {@code http}, {@code https} and {@code tls}: the TLS probe's responses carry the chain too */
  @Override
  public Set<String> schemes() {
    return Set.of("http", "https", "tls");
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (parameter instanceof String s && s.trim().equalsIgnoreCase("on-check")) {
      return new Expiration(thresholds);
    }
    if (parameter instanceof Map<?, ?> map && map.containsKey("thresholds")) {
      Settings p = Setting.checkParameter(NAME, parameter).asObject().allowOnly("thresholds");
      return new SslCertificateExpirationProvider(parseThresholds(p.get("thresholds"))).new Expiration(null);
    }
    throw Params.invalid(NAME, parameter,
        "expected \"on-check\" or {thresholds: [{\"1d\": critical}, {\"5d\": warning}]}");
  }

  /** Argos' thresholds, each {duration: severity}; a bare number of the duration grammar is days. */
  private static Map<Duration, Severity> parseThresholds(Setting value) {
    if (!(value.raw() instanceof List<?> list) || list.isEmpty()) {
      throw Params.invalid(value, "thresholds must be a non-empty list such as [{\"1d\": critical}, {\"5d\": warning}]");
    }
    Map<Duration, Severity> out = new LinkedHashMap<>();
    for (Setting item : value.asList()) {
      if (!(item.raw() instanceof Map<?, ?> m) || m.size() != 1) {
        throw Params.invalid(item, "each threshold is a single entry {duration: severity}");
      }
      Settings entry = item.asObject();
      String key = entry.keys().iterator().next();
      Duration d;
      try {
        d = Durations.parse(key, ChronoUnit.DAYS);
      } catch (InvalidValueException e) {
        d = Duration.ZERO;
      }
      if (d.isZero()) {
        throw Params.invalid(item, "threshold durations look like 12h, 1d, 5d or 2w (" + Params.render(key) + " does not)");
      }
      Setting label = entry.get(key);
      Severity s = label.raw() instanceof String text ? severity(text) : null;
      if (s == null) {
        throw Params.invalid(label, "expected a severity: warning, critical or unknown");
      }
      if (s == Severity.OK) {
        throw Params.invalid(label, "a threshold severity must be warning, critical or unknown, not ok");
      }
      if (out.put(d, s) != null) {
        throw Params.invalid(item, "duplicate threshold " + Params.render(key));
      }
    }
    return out;
  }

  private static @Nullable Severity severity(String label) {
    for (Severity s : Severity.values()) {
      if (s.label().equalsIgnoreCase(label.trim())) {
        return s;
      }
    }
    return null;
  }

  private static String format(Duration d) {
    if (d.toSeconds() % 86400 == 0) {
      return d.toDays() + "d";
    }
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + "h";
    }
    return d.toSeconds() + "s";
  }

  @Override
  public String description() {
    return "Compares the time left before the TLS leaf certificate expires with the thresholds: under the first "
        + "threshold (sorted ascending) that applies, fails with that threshold's severity; a request that gets no "
        + "response is a warning; a plain-HTTP URL is an error (unknown).";
  }

  @Override
  public String parameterHelp() {
    return "\"on-check\" (thresholds of the provider, by default 1d critical and 5d warning), or "
        + "{thresholds: [{\"1d\": critical}, {\"5d\": warning}]}";
  }

  @Override
  public List<@Nullable Object> exampleParameters() {
    return List.of("on-check", Map.of("thresholds", List.of(Map.of("2d", "critical"), Map.of("2w", "warning"))));
  }

  @Override
  public List<@Nullable Object> invalidParameters() {
    return Arrays.asList(null, true, "sometimes", Map.of("thresholds", List.of()),
        Map.of("thresholds", List.of(Map.of("1d", "fine"))), Map.of("thresholds", List.of(Map.of("soon", "critical"))),
        Map.of("thresholds", List.of(Map.of("1d", "ok"))));
  }

  private record Threshold(Duration under, Severity severity, String label) {}

  private final class Expiration implements Check {
    private final List<Threshold> own;

    Expiration(@Nullable List<Threshold> own) {
      this.own = own == null ? thresholds : own;
    }

    @Override
    public boolean evaluatesTransportErrors() {
      return true;
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      Map<String, String> shown = shown();
      ProbeResponse.TransportError error = response.error();
      if (error != null) {
        return new CheckResult(ResultStatus.FAILURE, Severity.WARNING,
            "could not get the certificate: " + error.kind() + ": " + error.message(), Map.of(), null)
            .with("thresholds", shown).with("error", error.kind());
      }
      if (response.peerCertificates().isEmpty()) {
        String why = response.finalUrl().regionMatches(true, 0, "http://", 0, 7)
            ? "the URL is plain HTTP (" + response.finalUrl() + "): there is no certificate to check"
            : "no TLS certificate was captured for " + response.finalUrl();
        return CheckResult.error(why).with("thresholds", shown);
      }
      X509Certificate leaf = response.peerCertificates().get(0);
      Instant notAfter = leaf.getNotAfter().toInstant();
      Duration left = Duration.between(context.now(), notAfter);
      return verdict(left, notAfter).with("daysLeft", Math.floorDiv(left.toSeconds(), 86400))
          .with("notAfter", notAfter.toString()).with("subject", leaf.getSubjectX500Principal().getName())
          .with("thresholds", shown);
    }

    /**
     * As Argos servers judge this check's agent results, with this check's thresholds: an error is unknown; an
     * Argos agent's {@code on-check} carries {@code expires_in} (days) for the thresholds; a report carrying the
     * certificate's {@code notAfter} (this check run on an argos-java agent) is judged as {@link #evaluate} would;
     * anything else (the agent got no certificate) is a warning.
     */
    @Override
    public CheckResult judgeReport(AgentReport report, CheckContext context) {
      Map<String, @Nullable Object> ctx = new LinkedHashMap<>(report.context());
      ctx.put("thresholds", shown());
      String status = report.status();
      if (status.equals("error")) {
        return new CheckResult(ResultStatus.ERROR, Severity.UNKNOWN, orElse(report.message(),
            "the agent could not check the certificate"), ctx, null);
      }
      if (status.equals("on-check")) {
        if (!(report.context().get("expires_in") instanceof Number days) || !Double.isFinite(days.doubleValue())) {
          return new CheckResult(ResultStatus.ERROR, Severity.UNKNOWN,
              "the agent's on-check result has no numeric expires_in (days before the certificate expires)", ctx, null);
        }
        double ms = Math.max(-1e15, Math.min(1e15, days.doubleValue() * 86_400_000d)); // Duration's range
        Duration left = Duration.ofMillis(Math.round(ms));
        CheckResult r = verdict(left, null);
        return new CheckResult(r.status(), r.severity(), r.message(), ctx, null);
      }
      Instant notAfter = instant(report.context().get("notAfter"));
      if (notAfter != null) {
        CheckResult r = verdict(Duration.between(context.now(), notAfter), notAfter);
        return new CheckResult(r.status(), r.severity(), r.message(), ctx, null);
      }
      ResultStatus s = status.equals("success") ? ResultStatus.SUCCESS : ResultStatus.FAILURE;
      return new CheckResult(s, Severity.WARNING, orElse(report.message(), "the agent could not get the certificate"),
          ctx, null);
    }

    private Map<String, String> shown() {
      Map<String, String> shown = new LinkedHashMap<>();
      own.forEach(t -> shown.put(t.label(), t.severity().label()));
      return shown;
    }

    /** The first threshold (soonest first) the time left is under gives the severity. */
    private CheckResult verdict(Duration left, @Nullable Instant notAfter) {
      long daysLeft = Math.floorDiv(left.toSeconds(), 86400);
      String on = notAfter == null ? "" : ", on " + notAfter;
      String when = left.isNegative() ? "expired " + (-daysLeft) + " day(s) ago" + on
          : "expires in " + daysLeft + " day(s)" + on;
      for (Threshold t : own) {
        if (left.compareTo(t.under()) < 0) {
          return new CheckResult(ResultStatus.FAILURE, t.severity(), "certificate " + when + " (under the " + t.label()
              + " threshold)", Map.of(), null);
        }
      }
      return CheckResult.success("certificate " + when);
    }
  }

  private static String orElse(String message, String otherwise) {
    return message.isBlank() ? otherwise : message;
  }

  private static @Nullable Instant instant(@Nullable Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
