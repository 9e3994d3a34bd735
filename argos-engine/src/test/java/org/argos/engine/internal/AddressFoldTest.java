package org.argos.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ProbePeer;
import org.argos.api.RequestData;
import org.argos.api.Severity;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.junit.jupiter.api.Test;

/** {@code addresses: all}: how the per-address verdicts of a task make its own. */
class AddressFoldTest {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
  private static final ClaimedGroup GROUP = new ClaimedGroup(7, "https://shop.example",
      new ProbeRequest("https://shop.example/", "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(5), false,
          0),
      new SchedulePolicy(Duration.ofMinutes(1), null, 0), T, T.plusSeconds(60),
      List.of(new TaskRef(1, new CheckSpec("status-is", 200)), new TaskRef(2, new CheckSpec("body-contains", "x"))));

  @Test
  void allOkIsOk() {
    GroupOutcome o = AddressRuns.fold(GROUP, reported(ok(), ok(), ok()));
    TaskOutcome t = o.outcomes().getFirst();
    assertThat(t.result().severity()).isEqualTo(Severity.OK);
    assertThat(t.result().context()).containsEntry("partial", false)
        .containsEntry("addresses", Map.of("10.0.0.1", "ok", "10.0.0.2", "ok", "10.0.0.3", "ok"));
    assertThat(o.peer().address()).isEqualTo("10.0.0.1");
  }

  @Test
  void someFailingIsAWarningNamingThem() {
    GroupOutcome o = AddressRuns.fold(GROUP, reported(ok(), ok(),
        CheckResult.failure("timeout: connect timed out")));
    TaskOutcome t = o.outcomes().getFirst();
    assertThat(t.result().severity()).isEqualTo(Severity.WARNING);
    assertThat(t.result().message()).isEqualTo("1 of 3 addresses failing: 10.0.0.3 timeout: connect timed out");
    assertThat(t.result().context()).containsEntry("partial", true)
        .containsEntry("addresses", Map.of("10.0.0.1", "ok", "10.0.0.2", "ok", "10.0.0.3", "critical"));
    assertThat(o.peer().address()).as("alerts group by the failing backend").isEqualTo("10.0.0.3");
  }

  @Test
  void allFailingIsTheWorst() {
    GroupOutcome o = AddressRuns.fold(GROUP, reported(CheckResult.failure("connect: refused").withSeverity(
        Severity.WARNING), CheckResult.failure("connect: refused"), CheckResult.error("tls: handshake")));
    TaskOutcome t = o.outcomes().getFirst();
    assertThat(t.result().severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(t.result().message()).isEqualTo("3 of 3 addresses failing: 10.0.0.1 connect: refused; "
        + "10.0.0.2 connect: refused; 10.0.0.3 tls: handshake");
    assertThat(t.result().context()).containsEntry("partial", false);
  }

  @Test
  void oneAddressIsItsOwnResult() {
    Map<String, GroupOutcome> one = new LinkedHashMap<>();
    one.put("10.0.0.1", outcome("10.0.0.1", CheckResult.failure("expected 200, got 503")));
    TaskOutcome t = AddressRuns.fold(GROUP, one).outcomes().getFirst();
    assertThat(t.result().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(t.result().message()).isEqualTo("expected 200, got 503");
  }

  private static CheckResult ok() {
    return CheckResult.success();
  }

  private static Map<String, GroupOutcome> reported(CheckResult a, CheckResult b, CheckResult c) {
    Map<String, GroupOutcome> m = new LinkedHashMap<>();
    m.put("10.0.0.1", outcome("10.0.0.1", a));
    m.put("10.0.0.2", outcome("10.0.0.2", b));
    m.put("10.0.0.3", outcome("10.0.0.3", c));
    return m;
  }

  private static GroupOutcome outcome(String address, CheckResult first) {
    return new GroupOutcome(7, T, T.plusMillis(20), List.of(new TaskOutcome(1, first),
        new TaskOutcome(2, CheckResult.success())), new ProbePeer(address, 443, null));
  }
}
