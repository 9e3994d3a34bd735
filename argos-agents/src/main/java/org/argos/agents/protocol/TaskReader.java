package org.argos.agents.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskRef;
import org.jspecify.annotations.Nullable;

/** The agent's side of task JSON: claimed groups rebuilt from what a server handed out, ours or Argos'. */
final class TaskReader {
  /** Argos agents use a fixed 60 s timeout; tasks from an Argos server carry no timeout. */
  static final Duration ARGOS_TIMEOUT = Duration.ofSeconds(60);

  private TaskReader() {}

  /**
   * Rebuilds claimed groups from task JSON, one per distinct request, so that each request is made once for all its
   * checks. Each task's request is what its check asks for ({@code requestFor}): an Argos server sends the path's URL
   * for {@code http-to-https}, and the check probes its {@code http://} twin.
   *
   * @param requestFor the request a check needs, given the task's
   * @throws IllegalArgumentException naming the task and field when a task is malformed
   */
  static List<ClaimedGroup> groups(JsonNode tasks, Instant now,
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
      if (t.path("options").isObject()) {
        base = base.withOptions(options(t));
      }
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

  /** Our extra key: the probe options of a non-HTTP request (bounded by {@link ProbeRequest}). */
  private static java.util.SortedMap<String, String> options(JsonNode t) {
    java.util.SortedMap<String, String> o = new java.util.TreeMap<>();
    var fields = t.get("options").fields();
    while (fields.hasNext() && o.size() <= ProbeRequest.MAX_OPTIONS) {
      var f = fields.next();
      if (!f.getValue().isTextual()) {
        throw new IllegalArgumentException("task " + t.path("id") + ": option '" + f.getKey() + "' must be a string");
      }
      o.put(f.getKey(), f.getValue().asText());
    }
    return o;
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
}
