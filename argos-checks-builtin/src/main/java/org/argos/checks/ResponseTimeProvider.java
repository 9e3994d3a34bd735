package org.argos.checks;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.InvalidValueException;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.jspecify.annotations.Nullable;

/** {@code response-time}: the probe's total time stays under thresholds (beyond Argos). */
public final class ResponseTimeProvider extends BuiltinProvider {
  static final String NAME = "response-time";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public ResponseTimeProvider() {
    super(NAME,
        "Fails with severity critical when the probe's total time (connect to end of body) reaches the critical "
                + "threshold, warning when it reaches the warning threshold.",
        "{warning: ms, critical: ms} (either may be left out), or a number: the critical threshold in ms; a "
            + "threshold may also be a duration such as 500ms or 2s",
        List.of(Map.of("warning", 500, "critical", 2000), Map.of("critical", 1000), 3000,
            Map.of("warning", "800ms", "critical", "1.5s")),
        Arrays.asList(null, Map.of(), Map.of("warning", 2000, "critical", 1000), Map.of("warn", 1), -5, "fast"));
  }

  /** Reads only the probe's timings, which every probe reports. */
  @Override
  public java.util.Set<String> schemes() {
    return java.util.Set.of("*");
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Setting p = Setting.checkParameter(NAME, parameter);
    Long warning = null;
    Long critical;
    if (parameter instanceof Map<?, ?>) {
      Settings map = p.asObject().allowOnly("warning", "critical");
      warning = map.optional("warning").map(ResponseTimeProvider::millis).orElse(null);
      critical = map.optional("critical").map(ResponseTimeProvider::millis).orElse(null);
      if (warning == null && critical == null) {
        throw Params.invalid(p, "expected {warning: ms, critical: ms} with at least one threshold");
      }
      if (warning != null && critical != null && warning >= critical) {
        throw Params.invalid(p, "the warning threshold must be lower than the critical one");
      }
    } else {
      critical = millis(p);
    }
    return new ResponseTime(warning, critical);
  }

  /** A threshold in the one duration grammar ({@code 500ms}, {@code 2s}); a bare number is milliseconds. */
  private static long millis(Setting threshold) {
    Duration d;
    try {
      d = threshold.raw() instanceof Boolean ? Duration.ZERO : threshold.asDuration(ChronoUnit.MILLIS);
    } catch (InvalidValueException e) {
      d = Duration.ZERO;
    }
    if (d.isZero()) {
      throw Params.invalid(threshold, "thresholds are positive durations such as 500ms or 2s (a bare number is milliseconds)");
    }
    return d.toMillis();
  }

  private record ResponseTime(@Nullable Long warning, @Nullable Long critical) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      Map<String, @Nullable Object> expected = new LinkedHashMap<>();
      expected.put("warning", warning);
      expected.put("critical", critical);
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      return verdict(response.timings().total().toMillis(), expected);
    }

    /** An agent's result is judged again from the time it measured ({@code actual}, ms), with these thresholds. */
    @Override
    public CheckResult judgeReport(AgentReport report, CheckContext context) {
      boolean judged = report.status().equals("success") || report.status().equals("failure");
      if (!judged || !(report.context().get("actual") instanceof Number actual)
          || !Double.isFinite(actual.doubleValue())) {
        return report.defaultResult();
      }
      Map<String, @Nullable Object> expected = new LinkedHashMap<>();
      expected.put("warning", warning);
      expected.put("critical", critical);
      return verdict(Math.round(actual.doubleValue()), expected).withContext(report.context());
    }

    private CheckResult verdict(long ms, Map<String, @Nullable Object> expected) {
      if (critical != null && ms >= critical) {
        return Results.failure("response took " + ms + " ms, critical threshold is " + critical + " ms", expected, ms);
      }
      if (warning != null && ms >= warning) {
        return Results.failure("response took " + ms + " ms, warning threshold is " + warning + " ms", expected, ms)
            .withSeverity(Severity.WARNING);
      }
      return Results.success("response took " + ms + " ms", expected, ms);
    }
  }
}
