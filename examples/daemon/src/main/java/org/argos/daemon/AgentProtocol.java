package org.argos.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongToIntFunction;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.ClaimedGroup;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.SchedulePolicy;
import org.argos.api.spi.TaskOutcome;
import org.argos.api.spi.TaskRef;
import org.jspecify.annotations.Nullable;

/**
 * The Argos agent protocol: task JSON handed out by {@code GET /api/tasks} and result JSON posted to
 * {@code POST /api/results}, both directions (server and agent). Fields Argos does not know are extra keys that Argos
 * agents ignore: {@code expected_json}, {@code timeout}, {@code follow_redirects}, {@code max_redirects},
 * {@code group_id} in tasks; {@code severity} and {@code message} in results.
 */
final class AgentProtocol {
  /** Argos agents use a fixed 60 s timeout; tasks from an Argos server carry no timeout. */
  static final Duration ARGOS_TIMEOUT = Duration.ofSeconds(60);

  private AgentProtocol() {}

  /** @return one Argos task JSON object per handed-out task */
  static List<Map<String, @Nullable Object>> tasks(List<RemoteAgentExecutor.Handed> handed, LongToIntFunction contiguousFailures) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (RemoteAgentExecutor.Handed h : handed) {
      ClaimedGroup g = h.group();
      ProbeRequest r = g.request();
      Map<String, @Nullable Object> t = new LinkedHashMap<>();
      t.put("id", h.task().taskId());
      t.put("url", r.url());
      t.put("domain", g.domain());
      t.put("ip_version", r.ipVersion().label());
      t.put("check", h.task().check().type());
      t.put("method", r.method());
      t.put("request_data", requestData(r.requestData()));
      t.put("expected", h.task().check().expected());
      t.put("task_group", taskGroup(r));
      t.put("retry_before_notification", g.policy().retryBeforeNotification());
      t.put("contiguous_failures", contiguousFailures.applyAsInt(h.task().taskId()));
      t.put("selected_at", h.at().toString());
      t.put("selected_by", h.agent());
      t.put("expected_json", RemoteAgentExecutor.canonical(h.task().check().parameter()));
      t.put("timeout", r.timeout().toMillis() / 1000.0);
      t.put("follow_redirects", r.followRedirects());
      t.put("max_redirects", r.maxRedirects());
      t.put("group_id", g.groupId());
      out.add(t);
    }
    return out;
  }

  /** Argos writes request data as a JSON string, or null when there is none. */
  static @Nullable String requestData(RequestData d) {
    if (d.isEmpty() && !d.json()) {
      return null;
    }
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("data", d.data());
    m.put("json", d.json());
    m.put("headers", d.headers().isEmpty() ? null : new LinkedHashMap<>(d.headers()));
    return Json.write(m);
  }

  /** Argos' group key: method, IP version, URL and a digest of the request data. */
  static String taskGroup(ProbeRequest r) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(r.requestData().canonical().getBytes(StandardCharsets.UTF_8));
      return r.method() + "-" + r.ipVersion().label() + "-" + r.url() + "-" + HexFormat.of().formatHex(md5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // -------------------------------------------------------------------------------------------- agent side

  /**
   * Rebuilds claimed groups from task JSON, one per task group, so that each request is made once for all its checks.
   *
   * @throws IllegalArgumentException naming the task and field when a task is malformed
   */
  static List<ClaimedGroup> groups(JsonNode tasks, Instant now) {
    if (!tasks.isArray()) {
      throw new IllegalArgumentException("expected a JSON array of tasks, got " + tasks.getNodeType());
    }
    Map<String, List<JsonNode>> byGroup = new LinkedHashMap<>();
    for (JsonNode t : tasks) {
      String key = t.path("task_group").asText(t.path("url").asText() + "-" + t.path("method").asText("GET") + "-"
          + t.path("ip_version").asText("4"));
      byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
    }
    List<ClaimedGroup> out = new ArrayList<>();
    long synthetic = 0;
    for (List<JsonNode> group : byGroup.values()) {
      JsonNode first = group.get(0);
      String url = text(first, "url");
      Duration timeout = first.hasNonNull("timeout") ? Duration.ofMillis(Math.round(first.get("timeout").asDouble() * 1000))
          : ARGOS_TIMEOUT;
      ProbeRequest request = new ProbeRequest(url, first.path("method").asText("GET").toUpperCase(Locale.ROOT),
          parseRequestData(first.get("request_data")), "6".equals(first.path("ip_version").asText("4")) ? IpVersion.IPV6
          : IpVersion.IPV4, timeout, first.path("follow_redirects").asBoolean(false), first.path("max_redirects").asInt(10));
      List<TaskRef> refs = new ArrayList<>();
      for (JsonNode t : group) {
        if (!t.path("id").canConvertToLong()) {
          throw new IllegalArgumentException("task without a numeric id: " + t);
        }
        refs.add(new TaskRef(t.get("id").asLong(), new CheckSpec(text(t, "check"), parameter(t))));
      }
      long groupId = first.path("group_id").canConvertToLong() ? first.get("group_id").asLong() : --synthetic;
      String domain = first.path("domain").asText(url);
      out.add(new ClaimedGroup(groupId, domain, request, new SchedulePolicy(Duration.ofMinutes(5), null,
          first.path("retry_before_notification").asInt(0)), now, now.plus(timeout), refs));
    }
    return out;
  }

  private static String text(JsonNode t, String field) {
    JsonNode v = t.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("task " + t.path("id") + ": field '" + field + "' must be a non-empty string");
    }
    return v.asText();
  }

  private static @Nullable Object parameter(JsonNode t) {
    try {
      if (t.hasNonNull("expected_json")) {
        return Json.MAPPER.treeToValue(Json.MAPPER.readTree(t.get("expected_json").asText()), Object.class);
      }
      String expected = t.path("expected").asText("");
      // Argos writes the parameter as text: JSON for lists and maps, the plain value otherwise.
      if (expected.startsWith("[") || expected.startsWith("{") || expected.matches("-?\\d+") || expected.equals("true")
          || expected.equals("false")) {
        return Json.MAPPER.readValue(expected, Object.class);
      }
      return expected;
    } catch (JsonProcessingException e) {
      return t.path("expected").asText("");
    }
  }

  private static RequestData parseRequestData(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return RequestData.NONE;
    }
    try {
      JsonNode rd = node.isTextual() ? Json.MAPPER.readTree(node.asText()) : node;
      if (rd == null || rd.isNull()) {
        return RequestData.NONE;
      }
      Object data = rd.hasNonNull("data") ? Json.MAPPER.treeToValue(rd.get("data"), Object.class) : null;
      boolean json = rd.path("json").asBoolean(rd.path("is_json").asBoolean(false));
      Map<String, String> headers = new LinkedHashMap<>();
      rd.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
      return new RequestData(data, json, headers);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request_data is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** @return the result JSON objects an agent posts for a group's outcomes */
  static List<Map<String, @Nullable Object>> results(List<TaskOutcome> outcomes) {
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
      out.add(m);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------- server side

  /** A payload field that is not what the protocol expects; the message names it. */
  static final class BadPayload extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    BadPayload(String field, String message) {
      super(field + ": " + message);
      this.field = field;
    }
  }

  /**
   * Parses posted results. Validates everything before returning, so a bad entry changes nothing.
   *
   * @param sslThresholds used for Argos' {@code on-check} status (ssl-certificate-expiration), soonest first
   * @throws BadPayload naming the field
   */
  static Map<Long, CheckResult> parseResults(JsonNode body, List<DaemonConfig.SslThreshold> sslThresholds) {
    if (body == null || !body.isArray()) {
      throw new BadPayload("body", "expected a JSON array of {task_id, status, context}");
    }
    Map<Long, CheckResult> out = new LinkedHashMap<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode r = body.get(i);
      String at = "[" + i + "]";
      if (!r.isObject()) {
        throw new BadPayload(at, "expected an object {task_id, status, context}");
      }
      if (!r.path("task_id").canConvertToLong() || !r.get("task_id").isIntegralNumber()) {
        throw new BadPayload(at + ".task_id", "expected an integer task id");
      }
      String status = r.path("status").asText("");
      Map<String, @Nullable Object> context = new LinkedHashMap<>();
      JsonNode ctx = r.get("context");
      if (ctx != null && !ctx.isNull()) {
        if (!ctx.isObject()) {
          throw new BadPayload(at + ".context", "expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> c = Json.MAPPER.convertValue(ctx, Map.class);
        context.putAll(c);
      }
      Severity severity = null;
      if (r.hasNonNull("severity")) {
        try {
          severity = Severity.fromLabel(r.get("severity").asText());
        } catch (IllegalArgumentException e) {
          throw new BadPayload(at + ".severity", e.getMessage());
        }
      }
      ResultStatus rs;
      switch (status) {
        case "success" -> rs = ResultStatus.SUCCESS;
        case "failure" -> rs = ResultStatus.FAILURE;
        case "error" -> rs = ResultStatus.ERROR;
        case "on-check" -> {
          if (severity == null) {
            severity = sslSeverity(context, sslThresholds, at);
          }
          rs = severity == Severity.OK ? ResultStatus.SUCCESS : ResultStatus.FAILURE;
        }
        default -> throw new BadPayload(at + ".status", "expected success, failure, error or on-check, got '" + status + "'");
      }
      String message = r.path("message").asText("");
      if (message.isEmpty() && context.get("error") instanceof String s) {
        message = s;
      }
      long id = r.get("task_id").asLong();
      if (out.containsKey(id)) {
        throw new BadPayload(at + ".task_id", "task " + id + " has two results in this request");
      }
      out.put(id, new CheckResult(rs, severity != null ? severity : rs.defaultSeverity(), message, context, null));
    }
    return out;
  }

  private static Severity sslSeverity(Map<String, @Nullable Object> context, List<DaemonConfig.SslThreshold> thresholds, String at) {
    if (!(context.get("expires_in") instanceof Number days)) {
      throw new BadPayload(at + ".context.expires_in", "an on-check result needs expires_in (days) or a severity");
    }
    Duration left = Duration.ofMillis(Math.round(days.doubleValue() * 86_400_000L));
    for (DaemonConfig.SslThreshold t : thresholds) {
      if (left.compareTo(t.before()) < 0) {
        return t.severity();
      }
    }
    return Severity.OK;
  }
}
