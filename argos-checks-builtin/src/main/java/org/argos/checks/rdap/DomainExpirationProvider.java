package org.argos.checks.rdap;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.InvalidValueException;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code domain-expiration}: the time left before a domain's registration expires (RDAP's {@code expiration} event),
 * against thresholds written as {@code ssl-certificate-expiration}'s; by default under 7 days is critical and under 30
 * days a warning. A domain the registry does not know (RDAP 404: not registered, or lapsed) is critical; a lookup that
 * failed (timeout, a bad answer) is a warning, as the ssl check does when it gets no certificate; a name without a
 * registrable domain, a top-level domain without RDAP, or a registry that publishes no expiry is an error (unknown).
 */
public final class DomainExpirationProvider implements CheckProvider {
  static final String NAME = "domain-expiration";

  private final ExpiryThresholds thresholds;

  /** Creates the provider with the default thresholds: under 7 days critical, under 30 days warning. */
  public DomainExpirationProvider() {
    this(Map.of(Duration.ofDays(7), Severity.CRITICAL, Duration.ofDays(30), Severity.WARNING));
  }

  /**
   * @param thresholds time left mapped to the severity under it (positive durations; warning, critical or unknown)
   * @throws InvalidValueException when a threshold is not acceptable
   */
  public DomainExpirationProvider(Map<Duration, Severity> thresholds) {
    try {
      this.thresholds = ExpiryThresholds.of(thresholds);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(NAME, "thresholds", null, e.getMessage(), null);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> schemes() {
    return Set.of(DomainProbe.SCHEME);
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (parameter instanceof String s && s.trim().equalsIgnoreCase("on-check")) {
      return new Expiration(thresholds, null);
    }
    Setting whole = Setting.checkParameter(NAME, parameter);
    if (!(parameter instanceof Map<?, ?> m) || m.isEmpty()) {
      throw whole.invalid("expected \"on-check\" or {thresholds: [{\"7d\": critical}, {\"30d\": warning}], server: "
          + "\"https://rdap.example/\"} (both optional)");
    }
    Settings p = whole.asObject().allowOnly("thresholds", "server");
    ExpiryThresholds own = p.has("thresholds") ? ExpiryThresholds.parse(p.get("thresholds")) : thresholds;
    String server = null;
    if (p.has("server")) {
      Setting s = p.get("server");
      try {
        server = s.raw() instanceof String text && DomainProbe.server(text) != null ? text.trim() : null;
      } catch (IllegalArgumentException e) {
        throw s.invalid(e.getMessage());
      }
      if (server == null) {
        throw s.invalid("expected an RDAP base URL such as https://rdap.example/rdap/");
      }
    }
    return new Expiration(own, server);
  }

  @Override
  public String description() {
    return "Compares the time left before a domain's registration expires (RDAP) with the thresholds: under the "
        + "first threshold (sorted ascending) that applies, fails with its severity; a domain the registry does not "
        + "know is critical; a failed lookup is a warning; no expiry published is unknown.";
  }

  @Override
  public String parameterHelp() {
    return "\"on-check\" (thresholds of the provider, by default 7d critical and 30d warning), or "
        + "{thresholds: [{\"7d\": critical}, {\"30d\": warning}], server: \"https://rdap.example/rdap/\"} "
        + "(server: an RDAP base URL to ask instead of the one IANA's bootstrap file names)";
  }

  @Override
  public List<@Nullable Object> exampleParameters() {
    return List.of("on-check", Map.of("thresholds", List.of(Map.of("14d", "critical"), Map.of("60d", "warning"))),
        Map.of("server", "https://rdap.example/rdap/"));
  }

  @Override
  public List<@Nullable Object> invalidParameters() {
    return Arrays.asList(null, true, "sometimes", Map.of(), Map.of("thresholds", List.of()),
        Map.of("thresholds", List.of(Map.of("7d", "fine"))), Map.of("thresholds", List.of(Map.of("soon", "critical"))),
        Map.of("thresholds", List.of(Map.of("7d", "ok"))), Map.of("server", "ftp://rdap.example/"),
        Map.of("server", 42), Map.of("thresholds", List.of(Map.of("7d", "critical")), "typo", 1));
  }

  private record Expiration(ExpiryThresholds thresholds, @Nullable String server) implements Check {
    @Override
    public ProbeRequest request(ProbeRequest base) {
      return server == null ? base : base.withOption("server", server);
    }

    @Override
    public boolean evaluatesTransportErrors() {
      return true;
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      String domain = response.attribute("rdap.domain");
      ProbeResponse.TransportError e = response.error();
      if (e != null) {
        String why = e.kind() + ": " + e.message();
        CheckResult r = switch (e.kind()) {
          case "no-domain", "no-rdap", "invalid-request" -> CheckResult.error(e.message());
          default -> new CheckResult(ResultStatus.FAILURE, Severity.WARNING,
              "could not get the registration" + (domain == null ? "" : " of " + domain) + ": " + why, Map.of(), null);
        };
        return r.with("error", e.kind()).with("domain", domain).with("thresholds", thresholds.shown());
      }
      if (domain == null) {
        return CheckResult.error("the response carries no RDAP answer: domain-expiration reads domain:// requests, "
            + "not " + response.request().scheme() + "://");
      }
      if ("404".equals(response.attribute("rdap.status"))) {
        return new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL, "the registry does not know " + domain
            + " (RDAP 404 from " + response.attribute("rdap.server") + "): not registered, or lapsed", Map.of(), null)
            .with("domain", domain).with("registryStatus", 404).with("thresholds", thresholds.shown());
      }
      String expiration = response.attribute("rdap.expiration");
      Instant expires = instant(expiration);
      if (expires == null) {
        String unreadable = response.attribute("rdap.expiration.unreadable");
        CheckResult r = unreadable != null
            ? new CheckResult(ResultStatus.FAILURE, Severity.WARNING, "the registry's expiration date for " + domain
                + " is no date: \"" + unreadable + "\"", Map.of(), null)
            : CheckResult.error("the registry (" + response.attribute("rdap.server") + ") publishes no expiration "
                + "date for " + domain);
        return r.with("domain", domain).with("thresholds", thresholds.shown());
      }
      Duration left = Duration.between(context.now(), expires);
      return thresholds.verdict(domain, expires, context.now()).with("domain", domain)
          .with("expiration", expires.toString()).with("daysLeft", Math.floorDiv(left.toSeconds(), 86400))
          .with("registrar", response.attribute("rdap.registrar")).with("thresholds", thresholds.shown());
    }

    /**
     * As {@link #evaluate} would judge it, with this check's thresholds: an error is unknown; a report carrying the
     * {@code expiration} is judged against the thresholds now; a registry's 404 is critical; any other failure a
     * warning.
     */
    @Override
    public CheckResult judgeReport(AgentReport report, CheckContext context) {
      Map<String, @Nullable Object> ctx = new LinkedHashMap<>(report.context());
      ctx.put("thresholds", thresholds.shown());
      String message = report.message().isBlank() ? "the agent could not look the domain up" : report.message();
      if (report.status().equals("error")) {
        return new CheckResult(ResultStatus.ERROR, Severity.UNKNOWN, message, ctx, null);
      }
      Instant expires = report.context().get("expiration") instanceof String s ? instant(s) : null;
      if (expires != null) {
        String domain = report.context().get("domain") instanceof String d ? d : "the domain";
        CheckResult r = thresholds.verdict(domain, expires, context.now());
        return new CheckResult(r.status(), r.severity(), r.message(), ctx, null);
      }
      if (report.context().get("registryStatus") instanceof Number n && n.intValue() == 404) {
        return new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL, message, ctx, null);
      }
      return report.status().equals("success") ? new CheckResult(ResultStatus.SUCCESS, Severity.OK, message, ctx, null)
          : new CheckResult(ResultStatus.FAILURE, Severity.WARNING, message, ctx, null);
    }

    private static @Nullable Instant instant(@Nullable String text) {
      if (text == null) {
        return null;
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
