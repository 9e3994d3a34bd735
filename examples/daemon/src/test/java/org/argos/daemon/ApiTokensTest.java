package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.Site;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.agents.protocol.Json;

/**
 * Every API route against every kind of credential: nothing, a malformed header, an unknown token, an agent token,
 * and API tokens with the read, write and admin scopes. Statuses follow Argos (FastAPI's HTTPBearer) on every route: no
 * bearer token 403, an unknown token 401, a known token that may not do this 403 saying what it lacks.
 */
class ApiTokensTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String SITE = "http://127.0.0.1:1"; // a closed port: its checks fail at once, nothing leaves

  @TempDir Path dir;
  Server server;
  Path config;

  @BeforeEach
  void start() throws Exception {
    config = TestServers.write(dir, TestServers.config("", SITE));
    server = TestServers.start(config);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** What a route needs. */
  enum Need { PUBLIC, AGENT, READ, WRITE, ADMIN }

  /** A route, called so that a caller it admits gets neither 401 nor 403 and nothing is changed for good. */
  record Route(String method, String path, String body, Need need) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** A credential: the Authorization header sent (or null), and what it is. */
  record Credential(String name, String header) {}

  static final List<Route> ROUTES = List.of(
      new Route("GET", "/api/severities", null, Need.PUBLIC),
      new Route("GET", "/healthz", null, Need.PUBLIC),
      new Route("GET", "/api/tasks?limit=1&agent_id=matrix", null, Need.AGENT),
      new Route("POST", "/api/results?agent_id=matrix", "[]", Need.AGENT),
      new Route("GET", "/metrics", null, Need.READ),
      new Route("GET", "/api/stats", null, Need.READ),
      new Route("GET", "/api/agents", null, Need.READ),
      new Route("GET", "/api/sites", null, Need.READ),
      new Route("GET", "/api/sites/127.0.0.1:1", null, Need.READ),
      new Route("GET", "/api/silences", null, Need.READ),
      new Route("PUT", "/api/sites/127.0.0.9:1", "{}", Need.WRITE), // admitted: 400 for the empty site, nothing stored
      new Route("DELETE", "/api/sites/nowhere.example", null, Need.WRITE), // admitted: 404
      new Route("POST", "/api/reschedule/all", null, Need.WRITE),
      new Route("PUT", "/api/silences/matrix", "{}", Need.WRITE), // admitted: 400, nothing stored
      new Route("DELETE", "/api/silences/none", null, Need.WRITE), // admitted: 404
      new Route("POST", "/api/tasks/999999/ack", null, Need.WRITE), // admitted: 404
      new Route("DELETE", "/api/tasks/999999/ack", null, Need.WRITE), // admitted: 404
      new Route("POST", "/api/tasks/ack", "{\"task_ids\": []}", Need.WRITE),
      new Route("POST", "/api/tasks/unack", "{\"task_ids\": []}", Need.WRITE),
      new Route("POST", "/api/push/not-a-token", "", Need.PUBLIC), // 404 for everyone, no token looked at
      new Route("GET", "/api/push-url?site=push://nowhere", null, Need.WRITE), // admitted: 404
      new Route("GET", "/api/incidents", null, Need.READ),
      new Route("GET", "/api/incidents/999999", null, Need.READ), // admitted: 404
      new Route("GET", "/incidents.atom", null, Need.READ),
      new Route("POST", "/api/incidents", "{}", Need.WRITE), // admitted: 400, nothing stored
      new Route("PATCH", "/api/incidents/999999", "{\"title\": \"t\"}", Need.WRITE), // admitted: 404
      new Route("POST", "/api/incidents/999999/updates", "{\"message\": \"m\"}", Need.WRITE), // admitted: 404
      new Route("POST", "/api/reload-config", null, Need.ADMIN));

  static final List<Credential> CREDENTIALS = List.of(
      new Credential("no token", null),
      new Credential("basic auth", "Basic YWRtaW46YWRtaW4="),
      new Credential("empty bearer", "Bearer "),
      new Credential("wrong token", "Bearer not-a-token-of-this-server-7f3a"),
      new Credential("agent token", "Bearer " + TestServers.TOKEN),
      new Credential("read token", "Bearer " + TestServers.READ),
      new Credential("write token", "Bearer " + TestServers.WRITE),
      new Credential("admin token", "Bearer " + TestServers.ADMIN),
      new Credential("lower-case scheme", "bearer " + TestServers.ADMIN));

  private HttpResponse<String> call(Route r, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestServers.base(server) + r.path()))
        .timeout(Duration.ofSeconds(30))
        .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(r.body()));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyRouteAgainstEveryCredential() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    List<String> table = new ArrayList<>();
    for (Route route : ROUTES) {
      for (Credential c : CREDENTIALS) {
        HttpResponse<String> r = call(route, c.header());
        String what = route + " with " + c.name() + " -> " + r.statusCode() + " " + r.body();
        table.add(what);
        expect(soft, route, c, r, what);
      }
    }
    soft.assertAll();
    assertThat(table).hasSize(ROUTES.size() * CREDENTIALS.size());
    // Nothing a refused or admitted-but-invalid call did was kept.
    assertThat(server.argos().sites()).extracting(Site::domain).containsExactly(SITE);
    assertThat(server.argos().silences()).isEmpty();
  }

  private static void expect(SoftAssertions soft, Route route, Credential c, HttpResponse<String> r, String what) {
    int status = r.statusCode();
    String name = c.name();
    boolean noBearer = name.equals("no token") || name.equals("basic auth") || name.equals("empty bearer");
    if (route.path().startsWith("/api/push/")) {
      // the push URL's token is its credential: a bearer token is not looked at, and a wrong push token is 404
      soft.assertThat(status).as(what).isEqualTo(404);
      return;
    }
    if (route.need() == Need.PUBLIC) {
      soft.assertThat(status).as(what).isEqualTo(200);
      return;
    }
    if (noBearer) {
      soft.assertThat(status).as(what).isEqualTo(403);
      soft.assertThat(r.body()).as(what).contains("missing bearer token");
      return;
    }
    if (name.equals("wrong token")) {
      soft.assertThat(status).as(what).isEqualTo(401);
      soft.assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer");
      return;
    }
    boolean agent = name.equals("agent token");
    Need scope = switch (name) {
      case "read token" -> Need.READ;
      case "write token" -> Need.WRITE;
      default -> Need.ADMIN; // the admin token, and the admin token with a lower-case scheme
    };
    if (route.need() == Need.AGENT) {
      if (agent) {
        soft.assertThat(status).as(what).isBetween(200, 299);
      } else {
        soft.assertThat(status).as(what).isEqualTo(403);
        soft.assertThat(r.body()).as(what)
            .contains("API tokens (argos_java.api_tokens) do not serve the agent protocol");
      }
      return;
    }
    if (agent) {
      soft.assertThat(status).as(what).isEqualTo(403);
      soft.assertThat(r.body()).as(what).contains("agent tokens (service.secrets) only serve the agent protocol",
          "'" + route.need().name().toLowerCase(java.util.Locale.ROOT) + "' scope");
      return;
    }
    if (scope.compareTo(route.need()) >= 0) {
      soft.assertThat(status).as(what).isNotIn(401, 403).isLessThan(500);
    } else {
      String needed = route.need().name().toLowerCase(java.util.Locale.ROOT);
      soft.assertThat(status).as(what).isEqualTo(403);
      JsonNode body = json(r.body());
      soft.assertThat(body.path("scope").asText()).as(what).isEqualTo(needed);
      soft.assertThat(body.path("error").asText()).as(what).contains("lacks the '" + needed + "' scope");
    }
  }

  private static JsonNode json(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  @Test
  void refusedWritesChangeNothing() {
    String site = """
        {"domain": "http://127.0.0.9:1", "paths": [{"path": "/", "checks": [{"status-is": 200}]}]}""";
    String silence = """
        {"tag": "db", "from": "2026-12-01T22:00:00Z", "until": "2026-12-01T23:00:00Z"}""";
    String api = TestServers.base(server) + "/api";
    for (String token : new String[] {TestServers.TOKEN, TestServers.READ}) {
      assertThat(Http.send("PUT", api + "/sites/127.0.0.9:1", token, site).status()).isEqualTo(403);
      assertThat(Http.send("DELETE", api + "/sites/127.0.0.1:1", token, null).status()).isEqualTo(403);
      assertThat(Http.send("PUT", api + "/silences/s", token, silence).status()).isEqualTo(403);
    }
    assertThat(server.argos().sites()).extracting(Site::domain).containsExactly(SITE);
    assertThat(server.argos().silences()).isEmpty();
    assertThat(Http.send("PUT", TestServers.base(server) + "/api/sites/127.0.0.9:1", TestServers.WRITE, site).status())
        .isEqualTo(201);
  }

  @Test
  void aReloadAppliesNewTokensAndScopesAtOnce() throws Exception {
    String sites = TestServers.base(server) + "/api/sites";
    String fresh = "fresh-token-after-the-reload-5d1c9e";
    Files.writeString(config, Files.readString(config)
        .replace("{name: writer, token: \"" + TestServers.WRITE + "\", scopes: [write]}",
            "{name: writer, token: \"" + fresh + "\", scopes: [write]}")
        .replace("{name: reader, token: \"" + TestServers.READ + "\", scopes: [read]}",
            "{name: reader, token: \"" + TestServers.READ + "\", scopes: [read, write]}"));
    assertThat(server.reload().ok()).isTrue();
    assertThat(Http.get(sites, TestServers.WRITE).status()).as("the removed token").isEqualTo(401);
    assertThat(Http.get(sites, fresh).status()).as("the added token").isEqualTo(200);
    assertThat(Http.send("DELETE", sites + "/nowhere.example", TestServers.READ, null).status())
        .as("the reader may now write").isEqualTo(404);
  }

  @Test
  void theReloadCommandUsesAnAdminTokenAndSaysWhenThereIsNone() throws Exception {
    Cli.Run ok = Cli.run(dir, java.util.Map.of(), "server", "reload-config", "--config", config.toString(), "--server",
        TestServers.base(server));
    assertThat(ok.exit()).as(ok.err()).isZero();

    // Without an admin token (the agent token and a writer are not enough) the command says what to add.
    Path noAdmin = dir.resolve("no-admin.yaml");
    Files.writeString(noAdmin, Files.readString(config).replace("    - {name: admin, token: \"" + TestServers.ADMIN
        + "\", scopes: [admin]}\n", ""));
    assertThat(Files.readString(noAdmin)).doesNotContain(TestServers.ADMIN);
    Cli.Run refused = Cli.run(dir, java.util.Map.of(), "server", "reload-config", "--config", noAdmin.toString(),
        "--server", TestServers.base(server));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("reload-config needs an API token with the admin scope in argos_java.api_tokens",
        "argos server generate-token", "kill -HUP");
  }
}
