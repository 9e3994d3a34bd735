package org.argos.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.CheckResult;
import org.argos.api.DomainQuery;
import org.argos.api.Severity;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.RegistrationResult;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.engine.Argos;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.argos.web.api.ApiEdge;
import org.argos.web.api.Reloader;
import org.argos.web.api.SiteRegistry;
import org.argos.web.auth.ApiAccess;
import org.argos.web.ui.WebUi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation over real HTTP: every route and every page the server registers (read from Javalin's router, so a
 * route added later is called too) is called with tenant acme's credentials on tenant globex's objects, and answers
 * 403 or 404, or (a list) acme's objects alone: never a byte of globex's, and globex's objects unchanged after.
 */
class TenantIsolationTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final String ACME_EDITOR = "acme-editor-7c1e9f2b4a6d8e0f3b5c";
  private static final String ACME_VIEWER = "acme-viewer-1d3f5a7c9e2b4d6f8a0c";
  private static final String GLOBEX_TOKEN = "globex-admin-9f8e7d6c5b4a3f2e1d0c";
  private static final String OPERATOR = "operator-admin-2b4d6f8a0c1e3g5i7k9m";
  private static final String AGENT = "agent-secret-5e7g9i1k3m5o7q9s1u3w";
  /**
   * What only globex's objects hold (a path of its site, its silence's reason, its token's name): none of it may reach
   * acme's caller. Its domain may come back only where acme's caller sent it (a 404 naming what was asked for).
   */
  private static final List<String> GLOBEX_DATA = List.of("globex-admin", "globex maintenance", "globex-ci",
      "globex-secret outage");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private Argos argos;
  private DaemonConfig config;
  private ArgosWeb web;
  private Javalin app;
  private String base;
  private long globexTask;
  private long globexResult;
  private long acmeTask;
  private long globexIncident;

  /** A check for http sites that evaluates nothing (the test writes results itself). */
  static final class Seen implements CheckProvider {
    @Override
    public String name() {
      return "seen";
    }

    @Override
    public Check create(@Nullable Object parameter) {
      return (r, c) -> CheckResult.success("seen");
    }
  }

  private static String yaml() {
    return """
        general:
          frequency: 5
        service:
          secrets: [%s]
        argos_java:
          api_tokens:
            - {name: operator, token: %s, scopes: [admin]}
        tenants:
          - slug: acme
            name: ACME
            users:
              - {name: alice, role: editor}
              - {name: victor, role: viewer}
            api_tokens:
              - {name: acme-ci, token: %s, role: editor}
              - {name: acme-ro, token: %s, role: viewer}
          - slug: globex
            users:
              - {name: bob, role: admin}
            api_tokens:
              - {name: globex-ci, token: %s, role: admin}
        websites:
          - domain: https://acme-shop.example
            tenant: acme
            paths: [{path: /, checks: [{seen: on}]}]
          - domain: https://globex-secret.example
            tenant: globex
            tags: [vip]
            paths: [{path: /, checks: [{seen: on}]}, {path: /globex-admin, checks: [{seen: on}]}]
          - domain: https://operator-only.example
            paths: [{path: /, checks: [{seen: on}]}]
        """.formatted(AGENT, OPERATOR, ACME_EDITOR, ACME_VIEWER, GLOBEX_TOKEN);
  }

  @BeforeEach
  void start() {
    argos = Argos.builder().clock(clock).store(store).probe(r -> {
      throw new AssertionError("nothing is probed here");
    }).install(new Seen()).build();
    config = ConfigParser.parse("tenants.yaml", yaml(), Path.of("."), Map.of(), argos.checks());
    argos.registerAll(config.sites());
    // every site failing: results, history and failing tasks (acknowledgeable) for each
    Instant at = T0.plus(Duration.ofHours(1));
    for (ClaimedGroup g : store.claimDue("n1", at, at, 1000, at.plusSeconds(60))) {
      store.complete(List.of(new CompletedRun("n1", g, StorePlans.outcome(g, at, Severity.CRITICAL))),
          StorePlans.simpleRule());
    }
    globexTask = store.tasks("https://globex-secret.example").get(0).taskId();
    acmeTask = store.tasks("https://acme-shop.example").get(0).taskId();
    globexResult = store.results(globexTask, 1).get(0).id();
    globexIncident = store.capability(org.argos.api.store.Incidents.class).orElseThrow().open("globex",
        "globex-secret outage", org.argos.api.IncidentStatus.INVESTIGATING, "globex maintenance overran", "bob",
        List.of("https://globex-secret.example"), T0).id();
    argos.silence(new Silence("globex-maintenance", "https://globex-secret.example", null, T0, T0.plus(Duration.ofDays(1)),
        "globex maintenance"));
    WebUi ui = new WebUi(() -> new WebUi.Settings("cookie-secret-0123456789abcdef", Duration.ofDays(1), null, null, ""),
        store, Map::of, false, new WebUi.Users(WebUi.Authenticator.of((u, pw) -> "pw-of-" .concat(u).equals(pw)),
        u -> true, org.argos.web.auth.SessionRevocations.inMemory(), u -> WebUi.Member.of(config, u)), clock);
    web = ArgosWeb.builder(argos).tokens(() -> ApiAccess.Tokens.of(config)).metrics(() -> "argos_up 1\n")
        .agentsSeen(() -> Map.of("agent-1", T0)).sites(new Sites()).reloader(new NoReload()).ui(ui).build();
    app = web.start("127.0.0.1", 0, "");
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
    web.close();
    argos.close();
  }

  private final class Sites implements SiteRegistry {
    @Override
    public Site parse(ConfigNode node) {
      return ConfigParser.parseSite(node, config, argos.checks());
    }

    @Override
    public RegistrationResult register(Site site) {
      return argos.register(site);
    }

    @Override
    public void unregister(String domain) {
      argos.unregister(domain);
    }

    @Override
    public boolean managedByApi(String domain) {
      return false;
    }
  }

  private static final class NoReload implements Reloader {
    @Override
    public Outcome reload(boolean force, boolean adopt) {
      return new Outcome(true, 0, 0, 0, 0, List.of(), null);
    }

    @Override
    public org.argos.api.store.ConfigVersion nodeVersion() {
      return new org.argos.api.store.ConfigVersion("v1", "h", T0, "n1");
    }

    @Override
    public boolean readOnly() {
      return false;
    }
  }

  /** The route's path with its parameters naming globex's objects. */
  private String onGlobex(String template) {
    return template.replace("{domain}", "globex-secret.example")
        .replace("/task/{id}", "/task/" + globexTask).replace("/tasks/{id}", "/tasks/" + globexTask)
        .replace("/result/{id}", "/result/" + globexResult).replace("/silences/{id}", "/silences/globex-maintenance")
        .replace("/incidents/{id}", "/incidents/" + globexIncident).replace("{slug}", "no-such-page")
        .replace("{token}", "not-a-token").replace("{slug}", "globex");
  }

  /** A body aimed at globex's objects, for the routes that read one. */
  private String bodyFor(String method, String template) {
    if (template.equals("/api/sites/{domain}")) {
      return "{\"domain\": \"https://globex-secret.example\", \"paths\": [{\"path\": \"/\", \"checks\": [{\"seen\": "
          + "\"on\"}]}]}";
    }
    if (template.startsWith("/api/silences")) {
      return "{\"domain\": \"https://globex-secret.example\", \"from\": \"2026-12-07T10:00:00Z\", \"until\": "
          + "\"2026-12-08T10:00:00Z\", \"reason\": \"acme was here\"}";
    }
    if (template.equals("/api/incidents")) { // acme's incident naming globex's site
      return "{\"title\": \"acme was here\", \"message\": \"m\", \"domains\": [\"https://globex-secret.example\"]}";
    }
    if (template.startsWith("/api/incidents/")) {
      return "{\"title\": \"acme was here\", \"message\": \"acme was here\"}";
    }
    if (template.startsWith("/api/tasks/")) {
      return "{\"task_ids\": [" + globexTask + "]}";
    }
    return "{}";
  }

  private List<ParsedEndpoint> endpoints() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(e -> !e.endpoint.method.name().equals("HEAD") && !e.endpoint.method.name().equals("OPTIONS"))
        .toList();
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api") || path.equals("/metrics") || path.equals("/healthz")
        || path.equals("/incidents.atom");
  }

  private HttpResponse<String> call(String method, String path, @Nullable String token, String body, String cookie,
      String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, method.equals("GET") || method.equals("DELETE") && body.isEmpty()
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", contentType);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (!cookie.isEmpty()) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void noGlobexData(String what, HttpResponse<String> r, String sent) {
    for (String marker : GLOBEX_DATA) {
      assertThat(r.body()).as(what).doesNotContainIgnoringCase(marker);
    }
    if (!sent.contains("globex")) {
      assertThat(r.body()).as(what).doesNotContainIgnoringCase("globex");
    }
  }

  /** globex's objects as they were set up: nothing acme's caller did may have changed them. */
  private void globexIsUntouched() {
    var incidents = store.capability(org.argos.api.store.Incidents.class).orElseThrow();
    assertThat(incidents.incident(globexIncident)).get().satisfies(i -> {
      assertThat(i.title()).isEqualTo("globex-secret outage");
      assertThat(i.status()).isEqualTo(org.argos.api.IncidentStatus.INVESTIGATING);
    });
    assertThat(incidents.timeline(globexIncident, 10)).hasSize(1);
    assertThat(store.site("https://globex-secret.example")).get().extracting(Site::tenant).isEqualTo("globex");
    assertThat(store.tasks("https://globex-secret.example")).hasSize(4)
        .allSatisfy(t -> assertThat(t.state().lifecycle().acknowledged()).as("task %d acknowledged", t.taskId())
            .isFalse());
    assertThat(argos.silences()).filteredOn(s -> s.id().equals("globex-maintenance")).singleElement()
        .extracting(Silence::reason).isEqualTo("globex maintenance");
  }

  @Test
  void everyApiRouteAnswersAcmesTokensOnGlobexsObjectsWithoutGlobexsData() throws Exception {
    Set<String> called = new TreeSet<>();
    for (String token : List.of(ACME_EDITOR, ACME_VIEWER)) {
      for (ParsedEndpoint e : endpoints()) {
        String template = e.endpoint.path;
        if (!isApi(template)) {
          continue;
        }
        String method = e.endpoint.method.name();
        String route = method + " " + template;
        HttpResponse<String> r = call(method, onGlobex(template) + (method.equals("GET") ? "?tag=vip" : ""),
            token, bodyFor(method, template), "", "application/json");
        called.add(route);
        noGlobexData(route + " with " + token, r, onGlobex(template) + bodyFor(method, template));
        boolean refused = r.statusCode() == 403 || r.statusCode() == 404 || r.statusCode() == 401;
        boolean aList = route.equals("GET /api/sites") || route.equals("GET /api/silences")
            || route.equals("POST /api/tasks/ack") || route.equals("POST /api/tasks/unack")
            || route.equals("GET /api/incidents") || route.equals("GET /incidents.atom");
        boolean publicRoute = route.equals("GET /healthz") || route.equals("GET /api/severities"); // no tenant object
        assertThat(refused || publicRoute || aList && r.statusCode() == 200)
            .as("%s with %s answered %d: %s", route, token, r.statusCode(), r.body()).isTrue();
        globexIsUntouched();
      }
    }
    // the enumeration reached every route the API has, the tenant-scoped ones among them
    assertThat(called).containsAll(ApiEdge.TENANT_SCOPED.stream().toList())
        .contains("GET /api/tenants", "GET /api/tenants/{slug}", "GET /metrics", "POST /api/reload-config", "GET /api/tasks", "POST /api/results", "GET /api/agents");

    // and the same tokens do reach their own tenant's objects (a server refusing everything would pass the above)
    HttpResponse<String> list = call("GET", "/api/sites", ACME_VIEWER, "", "", "application/json");
    assertThat(list.body()).contains("https://acme-shop.example").doesNotContain("operator-only");
    assertThat(call("GET", "/api/sites/acme-shop.example", ACME_VIEWER, "", "", "application/json").statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/api/tasks/" + acmeTask + "/ack", ACME_EDITOR, "", "", "application/json").statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/api/tasks/" + acmeTask + "/ack", ACME_VIEWER, "", "", "application/json").statusCode())
        .as("a viewer changes nothing").isEqualTo(403);
    HttpResponse<String> put = call("PUT", "/api/sites/acme-new.example", ACME_EDITOR,
        "{\"domain\": \"https://acme-new.example\", \"paths\": [{\"path\": \"/\", \"checks\": [{\"seen\": \"on\"}]}]}", "",
        "application/json");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    assertThat(store.site("https://acme-new.example")).get().extracting(Site::tenant).isEqualTo("acme");
    assertThat(call("PUT", "/api/sites/acme-other.example", ACME_EDITOR, "{\"domain\": \"https://acme-other.example\", "
        + "\"tenant\": \"globex\", \"paths\": [{\"path\": \"/\", \"checks\": [{\"seen\": \"on\"}]}]}", "",
        "application/json").statusCode()).as("a site put into another tenant").isEqualTo(403);
    // globex's own token and the operator see globex's site
    assertThat(call("GET", "/api/sites/globex-secret.example", GLOBEX_TOKEN, "", "", "application/json").statusCode())
        .isEqualTo(200);
    assertThat(call("GET", "/api/sites", OPERATOR, "", "", "application/json").body())
        .contains("globex-secret", "acme-shop", "operator-only");
    // the operator's view of the tenants: members and token names with their roles, never a token
    HttpResponse<String> tenants = call("GET", "/api/tenants", OPERATOR, "", "", "application/json");
    assertThat(tenants.body()).contains("\"slug\":\"default\"", "\"slug\":\"acme\"", "\"slug\":\"globex\"")
        .doesNotContain(ACME_EDITOR, GLOBEX_TOKEN);
    HttpResponse<String> globex = call("GET", "/api/tenants/globex", OPERATOR, "", "", "application/json");
    assertThat(globex.body()).contains("\"globex-ci\"", "\"sites\":1").doesNotContain(GLOBEX_TOKEN);
    assertThat(call("GET", "/api/tenants/nobody", OPERATOR, "", "", "application/json").statusCode()).isEqualTo(404);
  }

  private String login(String user) throws Exception {
    HttpResponse<String> form = call("GET", "/login", null, "", "", "text/html");
    String cookie = form.headers().allValues("Set-Cookie").get(0).split(";", 2)[0];
    Matcher m = CSRF.matcher(form.body());
    assertThat(m.find()).isTrue();
    HttpResponse<String> r = call("POST", "/login", null, "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
        + "&username=" + user + "&password=pw-of-" + user, cookie, "application/x-www-form-urlencoded");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("argos_session="))
        .findFirst().orElseThrow().split(";", 2)[0];
  }

  private String csrf(String cookie) throws Exception {
    Matcher m = CSRF.matcher(call("GET", "/", null, "", cookie, "text/html").body());
    assertThat(m.find()).as("a form on the dashboard").isTrue();
    return m.group(1);
  }

  @Test
  void everyPageAnswersAcmesUsersOnGlobexsObjectsWithoutGlobexsData() throws Exception {
    List<String> called = new ArrayList<>();
    for (String user : List.of("alice", "victor")) {
      String cookie = login(user);
      String csrf = csrf(cookie);
      for (ParsedEndpoint e : endpoints()) {
        String template = e.endpoint.path;
        if (isApi(template) || template.startsWith("/static") || template.startsWith("/logout")
            || template.equals("/login")) {
          continue; // not a page of objects (logging out would end the session this loop uses)
        }
        String method = e.endpoint.method.name();
        String path = onGlobex(template);
        HttpResponse<String> r = method.equals("GET")
            ? call("GET", path + "?tag=vip&address=10.0.0.1", null, "", cookie, "text/html")
            : call(method, path, null, "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&task=" + globexTask
                + "&tag=vip&minutes=60&duration=60", cookie, "application/x-www-form-urlencoded");
        called.add(method + " " + template);
        noGlobexData(method + " " + template + " as " + user, r, path);
        boolean ofAnObject = template.contains("{");
        if (ofAnObject) {
          assertThat(r.statusCode()).as("%s %s as %s: %s", method, template, user, r.body()).isIn(403, 404);
        }
        globexIsUntouched();
      }
    }
    assertThat(called).contains("GET /", "GET /domains", "GET /domain/{domain}", "GET /task/{id}/results",
        "GET /result/{id}", "POST /task/{id}/ack", "POST /domain/{domain}/ack", "GET /agents", "POST /problems/ack");

    // alice sees her tenant's sites, and the operator every tenant's
    String alice = login("alice");
    assertThat(call("GET", "/domains", null, "", alice, "text/html").body()).contains("acme-shop.example")
        .doesNotContain("operator-only");
    assertThat(call("GET", "/domain/acme-shop.example", null, "", alice, "text/html").statusCode()).isEqualTo(200);
    assertThat(call("GET", "/", null, "", alice, "text/html").body()).contains("acme-shop.example");
    String op = login("op");
    assertThat(call("GET", "/domains", null, "", op, "text/html").body())
        .contains("acme-shop.example", "globex-secret.example", "operator-only.example");
    assertThat(store.domains(DomainQuery.firstPage(10).withTenant("acme")).domains()).hasSize(1);
  }
}
