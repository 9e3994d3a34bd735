package org.argos.agents.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongToIntFunction;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.RequestData;
import org.argos.api.spi.AgentReport;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.jspecify.annotations.Nullable;
import org.argos.agents.executor.RemoteAgentExecutor;

/**
 * The Argos agent protocol: task JSON handed out by {@code GET /api/tasks} and result JSON posted to
 * {@code POST /api/results}, both directions (server and agent). Tasks are written as an Argos 0.9 server writes them
 * (every field, its type and format, {@code expected} as the server serialises it), so an unmodified Argos agent
 * runs them. Fields Argos does not know are extra keys that Argos agents ignore: {@code expected_json},
 * {@code timeout}, {@code follow_redirects}, {@code max_redirects}, {@code group_id} in tasks; {@code severity},
 * {@code message} and {@code duration_ms} in results.
 */
public final class AgentProtocol {
  /** Argos agents use a fixed 60 s timeout; tasks from an Argos server carry no timeout. */
  static final Duration ARGOS_TIMEOUT = Duration.ofSeconds(60);

  /** The statuses an Argos agent posts ({@code on-check}: the server finishes the check). */
  static final List<String> STATUSES = List.of("success", "failure", "error", "on-check");

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private AgentProtocol() {}

  /** @return one Argos task JSON object per handed-out task */
  public static List<Map<String, @Nullable Object>> tasks(List<RemoteAgentExecutor.Handed> handed, LongToIntFunction contiguousFailures) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (RemoteAgentExecutor.Handed h : handed) {
      ClaimedGroup g = h.group();
      ProbeRequest r = g.request();
      String requestData = requestData(r.requestData());
      String url = taskUrl(h.task().check(), r.url(), g.domain());
      Map<String, @Nullable Object> t = new LinkedHashMap<>();
      t.put("id", h.task().taskId());
      t.put("url", url);
      t.put("domain", domain(g.domain()));
      t.put("ip_version", r.ipVersion().label());
      t.put("check", h.task().check().type());
      t.put("method", r.method());
      t.put("request_data", requestData);
      t.put("expected", expected(h.task().check()));
      t.put("task_group", taskGroup(r.method(), r.ipVersion(), url, requestData));
      t.put("retry_before_notification", g.policy().retryBeforeNotification());
      t.put("contiguous_failures", contiguousFailures.applyAsInt(h.task().taskId()));
      t.put("selected_at", selectedAt(h.at()));
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

  /** A site's domain as Argos sends it: the base URL without a trailing {@code /}. */
  static String domain(String domain) {
    String d = domain;
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }

  /**
   * When the task was handed out, as the Argos server writes it: a naive ISO date-time (no offset), with microseconds
   * only when there are some, as Python's {@code datetime.isoformat()} and pydantic write it. Ours is in UTC.
   */
  static String selectedAt(Instant at) {
    LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    int micros = t.getNano() / 1000;
    return SECONDS.format(t) + (micros == 0 ? "" : "." + String.format(Locale.ROOT, "%06d", micros));
  }

  /**
   * A check's parameter as the Argos server serialises it into a task's {@code expected}: always a string. An
   * integer is its decimal text (a boolean is Python's {@code True} or {@code False}: an int there), a list or a map
   * is JSON as {@code json.dumps} writes it, a string stays as it is. {@code http-to-https} is special: a 3xx code
   * becomes {@code {"value": 301}}, a list {@code {"list": [...]}}, a {@code {start, stop}} map
   * {@code {"range": [start, stop]}}, anything else (true included) {@code {"range": [300, 400]}}; the agent parses
   * that text.
   */
  static String expected(CheckSpec check) {
    Object p = check.parameter();
    if (check.type().equals("http-to-https")) {
      Map<String, @Nullable Object> shape = new LinkedHashMap<>();
      if (p != null && PythonJson.isInteger(p) && new BigInteger(p.toString()).compareTo(BigInteger.valueOf(300)) >= 0
          && new BigInteger(p.toString()).compareTo(BigInteger.valueOf(400)) < 0) {
        shape.put("value", p);
      } else if (p instanceof List<?> list) {
        shape.put("list", list);
      } else if (p instanceof Map<?, ?> m && m.containsKey("start") && m.containsKey("stop")) {
        shape.put("range", java.util.Arrays.asList(m.get("start"), m.get("stop")));
      } else {
        shape.put("range", List.of(300, 400));
      }
      return PythonJson.dumps(shape);
    }
    if (p instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (p instanceof String s) {
      return s;
    }
    if (p != null && PythonJson.isInteger(p)) {
      return p.toString();
    }
    if (p instanceof Number n) {
      return PythonJson.floatRepr(n.doubleValue());
    }
    return PythonJson.dumps(p);
  }

  /**
   * Argos writes request data as the JSON text of {@code {"data", "json", "headers"}} ({@code json.dumps}), or null
   * when there is none.
   */
  static @Nullable String requestData(RequestData d) {
    if (d.isEmpty() && !d.json()) {
      return null;
    }
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("data", d.data());
    m.put("json", d.json());
    m.put("headers", d.headers().isEmpty() ? null : new LinkedHashMap<>(d.headers()));
    return PythonJson.dumps(m);
  }

  /**
   * The URL an Argos server sends for a task: the path's. Our engine plans an {@code http-to-https} check on the
   * {@code http://} twin of an https site's path (the check's own request); Argos sends the https URL and its agent
   * makes the twin, as ours does ({@link #groups}).
   */
  static String taskUrl(CheckSpec check, String url, String domain) {
    if (check.type().equals("http-to-https") && domain.regionMatches(true, 0, "https://", 0, 8)
        && url.regionMatches(true, 0, "http://", 0, 7)) {
      return "https://" + url.substring(7);
    }
    return url;
  }

  /** Argos' group key: method, IP version, URL and the MD5 of the request data text (of "" when there is none). */
  static String taskGroup(String method, IpVersion ipVersion, String url, @Nullable String requestData) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest((requestData == null ? "" : requestData)
          .getBytes(StandardCharsets.UTF_8));
      return method + "-" + ipVersion.label() + "-" + url + "-" + HexFormat.of().formatHex(md5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // -------------------------------------------------------------------------------------------- agent side

  /**
   * Rebuilds claimed groups from task JSON, one per distinct request, so that each request is made once for all its
   * checks. Each task's request is what its check asks for ({@code requestFor}): an Argos server sends the path's URL
   * for {@code http-to-https}, and the check probes its {@code http://} twin.
   *
   * @param requestFor the request a check needs, given the task's
   * @throws IllegalArgumentException naming the task and field when a task is malformed
   */
  public static List<ClaimedGroup> groups(JsonNode tasks, Instant now,
      BiFunction<CheckSpec, ProbeRequest, ProbeRequest> requestFor) {
    if (!tasks.isArray()) {
      throw new IllegalArgumentException("expected a JSON array of tasks, got " + tasks.getNodeType());
    }
    Map<ProbeRequest, List<TaskRef>> byRequest = new LinkedHashMap<>();
    Map<ProbeRequest, JsonNode> firstOf = new LinkedHashMap<>();
    for (JsonNode t : tasks) {
      if (!t.path("id").canConvertToLong()) {
        throw new IllegalArgumentException("task without a numeric id: " + t);
      }
      String url = text(t, "url");
      Duration timeout = t.hasNonNull("timeout") ? Duration.ofMillis(Math.round(t.get("timeout").asDouble() * 1000))
          : ARGOS_TIMEOUT;
      ProbeRequest base = new ProbeRequest(url, t.path("method").asText("GET").toUpperCase(Locale.ROOT),
          parseRequestData(t.get("request_data")), "6".equals(t.path("ip_version").asText("4")) ? IpVersion.IPV6
          : IpVersion.IPV4, timeout, t.path("follow_redirects").asBoolean(false), t.path("max_redirects").asInt(10));
      String check = text(t, "check");
      CheckSpec spec = new CheckSpec(check, parameter(check, t));
      ProbeRequest request = requestFor.apply(spec, base);
      byRequest.computeIfAbsent(request, k -> new ArrayList<>()).add(new TaskRef(t.get("id").asLong(), spec));
      firstOf.putIfAbsent(request, t);
    }
    List<ClaimedGroup> out = new ArrayList<>();
    long synthetic = 0;
    for (Map.Entry<ProbeRequest, List<TaskRef>> e : byRequest.entrySet()) {
      JsonNode first = firstOf.get(e.getKey());
      long groupId = first.path("group_id").canConvertToLong() ? first.get("group_id").asLong() : --synthetic;
      String domain = first.path("domain").asText(e.getKey().url());
      out.add(new ClaimedGroup(groupId, domain, e.getKey(), new SchedulePolicy(Duration.ofMinutes(5), null,
          first.path("retry_before_notification").asInt(0)), now, now.plus(e.getKey().timeout()), e.getValue()));
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

  /** Checks whose {@code expected} an Argos server sends as the text the user wrote. */
  private static final java.util.Set<String> TEXT_EXPECTED = java.util.Set.of("body-contains", "body-like", "json-is",
      "ssl-certificate-expiration");

  /**
   * A task's check parameter: our server's exact {@code expected_json}, else the {@code expected} text read as an Argos
   * server writes it for that check.
   */
  static @Nullable Object parameter(String check, JsonNode t) {
    try {
      if (t.hasNonNull("expected_json")) {
        return Json.MAPPER.treeToValue(Json.MAPPER.readTree(t.get("expected_json").asText()), Object.class);
      }
    } catch (JsonProcessingException e) {
      // fall back to expected
    }
    String expected = t.path("expected").asText("");
    if (TEXT_EXPECTED.contains(check)) {
      return expected;
    }
    Object parsed = parseJson(expected);
    if (check.equals("http-to-https") && parsed instanceof Map<?, ?> shape) {
      if (shape.get("value") instanceof Number n) {
        return n;
      }
      if (shape.get("list") instanceof List<?> list) {
        return list;
      }
      if (shape.get("range") instanceof List<?> range && range.size() == 2) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("start", range.get(0));
        m.put("stop", range.get(1));
        return m;
      }
      return true;
    }
    if (parsed instanceof Boolean && check.equals("http-to-https")) {
      return parsed;
    }
    return parsed != null ? parsed : expected;
  }

  /** @return the JSON value of a text that is JSON (not a bare string), else null */
  private static @Nullable Object parseJson(String text) {
    String s = text.trim();
    if (s.isEmpty() || s.equals("null")) {
      return null;
    }
    char c = s.charAt(0);
    if (c != '[' && c != '{' && c != '-' && !Character.isDigit(c) && !s.equals("true") && !s.equals("false")) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(s, Object.class);
    } catch (JsonProcessingException e) {
      return null;
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
  public static List<Map<String, @Nullable Object>> results(List<TaskOutcome> outcomes) {
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
  public static final class BadPayload extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final String field;

    BadPayload(String field, String message) {
      super(field + ": " + message);
      this.field = field;
    }
  }

  /**
   * One posted result: the task it is for and what the agent reported, before the task's check judges it, and how
   * long the agent's probe took when it says ({@code duration_ms}, sent by our agents).
   */
  public record Posted(long taskId, AgentReport report, @Nullable ProbeTimings timings) {}

  /**
   * Parses posted results. Validates everything before returning, so a bad entry changes nothing. A result's
   * {@code severity} is ignored: the task's check judges the report ({@link org.argos.api.spi.Check#judgeReport}).
   * Its message is the agent's {@code message}, else an Argos agent's error context ({@code error_type:
   * error_message}), else a context {@code error} text.
   *
   * @throws BadPayload naming the field
   */
  public static List<Posted> parseResults(@Nullable JsonNode body) {
    if (body == null || !body.isArray()) {
      throw new BadPayload("body", "expected a JSON array of {task_id, status, context}");
    }
    List<Posted> out = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode r = body.get(i);
      String at = "[" + i + "]";
      if (!r.isObject()) {
        throw new BadPayload(at, "expected an object {task_id, status, context}");
      }
      if (!r.path("task_id").canConvertToLong() || !r.get("task_id").isIntegralNumber()) {
        throw new BadPayload(at + ".task_id", "expected an integer task id");
      }
      String status = r.path("status").isTextual() ? r.get("status").asText() : "";
      if (!STATUSES.contains(status)) {
        throw new BadPayload(at + ".status", "expected success, failure, error or on-check, got " + r.path("status"));
      }
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
      if (r.has("message") && !r.get("message").isNull() && !r.get("message").isTextual()) {
        throw new BadPayload(at + ".message", "expected a string");
      }
      long id = r.get("task_id").asLong();
      if (!seen.add(id)) {
        throw new BadPayload(at + ".task_id", "task " + id + " has two results in this request");
      }
      ProbeTimings timings = null;
      JsonNode took = r.get("duration_ms");
      if (took != null && took.isNumber() && took.asDouble() >= 0 && took.asDouble() < 86_400_000d) {
        timings = ProbeTimings.ofTotal(Duration.ofMillis(took.asLong()));
      }
      AgentReport report = new AgentReport(status, message(r.path("message").asText(""), context), context);
      out.add(new Posted(id, report, timings));
    }
    return out;
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
