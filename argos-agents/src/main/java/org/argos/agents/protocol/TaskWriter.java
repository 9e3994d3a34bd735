package org.argos.agents.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.math.BigInteger;
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
import java.util.function.LongToIntFunction;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.spi.ProbeRequest;
import org.jspecify.annotations.Nullable;
import org.argos.agents.executor.RemoteAgentExecutor;

/**
 * The server's side of task JSON: what {@code GET /api/tasks} answers, written as an Argos 0.9 server writes it, plus
 * our extra keys.
 */
final class TaskWriter {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private TaskWriter() {}

  /** @return one Argos task JSON object per handed-out task, see {@link AgentProtocol#tasks} */
  static List<Map<String, @Nullable Object>> tasks(List<RemoteAgentExecutor.Handed> handed, LongToIntFunction contiguousFailures) {
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
      if (!r.options().isEmpty()) {
        t.put("options", new LinkedHashMap<>(r.options()));
      }
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
   * makes the twin, as ours does ({@link TaskReader#groups}).
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
}
