package org.argos.agents.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckSpec;
import org.junit.jupiter.api.Test;

/** The wire details of the Argos agent protocol, against what the Argos 0.9 server writes. */
class AgentProtocolTest {
  private static String expected(String type, Object parameter) {
    return TaskWriter.expected(CheckSpec.of(type, parameter));
  }

  @Test
  void expectedIsAlwaysTheTextTheArgosServerWrites() {
    assertThat(expected("status-is", 200)).isEqualTo("200");
    assertThat(expected("status-is", 12345678901234L)).isEqualTo("12345678901234");
    assertThat(expected("status-in", List.of(200, 302))).isEqualTo("[200, 302]");
    assertThat(expected("body-contains", "tout va bien")).isEqualTo("tout va bien");
    assertThat(expected("body-contains", "")).isEqualTo("");
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("zeta", "été");
    ordered.put("alpha", Arrays.asList(1.5, null, true, "a\"b\\c\n\u0001\u007f😀"));
    assertThat(expected("json-has", ordered)).as("keys in their order, json.dumps escaping")
        .isEqualTo("{\"zeta\": \"\\u00e9t\\u00e9\", "
            + "\"alpha\": [1.5, null, true, \"a\\\"b\\\\c\\n\\u0001\\u007f\\ud83d\\ude00\"]}");
    assertThat(expected("json-has", Map.of())).isEqualTo("{}");
    assertThat(expected("status-in", List.of())).isEqualTo("[]");
    // a bool is an int in Python: str(True)
    assertThat(expected("header-absent", true)).isEqualTo("True");
    assertThat(expected("response-time", 1500.5)).isEqualTo("1500.5");
  }

  @Test
  void httpToHttpsExpectedHasTheShapesArgosAgentsParse() {
    assertThat(expected("http-to-https", true)).isEqualTo("{\"range\": [300, 400]}");
    assertThat(expected("http-to-https", 301)).isEqualTo("{\"value\": 301}");
    assertThat(expected("http-to-https", 399)).isEqualTo("{\"value\": 399}");
    assertThat(expected("http-to-https", 400)).as("not a 3xx: the default range").isEqualTo("{\"range\": [300, 400]}");
    assertThat(expected("http-to-https", List.of(301, 308))).isEqualTo("{\"list\": [301, 308]}");
    assertThat(expected("http-to-https", Map.of("start", 301, "stop", 309))).isEqualTo("{\"range\": [301, 309]}");
    assertThat(expected("http-to-https", "yes")).isEqualTo("{\"range\": [300, 400]}");
  }

