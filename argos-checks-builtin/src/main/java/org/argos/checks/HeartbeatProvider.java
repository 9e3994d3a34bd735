package org.argos.checks;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.settings.Durations;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code heartbeat}: a push monitor's job called its URL within the period plus a grace, and did not say it failed
 * (issue 21). Reads what the {@code push} probe reports: {@code push.last} (ISO instant of the latest call),
 * {@code push.status} ({@code ok} or {@code fail}) and {@code push.message}; the age is measured against the engine's
 * clock ({@link CheckContext#now()}).
 */
public final class HeartbeatProvider extends BuiltinProvider {
  static final String NAME = "heartbeat";
  private static final Duration MIN = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofDays(366);

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public HeartbeatProvider() {
    super(NAME,
        "Fails with severity critical when a push monitor's URL was not called within the period plus the grace, "
            + "when it was never called, or when its latest call said status=fail.",
        "{period: duration, grace: duration} (grace may be left out: none), or a duration: the period; a bare "
            + "number is seconds",
        List.of(Map.of("period", "1h", "grace", "5m"), Map.of("period", "1d"), "30m", 3600),
        Arrays.asList(null, Map.of(), Map.of("grace", "5m"), Map.of("period", "1h", "every", "1m"), "soon", -5,
            Map.of("period", "0s")));
  }

  @Override
  public Set<String> schemes() {
    return Set.of("push");
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Setting p = Setting.checkParameter(NAME, parameter);
    if (parameter instanceof Map<?, ?>) {
      Settings map = p.asObject().allowOnly("period", "grace");
      Duration period = map.required("period").asDuration(ChronoUnit.SECONDS, MIN, MAX);
      Duration grace = map.optional("grace").map(g -> g.asDuration(ChronoUnit.SECONDS, Duration.ZERO, MAX))
          .orElse(Duration.ZERO);
      return new Heartbeat(period, grace);
    }
    return new Heartbeat(p.asDuration(ChronoUnit.SECONDS, MIN, MAX), Duration.ZERO);
  }

  private record Heartbeat(Duration period, Duration grace) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      Map<String, @Nullable Object> expected = new LinkedHashMap<>();
      expected.put("period", Durations.format(period));
      expected.put("grace", Durations.format(grace));
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      String lastText = response.attribute("push.last");
      if (lastText == null) {
        return Results.failure("no call of the push URL recorded yet", expected, null);
      }
      Instant last;
      try {
        last = Instant.parse(lastText);
      } catch (DateTimeParseException e) {
        return Results.failure("the push probe reported no valid time: '" + Params.abbreviate(lastText, 40) + "'",
            expected, null);
      }
      Duration age = Duration.between(last, context.now());
      String ago = age.compareTo(Duration.ofSeconds(1)) < 0 ? "just now" : Durations.format(age.truncatedTo(ChronoUnit.SECONDS)) + " ago";
      String message = response.attribute("push.message");
      String said = message == null ? "" : ": " + Params.abbreviate(message, 200);
      if (age.compareTo(period.plus(grace)) > 0) {
        return Results.failure("no call of the push URL for " + Durations.format(age.truncatedTo(ChronoUnit.SECONDS))
            + " (period " + Durations.format(period) + " + grace " + Durations.format(grace) + "); the last was at "
            + last, expected, lastText);
      }
      if ("fail".equals(response.attribute("push.status"))) {
        return Results.failure("the last call (" + ago + ") said the job failed" + said, expected, lastText);
      }
      return Results.success("last call " + ago + said, expected, lastText);
    }
  }
}
