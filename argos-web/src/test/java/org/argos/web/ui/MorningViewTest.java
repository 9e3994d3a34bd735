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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.CheckResult;
import org.argos.api.ProbePeer;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The morning view (issue 19 §7): the dashboard lists failing tasks with their message and since when, grouped by
 * the address their checks connected to, then by message; a filter by address; acknowledging one task, a group, or
 * everything at an address; silencing what fails at an address; no action buttons for anonymous visitors.
 */
class MorningViewTest {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final ProbePeer BACKEND = new ProbePeer("10.0.0.5", 443, null);
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Long> tasks = new java.util.HashMap<>();
  private Javalin app;
  private String base;
  private String cookie = "";

  private void fails(String domain, Severity s, String message, @Nullable ProbePeer peer) {
    store.register(StorePlans.plan(StorePlans.site(domain, "status-is"), T0), T0);
    ClaimedGroup g = store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).get(0);
    long task = g.tasks().get(0).taskId();
    GroupOutcome o = new GroupOutcome(g.groupId(), T0, T0, List.of(new TaskOutcome(task,
        new CheckResult(ResultStatus.FAILURE, s, message, Map.of(), null))), List.of(), peer);
    store.complete(List.of(new CompletedRun("n1", g, o)), StorePlans.simpleRule());
    tasks.put(domain, task);
  }

  private void start(@Nullable String unauthenticated) {
    fails("https://a.example", Severity.CRITICAL, "connect timeout", BACKEND);
    fails("https://b.example", Severity.CRITICAL, "connection refused", BACKEND);
    fails("https://c.example", Severity.CRITICAL, "HTTP 503", null);
    fails("https://d.example", Severity.CRITICAL, "HTTP 503", new ProbePeer("10.0.0.9", 443, null));
    fails("https://e.example", Severity.WARNING, "slow answer", null);
    clock.advance(Duration.ofHours(2));
    WebUi ui = new WebUi(() -> new WebUi.Settings("s3cret", Duration.ofDays(7), null, unauthenticated, ""), store,
        Map::of, false, new WebUi.Users(WebUi.Authenticator.of((u, pw) -> "alice".equals(u) && "pw".equals(pw)),
        "alice"::equals), clock);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      ui.routes(c.routes);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    keep(r);
    return r;
  }

  private void keep(HttpResponse<String> r) {
    r.headers().allValues("Set-Cookie").forEach(c -> {
      String kv = c.split(";", 2)[0];
      String name = kv.split("=", 2)[0];
      List<String> kept = new ArrayList<>(List.of(cookie.isEmpty() ? new String[0] : cookie.split("; ")));
      kept.removeIf(k -> k.startsWith(name + "="));
      kept.add(kv);
      cookie = String.join("; ", kept);
    });
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
    keep(r);
    return r;
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a form with a CSRF token").isTrue();
    return "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
  }

  /** @return each tbody's class and the task URLs in it, in page order */
  private static List<String> groups(String html) {
    List<String> out = new ArrayList<>();
    Matcher body = Pattern.compile("<tbody class=\"cause-(\\w+)\">(.*?)</tbody>", Pattern.DOTALL).matcher(html);
    while (body.find()) {
      Matcher url = Pattern.compile(">https://(\\w)\\.example/?</a>").matcher(body.group(2));
      StringBuilder s = new StringBuilder(body.group(1)).append(':');
      while (url.find()) {
        s.append(url.group(1));
      }
      out.add(s.toString());
    }
    return out;
  }

  private String ackedBy(String domain) {
    return store.task(tasks.get(domain)).orElseThrow().state().lifecycle().ackedBy();
  }

  @Test
  void theDashboardGroupsFailingTasksByAddressThenMessage() throws Exception {
    start("all");
    String html = get("/").body();
    assertThat(groups(html)).containsExactly("address:ab", "message:cd", "none:e");
    assertThat(html).contains(">10.0.0.5:443</a>", "— 2 tasks failing", "“HTTP 503”", "connect timeout",
        "connection refused", "slow answer", "datetime=\"2026-12-07T08:00:00Z\"", "2 h 0 min ago");
    // a lone task that has an address links to its address's list
    assertThat(html).contains("href=\"/?address=10.0.0.9%3A443\"");
    // no login needed here: everyone acts
    assertThat(html).contains("id=\"ack-all\"", "class=\"ack-group\"", "class=\"ack\"", "id=\"recheck-all\"",
        "class=\"recheck-group\"", "class=\"recheck\"");
  }

  @Test
  void theAddressFilterListsWhatFailsThereAndActsOnIt() throws Exception {
    start("all");
    String html = get("/?address=10.0.0.5:443").body();
    assertThat(groups(html)).containsExactly("address:ab");
    assertThat(html).contains("id=\"problems-address\">10.0.0.5:443<", "id=\"silence-form\"");
    assertThat(groups(get("/?address=10.0.0.5").body())).containsExactly("address:ab");
    assertThat(get("/?address=10.0.0.6").body()).contains("id=\"no-problems\"");
    assertThat(get("/?address=not-an-address").statusCode()).isEqualTo(400);
    assertThat(get("/?address=10.0.0.5:99999").statusCode()).isEqualTo(400);

    HttpResponse<String> acked = post("/problems/ack", csrf(html) + "&address=10.0.0.5%3A443");
    assertThat(acked.statusCode()).isEqualTo(303);
    assertThat(acked.headers().firstValue("Location")).hasValue("/?address=10.0.0.5%3A443");
    assertThat(ackedBy("https://a.example")).isEqualTo("web");
    assertThat(ackedBy("https://b.example")).isEqualTo("web");
    assertThat(ackedBy("https://c.example")).isNull();
    assertThat(get("/?address=10.0.0.5:443").body()).contains("class=\"acked\">by web,");
  }

  @Test
  void oneTaskOrAGroupIsAcknowledged() throws Exception {
    start("all");
    String form = csrf(get("/").body());
    assertThat(post("/problems/ack", form + "&task=" + tasks.get("https://e.example")).statusCode()).isEqualTo(303);
    assertThat(ackedBy("https://e.example")).isEqualTo("web");
    assertThat(ackedBy("https://c.example")).isNull();
    assertThat(post("/problems/ack", form + "&task=" + tasks.get("https://c.example") + "&task="
        + tasks.get("https://d.example")).statusCode()).isEqualTo(303);
    assertThat(ackedBy("https://d.example")).isEqualTo("web");
    assertThat(post("/problems/ack", form + "&task=x").statusCode()).isEqualTo(400);
    assertThat(post("/problems/ack", form).statusCode()).isEqualTo(400);
    assertThat(post("/problems/ack", "_csrf=wrong&task=" + tasks.get("https://a.example")).statusCode()).isEqualTo(403);
    assertThat(ackedBy("https://a.example")).isNull();
  }

  @Test
  void recheckMakesTheChosenTasksDueNow() throws Exception {
    start("all");
    String form = csrf(get("/").body());
    assertThat(form).isNotEmpty();
    Instant now = clock.instant();
    // every group runs now: next runs in 5 minutes, none due
    for (ClaimedGroup g : store.claimDue("n1", now, now, 100, now.plusSeconds(60))) {
      store.complete(List.of(new CompletedRun("n1", g, StorePlans.outcome(g, now, Severity.CRITICAL))),
          StorePlans.simpleRule());
    }
    assertThat(store.claimDue("n1", now, now, 100, now.plusSeconds(60))).isEmpty();
    HttpResponse<String> r = post("/problems/recheck", form + "&task=" + tasks.get("https://a.example"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/?rechecked=1");
    assertThat(get("/?rechecked=1").body()).contains("id=\"rechecked\"", "1 group is due now");
    assertThat(store.claimDue("n1", now, now, 100, now.plusSeconds(60))).extracting(ClaimedGroup::domain)
        .containsExactly("https://a.example");
    // by address: what fails there (b; a is running now, so its run sets its next one)
    r = post("/problems/recheck", form + "&address=10.0.0.5");
    assertThat(r.headers().firstValue("Location")).hasValue("/?address=10.0.0.5&rechecked=1");
    assertThat(store.claimDue("n1", now, now, 100, now.plusSeconds(60))).extracting(ClaimedGroup::domain)
        .containsExactly("https://b.example");
    assertThat(post("/problems/recheck", form).statusCode()).isEqualTo(400);
  }

  @Test
  void anonymousVisitorsSeeTheProblemsWithoutButtons() throws Exception {
    start("dashboard");
    String html = get("/").body();
    assertThat(groups(html)).containsExactly("address:ab", "message:cd", "none:e");
    assertThat(html).doesNotContain("id=\"ack-all\"", "class=\"ack-group\"", "class=\"ack\"", "recheck");
    assertThat(post("/problems/recheck", csrf(html) + "&task=" + tasks.get("https://a.example")).statusCode())
        .isEqualTo(401);
    assertThat(post("/problems/ack", csrf(html) + "&task=" + tasks.get("https://a.example")).statusCode())
        .isEqualTo(401);
    assertThat(ackedBy("https://a.example")).isNull();
  }

  @Test
  void aLoggedInUserSilencesTheDomainsFailingAtAnAddress() throws Exception {
    start(null);
    String login = csrf(get("/login").body());
    assertThat(post("/login", login + "&username=alice&password=pw").statusCode()).isEqualTo(303);
    String html = get("/?address=10.0.0.5:443").body();
    HttpResponse<String> r = post("/domains/silence", csrf(html) + "&address=10.0.0.5%3A443&for=2h&reason=backend");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/?address=10.0.0.5%3A443&silenced=ui-");
    var silence = store.silences().get(0);
    assertThat(silence.domains()).containsExactlyInAnyOrder("https://a.example", "https://b.example");
    assertThat(silence.until()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(silence.reason()).contains("backend", "by alice from the problems at 10.0.0.5:443");
    assertThat(get(r.headers().firstValue("Location").orElseThrow()).body()).contains("id=\"silenced\"");
  }
}
