package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckSpec;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.CheckContext;
import org.junit.jupiter.api.Test;

/** An agent's {@code addresses: all} run with some addresses failing is judged a warning, as it is in-process. */
class AgentReportOfAddressesTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(new TestChecks.Status()), false,
      getClass().getClassLoader());
  private final CheckSpec spec = new CheckSpec("test-status", 200);
  private final CheckContext now = new CheckContext(Instant.parse("2026-12-07T10:00:00Z"));

  @Test
  void aPartialFailureOverAddressesIsAWarning() {
    AgentReport partial = new AgentReport("failure", "1 of 3 addresses failing: 10.0.0.3 connect: refused",
        Map.of("partial", true, "addresses", Map.of("10.0.0.1", "ok", "10.0.0.2", "ok", "10.0.0.3", "critical")));
    assertThat(checks.judgeReport(spec, partial, now).severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void everyAddressFailingAndOtherPartialsKeepTheStatusVerdict() {
    AgentReport all = new AgentReport("failure", "2 of 2 addresses failing: ...",
        Map.of("partial", false, "addresses", Map.of("10.0.0.1", "critical", "10.0.0.2", "critical")));
    assertThat(checks.judgeReport(spec, all, now).severity()).isEqualTo(Severity.CRITICAL);
    AgentReport locations = new AgentReport("failure", "expected 200, got 503",
        Map.of("partial", true, "locations", Map.of("par1", "critical", "fra1", "ok")));
    assertThat(checks.judgeReport(spec, locations, now).severity()).isEqualTo(Severity.CRITICAL);
  }
}
