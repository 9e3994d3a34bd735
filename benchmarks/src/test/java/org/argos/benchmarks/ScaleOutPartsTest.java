package org.argos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small parts the agent and nodes modes rest on: what a forked node reports, and the load line. */
class ScaleOutPartsTest {
  @Test
  void aNodesLagsSurviveTheTripThroughItsReportLine() {
    LagHistogram node = new LagHistogram();
    for (int i = 0; i < 98; i++) {
      node.record(5);
    }
    node.record(700);
    node.record(90_000); // past the last bucket: counted there, the max kept
    LagHistogram merged = new LagHistogram();
    merged.record(5);
    merged.add(node.sparse());
    merged.add("");

    assertThat(node.sparse()).isEqualTo("5:98,700:1,60000:1");
    assertThat(merged.count()).isEqualTo(101);
    assertThat(merged.percentile(0.98)).isEqualTo(5);
    assertThat(merged.percentile(0.99)).isEqualTo(700);
    assertThat(merged.max()).isEqualTo(60_000);
  }

  @Test
  void theCpuOfProcessesIsTheirGrowthAndANewProcessCountsFromZero() {
    assertThat(DbCounters.cpuSince(Map.of(1L, 100L, 2L, 50L), Map.of(1L, 160L, 3L, 30L))).isEqualTo(90);
    // this JVM's own CPU from /proc, as the agents' and PostgreSQL's are read
    assertThat(ProcessMeter.cpuNanosOf(ProcessHandle.current().pid())).isPositive();
    assertThat(ProcessMeter.cpuNanosOf(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void aBusyMachineIsSaidAndAQuietOneIsNot() {
    Report busy = new Report();
    MachineLoad.note(busy, "0.51 0.2 0.1");
    Report quiet = new Report();
    MachineLoad.note(quiet, "0.50 3.0 3.0");

    assertThat(busy.markdown()).contains("before the run (1, 5, 15 min, as `uptime`): 0.51 0.2 0.1.",
        "**WARNING: the machine was not quiet before the run (1-minute load 0.51 > 0.5)");
    assertThat(quiet.markdown()).contains("0.50 3.0 3.0").doesNotContain("WARNING");
    assertThatThrownBy(() -> MachineLoad.note(new Report(), "high"))
        .hasMessageContaining("--load-before: expected three numbers");
  }
}
