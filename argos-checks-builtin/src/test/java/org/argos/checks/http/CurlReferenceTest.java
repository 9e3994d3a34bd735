package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.argos.checks.http.HttpConformance.Case;
import org.argos.checks.http.HttpConformance.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code curl-verdicts.json} true to the reference: runs the real curl on every conformance case and checks it
 * still gives the recorded verdict. curl must be installed ({@code scripts/ensure-curl}); without it this test fails.
 *
 * <p>To record the table anew (after adding a case): {@code -Dargos.conformance.record=<path of curl-verdicts.json>}.
 */
class CurlReferenceTest {
  @Test
  void curlGivesTheRecordedVerdictOnEveryCase(@TempDir Path work) throws Exception {
    assertThat(Files.isExecutable(Paths.get(HttpConformance.CURL)))
        .as("curl is the reference of the HTTP conformance suite: install it (scripts/ensure-curl, or apt-get install"
            + " curl)")
        .isTrue();
    List<Case> cases = ConformanceCases.all();
    Map<String, Verdict> seen = new TreeMap<>();
    try (HttpConformance.Server server = new HttpConformance.Server(cases)) {
      for (Case c : cases) {
        seen.put(c.name(), HttpConformance.curl(server, c, work));
      }
    }
    String record = System.getProperty("argos.conformance.record");
    if (record != null && !record.isBlank()) {
      HttpConformance.writeTable(Paths.get(record), seen);
    }
    Map<String, Verdict> table = HttpConformance.readTable();
    List<String> drift = new ArrayList<>();
    for (Case c : cases) {
      Verdict recorded = table.get(c.name());
      Verdict now = seen.get(c.name());
      if (recorded == null) {
        drift.add(c.name() + ": no verdict recorded; curl gives " + HttpConformance.JSON.writeValueAsString(now));
      } else if (recorded.exit() != now.exit() || !recorded.outcome().equals(now.outcome())) {
        drift.add(c.name() + ": recorded " + HttpConformance.JSON.writeValueAsString(recorded) + "\n  curl now gives "
            + HttpConformance.JSON.writeValueAsString(now));
      }
    }
    assertThat(table.keySet()).as("verdicts recorded for cases that no longer exist")
        .isSubsetOf(cases.stream().map(Case::name).toList());
    assertThat(drift).as("cases where " + curlVersion() + " no longer gives the recorded verdict").isEmpty();
  }

  private static String curlVersion() {
    try {
      Process p = new ProcessBuilder(HttpConformance.CURL, "--version").start();
      String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("curl");
      p.waitFor();
      return first;
    } catch (Exception e) {
      return "curl";
    }
  }
}
