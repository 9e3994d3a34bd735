package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.store.StoredResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays what an unmodified Argos 0.9 agent sends to a running daemon, byte for byte where it matters, and checks
 * what the agent must receive: every task field with its type and format, {@code expected} as the Argos server
 * serialises it for each check type (and readable by the agent's own parsing), {@code 201 {"result_ids"}} naming the
 * new result rows, severities as the Argos server finalises them, and results attributed to the agent.
 */
class UpstreamAgentReplayTest {
  private static final String AGENT = "argos-agent-host";
  private static final String TRANSPORT = "{\"error_message\": \"All connection attempts failed\", "
      + "\"error_type\": \"ConnectError\", \"error_details\": \"Traceback (most recent call last):\\n  File "
      + "\\\"/usr/lib/python3/dist-packages/httpx/_transports/default.py\\\", line 72, in "
      + "map_httpcore_exceptions\\n    yield\\nhttpx.ConnectError: All connection attempts failed\\n\"}";
  private static final String CRASH = "{\"error_message\": \"'NoneType' object has no attribute 'lower'\", "
      + "\"error_type\": \"AttributeError\", \"error_details\": \"Traceback (most recent call last):\\n"
      + "AttributeError: 'NoneType' object has no attribute 'lower'\\n\"}";

  /** What Python's json.loads reads, and no more (no comments, no trailing commas, no single quotes). */
  private static final ObjectMapper PYTHON_JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @TempDir Path dir;
  Server server;
  String database;

  /** Starts the daemon on the given store: the in-memory one, the embedded H2 one, or a new PostgreSQL database. */
  private void start(String store) throws Exception {
    String url = switch (store) {
      case "memory" -> "memory";
      case "h2" -> "h2:" + dir.resolve("argos").toAbsolutePath();
      default -> {
        database = "argos_replay_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestPostgres.admin("CREATE DATABASE " + database);
        yield "postgresql://postgres@127.0.0.1:5432/" + database;
      }
    };
    String yaml = """
        general:
          db:
            url: "%s"
          frequency: "10m"
          ipv6: false
          unauthenticated_access: all
          alerts:
            ok: [local]
            warning: [local]
            critical: [local]
            unknown: [local]
        service:
          secrets: [%s]
        ssl:
          thresholds:
            - "2d": critical
            - "10d": warning
        argos_java:
          first_run_spread: 0
          probing: agents
          agent_grace: 5m
        websites:
          - domain: "https://a.example/"
            paths:
              - path: "/"
                checks:
                  - status-is: 200
                  - status-in: [200, 302]
                  - body-contains: "café ok"
                  - body-like: "ok\\\\s*$"
                  - headers-contain: [content-type, x-frame-options]
                  - headers-have: {content-type: "text/html; charset=é"}
                  - headers-like: {server: "^nginx"}
                  - ssl-certificate-expiration: "on-check"
                  - http-to-https: true
              - path: "/api"
                checks:
                  - json-contains: ["/status", "/data/0"]
                  - json-has: {"/status": "ok", "/price": 1.5, "/big": 1.0e+16}
                  - json-like: {"/version": "^2\\\\."}
                  - json-is: '{"status": "ok"}'
              - path: "/301"
                checks:
                  - http-to-https: 301
              - path: "/range"
                checks:
                  - http-to-https: {start: 301, stop: 309}
              - path: "/list"
                checks:
                  - http-to-https: [301, 308]
              - path: "/form"
                method: POST
                request_data:
                  data: {q: "x"}
                  headers: {X-Test: "1"}
                checks:
                  - status-is: 201
              - path: "/json"
                method: POST
                request_data:
                  data: {a: [1, 2]}
                  is_json: true
                checks:
                  - status-is: 200
          - domain: "https://b.example"
            paths:
              - path: "/"
                checks:
                  - status-is: 200
                  - ssl-certificate-expiration: "on-check"
        """.formatted(url, TestServers.TOKEN);
    server = TestServers.start(TestServers.write(dir, yaml));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      TestPostgres.admin("DROP DATABASE IF EXISTS " + database);
    }
  }

  private String api(String path) {
    return TestServers.base(server) + path;
  }

  private static String md5(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** The key of a task in this test: its URL and check (each pair is unique in the config). */
  private static String key(JsonNode t) {
    return t.path("url").asText() + " " + t.path("check").asText();
  }

  @ParameterizedTest(name = "store: {0}")
  @ValueSource(strings = {"memory", "h2", "postgresql"})
  void anArgosAgentGetsTasksItCanRunAndItsResultsAreJudgedAndAttributedAsArgosDoes(String store) throws Exception {
    start(store);
    await().atMost(Duration.ofSeconds(30)).until(() -> server.remote().waitingGroups() == 9);
    Instant before = Instant.now();
    // GET /api/tasks as httpx sends it: limit and agent_id as query parameters, the token as a bearer.
    Http.Response got = Http.get(api("/api/tasks?limit=10&agent_id=" + AGENT), TestServers.TOKEN);
    assertThat(got.status()).isEqualTo(200);
    JsonNode tasks = got.json();
    assertThat(tasks.isArray()).isTrue();
    assertThat(tasks).hasSize(20);

    // ---- every field of Argos' Task model, with its type and format
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    for (JsonNode t : tasks) {
      assertThat(t.path("id").isIntegralNumber()).as("id of %s", t).isTrue();
      for (String f : List.of("url", "domain", "ip_version", "check", "method", "expected", "task_group", "selected_at",
          "selected_by")) {
        assertThat(t.path(f).isTextual()).as("%s of %s is a string", f, t).isTrue();
      }
      assertThat(t.path("request_data").isNull() || t.path("request_data").isTextual()).as("request_data of %s", t)
          .isTrue();
      assertThat(t.path("retry_before_notification").isIntegralNumber()).isTrue();
      assertThat(t.path("contiguous_failures").isIntegralNumber()).isTrue();
      assertThat(t.path("ip_version").asText()).isEqualTo("4");
      assertThat(t.path("method").asText())
          .isIn("GET", "HEAD", "POST", "OPTIONS", "CONNECT", "TRACE", "PUT", "PATCH", "DELETE");
      assertThat(t.path("domain").asText()).as("domain without a trailing /")
          .isIn("https://a.example", "https://b.example");
      assertThat(t.path("url").asText()).startsWith(t.path("domain").asText() + "/");
      assertThat(t.path("selected_by").asText()).isEqualTo(AGENT);
      // Python's datetime.isoformat() of a naive datetime, as pydantic writes it: microseconds only when not zero.
      String selectedAt = t.path("selected_at").asText();
      assertThat(selectedAt).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?");
      Instant at = LocalDateTime.parse(selectedAt).toInstant(ZoneOffset.UTC);
      assertThat(at).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
      String rd = t.path("request_data").isNull() ? "" : t.path("request_data").asText();
      assertThat(t.path("task_group").asText())
          .isEqualTo(t.path("method").asText() + "-4-" + t.path("url").asText() + "-" + md5(rd));
      assertThat(byKey.put(key(t), t)).as("one task per URL and check").isNull();
    }
    assertThat(byKey.get("https://a.example/ status-is").path("task_group").asText())
        .isEqualTo("GET-4-https://a.example/-d41d8cd98f00b204e9800998ecf8427e");

    // ---- request data, as json.dumps writes {"data", "json", "headers"}
    assertThat(byKey.get("https://a.example/form status-is").path("request_data").asText())
        .isEqualTo("{\"data\": {\"q\": \"x\"}, \"json\": false, \"headers\": {\"X-Test\": \"1\"}}");
    assertThat(byKey.get("https://a.example/json status-is").path("request_data").asText())
        .isEqualTo("{\"data\": {\"a\": [1, 2]}, \"json\": true, \"headers\": null}");
    assertThat(byKey.get("https://a.example/ status-is").path("request_data").isNull()).isTrue();

    // ---- expected, exactly as the Argos server serialises each check type
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("https://a.example/ status-is", "200");
    expected.put("https://a.example/ status-in", "[200, 302]");
    expected.put("https://a.example/ body-contains", "café ok");
    expected.put("https://a.example/ body-like", "ok\\s*$");
    expected.put("https://a.example/ headers-contain", "[\"content-type\", \"x-frame-options\"]");
    expected.put("https://a.example/ headers-have", "{\"content-type\": \"text/html; charset=\\u00e9\"}");
    expected.put("https://a.example/ headers-like", "{\"server\": \"^nginx\"}");
    expected.put("https://a.example/ ssl-certificate-expiration", "on-check");
    expected.put("https://a.example/ http-to-https", "{\"range\": [300, 400]}");
    expected.put("https://a.example/api json-contains", "[\"/status\", \"/data/0\"]");
    expected.put("https://a.example/api json-has", "{\"/status\": \"ok\", \"/price\": 1.5, \"/big\": 1e+16}");
    expected.put("https://a.example/api json-like", "{\"/version\": \"^2\\\\.\"}");
    expected.put("https://a.example/api json-is", "{\"status\": \"ok\"}");
    expected.put("https://a.example/301 http-to-https", "{\"value\": 301}");
    expected.put("https://a.example/range http-to-https", "{\"range\": [301, 309]}");
    expected.put("https://a.example/list http-to-https", "{\"list\": [301, 308]}");
    expected.put("https://a.example/form status-is", "201");
    expected.put("https://a.example/json status-is", "200");
    expected.put("https://b.example/ status-is", "200");
    expected.put("https://b.example/ ssl-certificate-expiration", "on-check");
    assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      JsonNode t = byKey.get(e.getKey());
      assertThat(t.path("expected").asText()).as("expected of %s", e.getKey()).isEqualTo(e.getValue());
      readsAsAnArgosAgentDoes(t.path("check").asText(), t.path("expected").asText());
    }
    // http-to-https is sent with the path's https URL, as Argos does; the agent probes the http:// twin
    assertThat(byKey.get("https://a.example/301 http-to-https").path("task_group").asText())
        .startsWith("GET-4-https://a.example/301-");

    // ---- POST /api/results as the agent sends it: [AgentResult.model_dump()] with json.dumps' separators
    Map<String, String> posted = new LinkedHashMap<>();
    Map<String, List<Object>> verdict = new LinkedHashMap<>();
    for (String k : byKey.keySet()) {
      posted.put(k, "\"status\": \"success\", \"context\": {}");
      verdict.put(k, List.of(ResultStatus.SUCCESS, Severity.OK));
    }
    posted.put("https://a.example/ status-in",
        "\"status\": \"failure\", \"context\": {\"expected\": [200, 302], \"actual\": 500}");
    verdict.put("https://a.example/ status-in", List.of(ResultStatus.FAILURE, Severity.CRITICAL));
    posted.put("https://a.example/ body-contains", "\"status\": \"error\", \"context\": " + CRASH);
    verdict.put("https://a.example/ body-contains", List.of(ResultStatus.ERROR, Severity.UNKNOWN));
    // 7 days left: a warning under this config's 10d threshold (Argos' default thresholds would say ok)
    posted.put("https://a.example/ ssl-certificate-expiration",
        "\"status\": \"on-check\", \"context\": {\"expires_in\": 7}");
    verdict.put("https://a.example/ ssl-certificate-expiration", List.of(ResultStatus.FAILURE, Severity.WARNING));
    posted.put("https://a.example/form status-is", "\"status\": \"failure\", \"context\": " + TRANSPORT);
    verdict.put("https://a.example/form status-is", List.of(ResultStatus.FAILURE, Severity.CRITICAL));
    posted.put("https://b.example/ ssl-certificate-expiration", "\"status\": \"failure\", \"context\": " + TRANSPORT);
    verdict.put("https://b.example/ ssl-certificate-expiration", List.of(ResultStatus.FAILURE, Severity.WARNING));
    List<String> entries = new ArrayList<>();
    List<Long> taskIds = new ArrayList<>();
    for (Map.Entry<String, String> e : posted.entrySet()) {
      long id = byKey.get(e.getKey()).path("id").asLong();
      taskIds.add(id);
      entries.add("{\"task_id\": " + id + ", " + e.getValue() + "}");
    }
    Http.Response answer = Http.send("POST", api("/api/results?agent_id=" + AGENT), TestServers.TOKEN,
        "[" + String.join(", ", entries) + "]");
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().fieldNames()).toIterable().containsExactly("result_ids");
    JsonNode resultIds = answer.json().path("result_ids");
    assertThat(resultIds).hasSize(20).allSatisfy(id -> assertThat(id.isIntegralNumber()).isTrue());
    List<Long> ids = new ArrayList<>();
    resultIds.forEach(id -> ids.add(id.asLong()));
    assertThat(ids).doesNotHaveDuplicates();

    // ---- each id names the result row of its task, once written: judged as Argos does, attributed to the agent
    var rows = server.argos().store();
    await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> rows.result(id).isPresent()));
    List<String> keys = new ArrayList<>(posted.keySet());
    for (int i = 0; i < ids.size(); i++) {
      StoredResult r = rows.result(ids.get(i)).orElseThrow();
      String k = keys.get(i);
      assertThat(r.taskId()).as("row %d is the result of %s", ids.get(i), k).isEqualTo(taskIds.get(i));
      assertThat(r.node()).as("attributed to the agent").isEqualTo(AGENT);
      assertThat(List.of(r.result().status(), r.result().severity())).as("verdict of %s", k).isEqualTo(verdict.get(k));
      assertThat(rows.task(r.taskId()).orElseThrow().state().severity()).isEqualTo(verdict.get(k).get(1));
    }
    int formAt = keys.indexOf("https://a.example/form status-is");
    StoredResult failed = rows.result(ids.get(formAt)).orElseThrow();
    assertThat(failed.result().message()).isEqualTo("ConnectError: All connection attempts failed");
    assertThat(failed.result().context()).containsEntry("error_type", "ConnectError").containsKey("error_details");
    assertThat(rows.task(failed.taskId()).orElseThrow().state().message())
        .isEqualTo("ConnectError: All connection attempts failed");
    assertThat(rows.result(ids.get(keys.indexOf("https://a.example/ body-contains"))).orElseThrow().result().message())
        .isEqualTo("AttributeError: 'NoneType' object has no attribute 'lower'");

    // ---- the web UI's result page finds the row by the id the agent was given
    Http.Response page = Http.get(api("/result/" + ids.get(formAt)));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains(AGENT).contains("ConnectError: All connection attempts failed");

    // ---- a result for a task no longer waiting, or never handed out, is ignored and said so
    Http.Response again = Http.send("POST", api("/api/results?agent_id=" + AGENT), TestServers.TOKEN,
        "[{\"task_id\": " + taskIds.get(0) + ", \"status\": \"failure\", \"context\": {}}, {\"task_id\": 987654321, "
            + "\"status\": \"success\", \"context\": {}}]");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().path("result_ids")).isEmpty();
    assertThat(again.json().path("ignored")).hasSize(2).allSatisfy(i -> assertThat(i.path("reason").asText())
        .isEqualTo("not-waiting"));
    assertThat(rows.task(taskIds.get(0)).orElseThrow().state().severity()).isEqualTo(verdict.get(keys.get(0)).get(1));
  }

  /** Reads {@code expected} the way the Argos agent's checks do; throws where the agent would crash. */
  private static void readsAsAnArgosAgentDoes(String check, String expected) throws Exception {
    switch (check) {
      case "http-to-https" -> {
        JsonNode shape = PYTHON_JSON.readTree(expected);
        assertThat(shape.isObject()).as("http-to-https expected %s is a JSON object", expected).isTrue();
        assertThat(Set.of("value", "list", "range")).containsAll(() -> shape.fieldNames());
        assertThat(shape.size()).isEqualTo(1);
        if (shape.has("value")) {
          assertThat(shape.get("value").isIntegralNumber()).isTrue();
        } else if (shape.has("list")) {
          assertThat(shape.get("list")).isNotEmpty().allSatisfy(c -> assertThat(c.isIntegralNumber()).isTrue());
        } else {
          assertThat(shape.get("range")).hasSize(2).allSatisfy(c -> assertThat(c.isIntegralNumber()).isTrue());
        }
      }
      case "status-is" -> assertThat(Integer.parseInt(expected)).isBetween(100, 599);
      case "status-in", "headers-contain", "json-contains" ->
          assertThat(PYTHON_JSON.readTree(expected).isArray()).isTrue();
      case "headers-have", "headers-like", "json-has", "json-like" ->
          assertThat(PYTHON_JSON.readTree(expected).isObject()).isTrue();
      case "json-is" -> assertThat(PYTHON_JSON.readTree(expected)).isNotNull();
      default -> assertThat(expected).isNotEmpty();
    }
  }
}
