package com.example.argos.securityheaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.argos.api.CheckResult;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.settings.Setting;
import org.jspecify.annotations.Nullable;

/**
 * {@code security-headers}: the response carries the usual hardening headers. Parameter {@code recommended} (HSTS on
 * https, {@code X-Content-Type-Options: nosniff}, a frame policy) or a list of header names that must be present.
 * Missing headers give a warning, not a critical: the site works, it is just less protected.
 */
public final class SecurityHeadersCheckProvider implements CheckProvider {
  static final List<String> RECOMMENDED = List.of("strict-transport-security", "x-content-type-options", "x-frame-options");

  @Override
  public String name() {
    return "security-headers";
  }

  @Override
  public String description() {
    return "Warns when the response lacks hardening headers (HSTS over https, X-Content-Type-Options, a frame policy).";
  }

  @Override
  public String parameterHelp() {
    return "'recommended', or a list of header names that must be present";
  }

  @Override
  public List<@Nullable Object> exampleParameters() {
    return List.of("recommended", List.of("content-security-policy", "x-content-type-options"));
  }

  @Override
  public List<@Nullable Object> invalidParameters() {
    return List.of(42, "everything", List.of(), List.of(" "));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    // argos-api's reader gives the same errors as the built-in checks: the check's name, the path of the bad part
    // ("security-headers: [1]: expected a non-empty string, got \" \""), and an InvalidCheckParameterException
    Setting p = Setting.checkParameter(name(), parameter);
    boolean recommended = "recommended".equals(parameter);
    List<String> names = new ArrayList<>();
    if (recommended) {
      names.addAll(RECOMMENDED);
    } else if (parameter instanceof List<?> list && !list.isEmpty()) {
      for (Setting item : p.asList()) {
        names.add(item.asString().trim().toLowerCase(Locale.ROOT));
        if (names.getLast().isEmpty()) {
          throw item.invalid("expected a header name");
        }
      }
    } else {
      throw p.invalid("expected \"recommended\" or a non-empty list of header names");
    }
    List<String> required = List.copyOf(names);
    return new SecurityHeaders(required, recommended);
  }

  private record SecurityHeaders(List<String> required, boolean recommended) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      List<String> missing = new ArrayList<>();
      for (String h : required) {
        boolean httpsOnly = recommended && h.equals("strict-transport-security");
        if (httpsOnly && !response.finalUrl().startsWith("https://")) {
          continue;
        }
        // A policy may come in several Content-Security-Policy headers: any of them may set frame-ancestors.
        boolean frameViaCsp = recommended && h.equals("x-frame-options")
            && response.headers().getOrDefault("content-security-policy", List.of()).stream()
                .anyMatch(v -> v.contains("frame-ancestors"));
        if (response.header(h) == null && !frameViaCsp) {
          missing.add(h);
        }
      }
      if (missing.isEmpty()) {
        return CheckResult.success("all security headers present");
      }
      return CheckResult.failure("missing security headers: " + String.join(", ", missing))
          .withSeverity(Severity.WARNING)
          .with("missing", missing);
    }

    /** Run on a remote agent: a failure reported by the agent is a warning too, as {@link #evaluate} makes it. */
    @Override
    public CheckResult judgeReport(AgentReport report, CheckContext context) {
      CheckResult r = report.defaultResult();
      return report.status().equals("failure") ? r.withSeverity(Severity.WARNING) : r;
    }
  }
}
