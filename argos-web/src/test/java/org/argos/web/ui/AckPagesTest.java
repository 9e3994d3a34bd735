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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.Severity;
import org.argos.api.TaskLifecycle;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.engine.AckLinks;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Acknowledging from the UI: the task page's button and a mail's signed link, which works once, without a login. */
class AckPagesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;
  private String base;
  private long task;
  private String cookie = "";

  @BeforeEach
  void start() {
    store.register(StorePlans.plan(StorePlans.site("https://shop.example", "status-is"), T0), T0);
    ClaimedGroup g = store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).get(0);
    store.complete(List.of(new CompletedRun("n1", g, StorePlans.outcome(g, T0, Severity.CRITICAL))),
        StorePlans.simpleRule());
    task = g.tasks().get(0).taskId();
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

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.split(";", 2)[0]);
    return r;
  }

  private HttpResponse<String> post(String path, String csrf) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a form with a CSRF token").isTrue();
    return m.group(1);
  }

  private TaskLifecycle lifecycle() {
    return store.task(task).orElseThrow().state().lifecycle();
  }

  @Test
  void aSignedLinkAsksThenAcknowledgesOnce() throws Exception {
    String token = new AckLinks(store).token(task, 99, T0.plus(AckLinks.VALID));
    HttpResponse<String> form = get("/ack/" + token);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("https://shop.example", "id=\"ack\"");
    assertThat(lifecycle().acknowledged()).as("a GET changes nothing").isFalse();

    String csrf = csrf(form.body());
    assertThat(post("/ack/" + token, "wrong").statusCode()).isEqualTo(403);
    HttpResponse<String> done = post("/ack/" + token, csrf);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Acknowledged: no reminders", "id=\"acked-by\">link<");
    assertThat(lifecycle().ackedBy()).isEqualTo("link");
    assertThat(lifecycle().ackedAt()).isEqualTo(T0);

    store.unacknowledge(List.of(task));
    assertThat(post("/ack/" + token, csrf).body()).contains("used already");
    assertThat(lifecycle().acknowledged()).isFalse();
  }

  @Test
  void aBadOrExpiredLinkIsRefused() throws Exception {
    String token = new AckLinks(store).token(task, 99, T0.plus(AckLinks.VALID));
    assertThat(get("/ack/" + task + ".99.1.abc").statusCode()).isEqualTo(404);
    assertThat(get("/ack/" + (task + 1) + token.substring(Long.toString(task).length())).statusCode()).isEqualTo(404);
    clock.advance(AckLinks.VALID);
    assertThat(get("/ack/" + token).statusCode()).isEqualTo(404);
  }

  @Test
  void theTaskPageAcknowledgesAndShowsWhoAndWhen() throws Exception {
    HttpResponse<String> page = get("/task/" + task + "/results");
    assertThat(page.body()).contains("id=\"ack\"").doesNotContain("id=\"acked-by\"");
    assertThat(post("/task/" + task + "/ack", csrf(page.body())).statusCode()).isEqualTo(303);
    assertThat(lifecycle().ackedBy()).isEqualTo("web");
    page = get("/task/" + task + "/results");
    assertThat(page.body()).contains("id=\"acked-by\">by web", "id=\"unack\"");
    assertThat(post("/task/" + task + "/unack", csrf(page.body())).statusCode()).isEqualTo(303);
    assertThat(lifecycle().acknowledged()).isFalse();
  }

  @Test
  void theDashboardsProblemsAcknowledgeADomainsFailingTasks() throws Exception {
    HttpResponse<String> dashboard = get("/");
    assertThat(dashboard.statusCode()).isEqualTo(200);
    // the morning view acknowledges tasks (one, a group, a page); a domain's failing tasks through its own route
    assertThat(dashboard.body()).contains("action=\"/problems/ack\"");
    String csrf = csrf(dashboard.body());
    assertThat(post("/domain/shop.example/ack", csrf).statusCode()).isEqualTo(303);
    assertThat(lifecycle().ackedBy()).isEqualTo("web");
    assertThat(post("/domain/nowhere.example/ack", csrf).statusCode()).isEqualTo(404);
  }
}
