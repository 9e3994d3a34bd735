package org.argos.agents.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.AgentReport;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Result JSON both ways: what an agent posts to {@code POST /api/results} for its outcomes, and the server's reading
 * of it, validated before anything is recorded.
 */
final class ResultJson {
  /** The statuses an Argos agent posts ({@code on-check}: the server finishes the check). */
  static final List<String> STATUSES = List.of("success", "failure", "error", "on-check");

  private ResultJson() {}

  /** @return the result JSON objects an agent posts for a group's outcomes */
  static List<Map<String, @Nullable Object>> results(List<TaskOutcome> outcomes, @Nullable ProbePeer peer) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (TaskOutcome o : outcomes) {
      CheckResult r = o.result();
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("task_id", o.taskId());
      m.put("status", r.status().label());
      m.put("context", r.context());
      m.put("severity", r.severity().label());
      m.put("message", r.message());
      if (r.timings() != null) {
        m.put("duration_ms", r.timings().total().toMillis());
      }
      if (peer != null) { // an extra field: the upstream server ignores it
        Map<String, @Nullable Object> pm = new LinkedHashMap<>();
        pm.put("address", peer.address());
        pm.put("port", peer.port());
        pm.put("cert_sha256", peer.certSha256());
        m.put("peer", pm);
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Parses posted results. Validates everything before returning, so a bad entry changes nothing. A result's
   * {@code severity} is ignored: the task's check judges the report ({@link org.argos.api.spi.Check#judgeReport}).
   * Its message is the agent's {@code message}, else an Argos agent's error context ({@code error_type:
   * error_message}), else a context {@code error} text.
   *
   * @throws AgentProtocol.BadPayload naming the field
   */
  static List<AgentProtocol.Posted> parseResults(@Nullable JsonNode body) {
    if (body == null || !body.isArray()) {
      throw new AgentProtocol.BadPayload("body", "expected a JSON array of {task_id, status, context}");
    }
    List<AgentProtocol.Posted> out = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode r = body.get(i);
      String at = "[" + i + "]";
      if (!r.isObject()) {
        throw new AgentProtocol.BadPayload(at, "expected an object {task_id, status, context}");
      }
      if (!r.path("task_id").canConvertToLong() || !r.get("task_id").isIntegralNumber()) {
        throw new AgentProtocol.BadPayload(at + ".task_id", "expected an integer task id");
      }
      String status = r.path("status").isTextual() ? r.get("status").asText() : "";
      if (!STATUSES.contains(status)) {
        throw new AgentProtocol.BadPayload(at + ".status", "expected success, failure, error or on-check, got " + r.path("status"));
      }
      Map<String, @Nullable Object> context = new LinkedHashMap<>();
      JsonNode ctx = r.get("context");
      if (ctx != null && !ctx.isNull()) {
        if (!ctx.isObject()) {
          throw new AgentProtocol.BadPayload(at + ".context", "expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> c = Json.MAPPER.convertValue(ctx, Map.class);
        context.putAll(c);
      }
      if (r.has("message") && !r.get("message").isNull() && !r.get("message").isTextual()) {
        throw new AgentProtocol.BadPayload(at + ".message", "expected a string");
      }
      long id = r.get("task_id").asLong();
      if (!seen.add(id)) {
        throw new AgentProtocol.BadPayload(at + ".task_id", "task " + id + " has two results in this request");
      }
      ProbeTimings timings = null;
      JsonNode took = r.get("duration_ms");
      if (took != null && took.isNumber() && took.asDouble() >= 0 && took.asDouble() < 86_400_000d) {
        timings = ProbeTimings.ofTotal(Duration.ofMillis(took.asLong()));
      }
      AgentReport report = new AgentReport(status, message(r.path("message").asText(""), context), context);
      out.add(new AgentProtocol.Posted(id, report, timings, peer(r.get("peer"), at + ".peer")));
    }
    return out;
  }

  /** The optional {@code peer} our agents send: {address, port, cert_sha256}; absent or null from upstream agents. */
  private static @Nullable ProbePeer peer(@Nullable JsonNode p, String at) {
    if (p == null || p.isNull()) {
      return null;
    }
    if (!p.isObject() || !p.path("address").isTextual() || !p.path("port").isIntegralNumber()
        || !(p.path("cert_sha256").isMissingNode() || p.path("cert_sha256").isNull() || p.path("cert_sha256").isTextual())) {
      throw new AgentProtocol.BadPayload(at, "expected {address: string, port: integer, cert_sha256: string or null}");
    }
    try {
      return new ProbePeer(p.get("address").asText(), p.get("port").asInt(),
          p.path("cert_sha256").isTextual() ? p.get("cert_sha256").asText() : null);
    } catch (org.argos.api.InvalidValueException e) {
      throw new AgentProtocol.BadPayload(at, e.getMessage());
    }
  }

  /** The line shown for a result: the agent's message, else what its error context says. */
  static String message(String posted, Map<String, @Nullable Object> context) {
    if (!posted.isBlank()) {
      return posted;
    }
    Object type = context.get("error_type");
    Object message = context.get("error_message");
    if (message instanceof String m && !m.isBlank()) {
      return type instanceof String t && !t.isBlank() ? t + ": " + m : m;
    }
    if (type instanceof String t && !t.isBlank()) {
      return t;
    }
    if (context.get("error") instanceof String e) {
      return e;
    }
    return "";
  }
}
