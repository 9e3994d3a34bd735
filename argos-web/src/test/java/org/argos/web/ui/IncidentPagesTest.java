package org.argos.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.IncidentUpdate;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incidents pages (issue 20 §5): a list with a form to open one, and an incident's page with its timeline and a
 * form that changes title and status and posts a message; forms need the CSRF token; text is escaped.
 */
class IncidentPagesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;
  private String base;
  private String cookie = "";

  @BeforeEach
  void start() {
    WebUi ui = new WebUi(() -> new WebUi.Settings("s3cret", Duration.ofDays(7), null, "all", ""), store, Map::of, false,
        new WebUi.Users((u, pw) -> WebUi.Verdict.REJECTED, u -> false), clock);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      ui.routes(c.routes);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private Incidents incidents() {
    return store.capability(Incidents.class).orElseThrow();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.split(";", 2)[0]);
    return r;
  }

  private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
        StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a form with a CSRF token").isTrue();
    return m.group(1);
  }

  private static Map<String, String> form(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void anIncidentIsOpenedEditedAndResolvedFromTheForms() throws Exception {
    HttpResponse<String> list = get("/incidents");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("id=\"no-active\"", "id=\"open-incident\"");
    String csrf = csrf(list.body());

    assertThat(post("/incidents", form("_csrf", "wrong", "title", "x", "message", "m")).statusCode()).isEqualTo(403);
    assertThat(incidents().incidents(IncidentQuery.of(IncidentQuery.Which.ALL, 10))).isEmpty();

    HttpResponse<String> opened = post("/incidents", form("_csrf", csrf, "title", "Mail <b>down</b>", "status",
        "identified", "message", "The relay refuses connections.", "domains", "https://mail.test\nhttps://imap.test"));
    assertThat(opened.statusCode()).isEqualTo(303);
    Incident i = incidents().incidents(IncidentQuery.of(IncidentQuery.Which.ALL, 10)).get(0);
    assertThat(opened.headers().firstValue("Location")).contains("/incidents/" + i.id());
    assertThat(i.status()).isEqualTo(IncidentStatus.IDENTIFIED);
    assertThat(i.domains()).containsExactly("https://imap.test", "https://mail.test");
    assertThat(incidents().timeline(i.id(), 10).get(0).author()).isEqualTo("web");

    HttpResponse<String> page = get("/incidents/" + i.id());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Mail &lt;b&gt;down&lt;/b&gt;", "The relay refuses connections.",
        "https://imap.test").doesNotContain("<b>down</b>");
    assertThat(get("/incidents").body()).contains("id=\"active-incidents\"", "/incidents/" + i.id());

    clock.advance(Duration.ofMinutes(10));
    assertThat(post("/incidents/" + i.id(), form("_csrf", csrf, "title", "Mail relay down", "status", "resolved",
        "message", "Relay restarted.")).statusCode()).isEqualTo(303);
    Incident after = incidents().incident(i.id()).orElseThrow();
    assertThat(after.title()).isEqualTo("Mail relay down");
    assertThat(after.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(after.resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(incidents().timeline(i.id(), 10)).extracting(IncidentUpdate::message)
        .containsExactly("The relay refuses connections.", "Relay restarted.");
    assertThat(get("/incidents").body()).contains("id=\"past-incidents\"", "Mail relay down", "id=\"no-active\"");
    assertThat(get("/incidents/" + i.id()).body()).contains("Relay restarted.", "<option value=\"resolved\" selected");
  }

  @Test
  void badFormsAreRefusedSayingWhy() throws Exception {
    String csrf = csrf(get("/incidents").body());
    HttpResponse<String> r = post("/incidents", form("_csrf", csrf, "title", "t".repeat(Incident.MAX_TITLE + 1),
        "message", "m"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("title: at most 200 characters");
    r = post("/incidents", form("_csrf", csrf, "title", "t", "message", "m", "status", "done"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("status:");
    Incident i = incidents().open("default", "t", IncidentStatus.INVESTIGATING, "m", "bob", List.of(), T0);
    r = post("/incidents/" + i.id(), form("_csrf", csrf, "title", " ", "status", "investigating"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("title: must not be blank");
    assertThat(get("/incidents/999").statusCode()).isEqualTo(404);
    assertThat(get("/incidents/abc").statusCode()).isEqualTo(404);
  }
}