  @Test
  void floatsAreWrittenAsPythonsRepr() {
    assertThat(PythonJson.floatRepr(1.5)).isEqualTo("1.5");
    assertThat(PythonJson.floatRepr(2.0)).isEqualTo("2.0");
    assertThat(PythonJson.floatRepr(-0.0)).isEqualTo("-0.0");
    assertThat(PythonJson.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(PythonJson.floatRepr(1e16)).isEqualTo("1e+16");
    assertThat(PythonJson.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
    assertThat(PythonJson.floatRepr(1.5e300)).isEqualTo("1.5e+300");
    assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(PythonJson.floatRepr(0.00001)).isEqualTo("1e-05");
    assertThat(PythonJson.floatRepr(-2.5e-7)).isEqualTo("-2.5e-07");
    assertThat(PythonJson.floatRepr(Double.NaN)).isEqualTo("NaN");
    assertThat(PythonJson.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  void selectedAtIsANaiveIsoDateTimeWithMicrosecondsOnlyWhenThereAreSome() {
    assertThat(TaskWriter.selectedAt(Instant.parse("2026-12-01T10:00:00Z"))).isEqualTo("2026-12-01T10:00:00");
    assertThat(TaskWriter.selectedAt(Instant.parse("2026-12-01T10:00:00.1Z")))
        .isEqualTo("2026-12-01T10:00:00.100000");
    assertThat(TaskWriter.selectedAt(Instant.parse("2026-12-01T10:00:00.123456789Z")))
        .isEqualTo("2026-12-01T10:00:00.123456");
    assertThat(TaskWriter.selectedAt(Instant.parse("2026-12-01T10:00:00.000000999Z")))
        .isEqualTo("2026-12-01T10:00:00");
  }

  @Test
  void domainHasNoTrailingSlashAndHttpToHttpsTasksCarryThePathsUrl() {
    assertThat(TaskWriter.domain("https://example.org/")).isEqualTo("https://example.org");
    CheckSpec redirect = CheckSpec.of("http-to-https", true);
    assertThat(TaskWriter.taskUrl(redirect, "http://example.org:8443/a", "https://example.org:8443"))
        .isEqualTo("https://example.org:8443/a");
    assertThat(TaskWriter.taskUrl(CheckSpec.of("http-to-https", true), "http://example.org/a", "http://example.org"))
        .isEqualTo("http://example.org/a");
    assertThat(TaskWriter.taskUrl(CheckSpec.of("status-is", 200), "http://example.org/a", "https://example.org"))
        .isEqualTo("http://example.org/a");
  }

  @Test
  void postedResultsAreValidatedWholeAndTheirMessageComesFromTheErrorContext() throws Exception {
    var posted = AgentProtocol.parseResults(Json.MAPPER.readTree("""
        [{"task_id": 1, "status": "failure", "context": {"error_message": "timed out", "error_type": "ReadTimeout",
          "error_details": "Traceback"}},
         {"task_id": 2, "status": "on-check", "context": {"expires_in": 3}, "severity": "ok"},
         {"task_id": 3, "status": "success", "context": null, "message": "fine", "duration_ms": 12},
         {"task_id": 4, "status": "error", "context": {"error": "boom"}}]"""));
    assertThat(posted).extracting(p -> p.report().message())
        .containsExactly("ReadTimeout: timed out", "", "fine", "boom");
    assertThat(posted.get(1).report().status()).isEqualTo("on-check");
    assertThat(posted.get(2).timings().total().toMillis()).isEqualTo(12);
    assertThat(posted.get(0).report().context()).containsEntry("error_details", "Traceback");

    for (String[] bad : new String[][] {
        {"{}", "body"},
        {"[1]", "[0]"},
        {"[{\"status\": \"success\"}]", "[0].task_id"},
        {"[{\"task_id\": 1.5, \"status\": \"success\"}]", "[0].task_id"},
        {"[{\"task_id\": 1, \"status\": \"fine\"}]", "[0].status"},
        {"[{\"task_id\": 1, \"status\": 1}]", "[0].status"},
        {"[{\"task_id\": 1, \"status\": \"success\", \"context\": []}]", "[0].context"},
        {"[{\"task_id\": 1, \"status\": \"success\", \"message\": {}}]", "[0].message"},
        {"[{\"task_id\": 1, \"status\": \"success\"}, {\"task_id\": 1, \"status\": \"failure\"}]", "[1].task_id"}}) {
      assertThatThrownBy(() -> AgentProtocol.parseResults(Json.MAPPER.readTree(bad[0])))
          .as(bad[0])
          .isInstanceOfSatisfying(AgentProtocol.BadPayload.class, e -> assertThat(e.field).isEqualTo(bad[1]));
    }
  }

  @Test
  void ourAgentsSendTheirPeerAndUpstreamAgentsWithoutOneStillParse() throws Exception {
    var peer = new org.argos.api.ProbePeer("10.0.0.5", 443, "ab".repeat(32));
    var run = new org.argos.api.store.GroupOutcome(7, Instant.EPOCH, Instant.EPOCH, List.of(
        new org.argos.api.store.TaskOutcome(1, org.argos.api.CheckResult.failure("connect: timed out")),
        new org.argos.api.store.TaskOutcome(2, org.argos.api.CheckResult.success())), peer);
    String wire = Json.write(AgentProtocol.resultsOf(List.of(run)));
    var posted = AgentProtocol.parseResults(Json.MAPPER.readTree(wire));
    assertThat(posted).extracting(AgentProtocol.Posted::peer).containsExactly(peer, peer);
    // an upstream Argos agent's body: no peer, still a result
    var upstream = AgentProtocol.parseResults(Json.MAPPER.readTree(
        "[{\"task_id\": 1, \"status\": \"success\", \"context\": {}}]"));
    assertThat(upstream.get(0).peer()).isNull();
    assertThatThrownBy(() -> AgentProtocol.parseResults(Json.MAPPER.readTree(
        "[{\"task_id\": 1, \"status\": \"success\", \"peer\": {\"address\": \"10.0.0.5\", \"port\": 70000}}]")))
        .isInstanceOfSatisfying(AgentProtocol.BadPayload.class, e -> assertThat(e.field).isEqualTo("[0].peer"))
        .hasMessageContaining("65535");
  }
}
