package org.argos.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.argos.api.Severity;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The printable monthly uptime page: one row per site with its availability, up and down time and incidents, the
 * tenant's total, links to the neighbouring months and the CSV; only for logged-in users unless the UI is open to all.
 */
class ReportPageTest {
  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final InMemoryStore store = new InMemoryStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;
  private String base;

  private void runAt(Instant at, Severity s) {
    for (ClaimedGroup g : store.claimDue("n1", at, at, 10, at.plusSeconds(60))) {
      store.complete(List.of(new CompletedRun("n1", g, StorePlans.outcome(g, at, s))), StorePlans.simpleRule());
    }
  }

  private void serve(String unauthenticatedAccess) {
    WebUi ui = new WebUi(() -> new WebUi.Settings("s3cret", Duration.ofDays(7), null, unauthenticatedAccess, ""),
        store, Map::of, false, new WebUi.Users(WebUi.Authenticator.of((u, pw) -> false), u -> false), clock);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      ui.routes(c.routes);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @BeforeEach
  void feed() {
    store.register(StorePlans.plan(StorePlans.site("https://a.example", "status-is"), NOV), NOV);
    store.register(StorePlans.plan(StorePlans.site("https://b.example", "status-is"), NOV.plus(Duration.ofDays(60))),
        NOV);
    runAt(NOV.plus(Duration.ofHours(6)), Severity.OK);
    runAt(NOV.plus(Duration.ofDays(10)), Severity.CRITICAL);
    runAt(NOV.plus(Duration.ofDays(10)).plus(Duration.ofHours(2)), Severity.OK);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMonthShowsEachSiteAndTheTotal() throws Exception {
    serve("all");
    HttpResponse<String> r = get("/reports/monthly?month=2026-11");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("<h1>Uptime report 2026-11</h1>",
        "<tr><td>https://a.example</td><td>1</td><td>99.720 %</td><td>29 d 16 h 0 min</td><td>2 h 0 min</td><td>1</td></tr>",
        "<tr><td>https://b.example</td><td>1</td><td>no data</td><td>0 min</td><td>0 min</td><td>0</td></tr>",
        "<th scope=\"row\">Total</th><td>2</td><td>99.720 %</td>",
        "href=\"/reports/monthly?month=2026-10&amp;tenant=default\"",
        "href=\"/reports/monthly?month=2026-12&amp;tenant=default\"",
        "href=\"/api/reports/monthly?month=2026-11&amp;tenant=default\">CSV</a>");
    // the current month by default, with no link to the next one
    r = get("/reports/monthly");
    assertThat(r.body()).contains("<h1>Uptime report 2026-12</h1>", "<td>100.000 %</td>")
        .doesNotContain("month=2027-01");
    assertThat(get("/reports/monthly?month=someday").statusCode()).isEqualTo(400);
    assertThat(get("/reports/monthly?tenant=nobody").body()).contains("This tenant has no sites.");
  }

  @Test
  void aVisitorWithoutALoginIsSentToTheLoginForm() throws Exception {
    serve("dashboard");
    HttpResponse<String> r = get("/reports/monthly?month=2026-11");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login?next="));
  }
}
