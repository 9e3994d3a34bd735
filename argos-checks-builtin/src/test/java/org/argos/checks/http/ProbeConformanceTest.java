package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.argos.checks.http.HttpConformance.Case;
import org.argos.checks.http.HttpConformance.Outcome;
import org.argos.checks.http.HttpConformance.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our probe reads every conformance case as curl does: the same status, headers (as curl shows them), body (as
 * {@code curl --compressed} delivers it), hops and headers sent on each hop, and success or failure. A case that
 * deviates on purpose says why ({@link HttpConformance.Deviation}); curl's verdicts are in {@code curl-verdicts.json},
 * kept true by {@link CurlReferenceTest}.
 */
class ProbeConformanceTest {
  private static HttpProbe probe;

  @BeforeAll
  static void start() {
    probe = HttpProbe.builder().build();
  }

  @AfterAll
  static void stop() {
    probe.close();
  }

  @Test
  void theProbeGivesCurlsVerdictOnEveryCase() throws Exception {
    List<Case> cases = ConformanceCases.all();
    Map<String, Verdict> table = HttpConformance.readTable();
    List<String> differ = new ArrayList<>();
    int deviations = 0;
    try (HttpConformance.Server server = new HttpConformance.Server(cases)) {
      for (Case c : cases) {
        Verdict curl = table.get(c.name());
        assertThat(curl).as("curl's verdict on " + c.name() + " (record it: see CurlReferenceTest)").isNotNull();
        Outcome expected = curl.outcome();
        if (c.deviation() != null) {
          deviations++;
          expected = c.deviation().probeOutcome().apply(expected);
          assertThat(expected).as(c.name() + " is marked as a deviation but the probe is expected to match curl")
              .isNotEqualTo(curl.outcome());
        }
        Outcome ours = HttpConformance.probe(probe, server, c);
        if (!expected.ok()) {
          // On an error, which headers curl had stored when it stopped is an accident of its parser: not compared.
          expected = expected.withHeaders(Map.of());
          ours = ours.withHeaders(Map.of());
        }
        if (!ours.equals(expected)) {
          differ.add(c.name() + (curl.exit() == 0 ? "" : " (curl: " + curl.error() + ")") + "\n  expected "
              + HttpConformance.JSON.writeValueAsString(expected) + "\n  probe gave "
              + HttpConformance.JSON.writeValueAsString(ours));
        }
      }
    }
    assertThat(cases).as("conformance cases").hasSizeGreaterThanOrEqualTo(80);
    assertThat(deviations).as("deliberate deviations from curl stay few").isLessThanOrEqualTo(12);
    assertThat(differ).as("cases where the probe does not read the response as curl does").isEmpty();
  }
}
