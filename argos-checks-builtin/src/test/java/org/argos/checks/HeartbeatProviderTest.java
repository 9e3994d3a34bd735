package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.ResultStatus;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.Test;

/** {@code heartbeat}: the age of a push monitor's latest call against period + grace, on a hand-moved clock. */
class HeartbeatProviderTest {
  private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final HeartbeatProvider provider = new HeartbeatProvider();
  private final ProbeRequest request = ProbeRequest.of("push://backup-job/", IpVersion.IPV4, Duration.ofSeconds(5));

  private ProbeResponse response(Instant last, String status, String message) {
    Map<String, List<String>> a = new LinkedHashMap<>();
    if (last != null) {
      a.put("push.last", List.of(last.toString()));
      a.put("push.status", List.of(status));
      if (message != null) {
        a.put("push.message", List.of(message));
      }
    }
    return ProbeResponse.of(request, new byte[0], false, List.of(), null, ProbeTimings.ofTotal(Duration.ZERO), null,
        null, a);
  }

  private CheckResult eval(Check check, ProbeResponse r) {
    return check.evaluate(r, new CheckContext(clock.instant()));
  }

  @Test
  void okWithinPeriodPlusGraceCriticalAfter() {
    Check check = provider.create(Map.of("period", "1h", "grace", "5m"));
    ProbeResponse called = response(T0, "ok", "nightly backup done");
    assertThat(eval(check, called).status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(eval(check, called).message()).contains("last call just now", "nightly backup done");

    clock.advance(Duration.ofMinutes(65)); // exactly period + grace: still in time
    assertThat(eval(check, called).status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(eval(check, called).message()).contains("1h5m ago");

    clock.advance(Duration.ofSeconds(1));
    CheckResult late = eval(check, called);
    assertThat(late.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(late.message()).contains("no call of the push URL for 1h5m1s", "period 1h + grace 5m");
    assertThat(late.context()).containsEntry("actual", T0.toString());
  }

  @Test
  void aCallThatSaidFailIsCriticalEvenInTime() {
    Check check = provider.create(Map.of("period", "1d"));
    CheckResult r = eval(check, response(T0, "fail", "disk full"));
    assertThat(r.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(r.message()).contains("said the job failed: disk full");
  }

  @Test
  void neverCalledIsCritical() {
    CheckResult r = eval(provider.create("30m"), response(null, null, null));
    assertThat(r.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(r.message()).contains("no call of the push URL recorded yet");
  }

  @Test
  void aBareNumberIsSecondsAndNoGraceMeansNone() {
    Check check = provider.create(3600);
    clock.advance(Duration.ofSeconds(3600));
    assertThat(eval(check, response(T0, "ok", null)).status()).isEqualTo(ResultStatus.SUCCESS);
    clock.advance(Duration.ofSeconds(1));
    assertThat(eval(check, response(T0, "ok", null)).status()).isEqualTo(ResultStatus.FAILURE);
  }

  @Test
  void badParametersAreRefusedNamingTheField() {
    assertThatThrownBy(() -> provider.create(Map.of("grace", "5m"))).isInstanceOf(InvalidCheckParameterException.class)
        .hasMessageContaining("period");
    assertThatThrownBy(() -> provider.create(Map.of("period", "1h", "every", "1m")))
        .isInstanceOf(InvalidCheckParameterException.class).hasMessageContaining("every");
    assertThatThrownBy(() -> provider.create("0s")).isInstanceOf(InvalidCheckParameterException.class);
  }

  @Test
  void readsPushResponsesOnly() {
    assertThat(provider.schemes()).containsExactly("push");
  }
}
