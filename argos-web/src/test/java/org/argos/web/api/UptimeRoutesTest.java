package org.argos.web.api;

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
import org.argos.api.Severity;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.config.DaemonConfig;
import org.argos.config.TrustedProxies;
import org.argos.engine.Argos;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.argos.web.auth.ApiAccess;
import org.argos.web.http.DatabaseOutage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The uptime routes over real HTTP on a store fed real runs: a site's month, its daily series, the monthly CSV, the
 * read scope, and a 400 naming the field for each kind of bad parameter.
 */
class UptimeRoutesTest {
  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private final HttpClient http = HttpClient.newHttpClient();
  private final DatabaseOutage outage = new DatabaseOutage(() -> {
    throw new IllegalStateException("not asked");
  }, clock, Duration.ofHours(1));
  private final InMemoryStore store = new InMemoryStore();
  private Argos argos;
  private Javalin app;
  private String base;

  private void runAt(Instant at, Severity s) {
    for (ClaimedGroup g : store.claimDue("n1", at, at, 10, at.plusSeconds(60))) {
      store.complete(List.of(new CompletedRun("n1", g, StorePlans.outcome(g, at, s))), StorePlans.simpleRule());
    }
  }

  @BeforeEach
  void start() {
    // a.example: ok from 06:00 on the 1st of November, down for two hours on the 11th, ok since
    store.register(StorePlans.plan(StorePlans.site("https://a.example", "status-is"), NOV), NOV);
    runAt(NOV.plus(Duration.ofHours(6)), Severity.OK);
    runAt(NOV.plus(Duration.ofDays(10)), Severity.CRITICAL);
    runAt(NOV.plus(Duration.ofDays(10)).plus(Duration.ofHours(2)), Severity.OK);
    argos = Argos.builder().clock(clock).store(store).probe(r -> {
      throw new AssertionError("nothing runs here");
    }).build();
    ApiEdge edge = new ApiEdge(() -> new ApiAccess.Tokens(List.of(),
        List.of(new DaemonConfig.ApiToken("reader", "read-token", DaemonConfig.Scope.READ))), outage,
        () -> TrustedProxies.NONE);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      edge.install(c);
      new UptimeRoutes(edge, argos, clock).mount(c);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
    outage.close();
    argos.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .header("Authorization", "Bearer read-token").build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void aSitesMonthIsItsTimeUpAndDownFromItsFirstResult() throws Exception {
    HttpResponse<String> r = get("/api/uptime?domain=" + enc("https://a.example") + "&from=2026-11-01&to=2026-12-01");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    long hour = 3_600_000L;
    assertThat(r.body()).contains("\"domain\":\"https://a.example\"", "\"from\":\"2026-11-01\"",
        "\"to\":\"2026-12-01\"", "\"ok_ms\":" + 712 * hour, "\"critical_ms\":" + 2 * hour,
        "\"observed_ms\":" + 714 * hour, "\"incidents\":1", "\"availability\":" + (712.0 / 714));
    // the last 7 days, today up to now: all up
    r = get("/api/uptime?tag=&domain=" + enc("https://a.example") + "&days=7");
    assertThat(r.statusCode()).isEqualTo(400);
    r = get("/api/uptime?domain=" + enc("https://a.example") + "&days=7");
    assertThat(r.body()).contains("\"from\":\"2026-12-01\"", "\"to\":\"2026-12-08\"",
        "\"ok_ms\":" + (6 * 24 + 10) * hour, "\"critical_ms\":0", "\"availability\":1.0");
    r = get("/api/uptime?tenant=default&from=2026-11-11&to=2026-11-12");
    assertThat(r.body()).contains("\"tenant\":\"default\"", "\"ok_ms\":" + 22 * hour, "\"critical_ms\":" + 2 * hour);
    r = get("/api/uptime?domain=" + enc("https://nowhere.example"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"availability\":null", "\"observed_ms\":0");
  }

  @Test
  void theDailySeriesHasOneEntryPerDayEndingToday() throws Exception {
    HttpResponse<String> r = get("/api/uptime/daily?domain=" + enc("https://a.example") + "&days=90");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body().split("\"day\":").length - 1).isEqualTo(90);
    assertThat(r.body()).contains("\"from\":\"2026-09-09\"", "\"to\":\"2026-12-08\"",
        "{\"day\":\"2026-11-11\",\"availability\":" + (22.0 / 24) + ",\"ok_ms\":79200000,\"warning_ms\":0,"
            + "\"critical_ms\":7200000,\"unknown_ms\":0,\"observed_ms\":86400000,\"incidents\":1}",
        "{\"day\":\"2026-10-31\",\"availability\":null,\"ok_ms\":0");
  }

  @Test
  void theMonthlyReportIsCsvWithOneLinePerSiteAndATotal() throws Exception {
    HttpResponse<String> r = get("/api/reports/monthly?month=2026-11");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(r.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"argos-uptime-2026-11-default.csv\"");
    assertThat(r.body()).isEqualTo(
        "month,tenant,domain,tasks,availability_percent,ok_seconds,warning_seconds,critical_seconds,unknown_seconds,"
            + "incidents\r\n"
            + "2026-11,default,https://a.example,1,99.720,2563200,0,7200,0,1\r\n"
            + "2026-11,default,total,1,99.720,2563200,0,7200,0,1\r\n");
    r = get("/api/reports/monthly?month=2026-11&tenant=" + enc("someone,else"));
    assertThat(r.body()).endsWith("\r\n2026-11,\"someone,else\",total,0,,0,0,0,0,0\r\n");
  }

  @Test
  void badParametersAreRefusedNamingTheField() throws Exception {
    String a = "domain=" + enc("https://a.example");
    assertBad("/api/uptime?" + a + "&from=2026-13-01&to=2026-12-01", "from");
    assertBad("/api/uptime?" + a + "&from=2026-11-01", "to");
    assertBad("/api/uptime?" + a + "&from=2026-11-01&to=2026-11-01", "to");
    assertBad("/api/uptime?" + a + "&from=2025-01-01&to=2026-12-01", "to");
    assertBad("/api/uptime?" + a + "&days=401", "days");
    assertBad("/api/uptime?" + a + "&days=7&from=2026-11-01&to=2026-12-01", "days");
    assertBad("/api/uptime?days=7", "domain");
    assertBad("/api/uptime?task=abc", "task");
    assertBad("/api/uptime/daily?days=90", "domain");
    assertBad("/api/reports/monthly", "month");
    assertBad("/api/reports/monthly?month=2026-1", "month");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/uptime?" + a)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403); // the project's rule: a missing token is 403, an unknown one 401
    assertThat(r.body()).contains("missing bearer token");
    r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/uptime?" + a))
        .header("Authorization", "Bearer not-a-token").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  private void assertBad(String pathAndQuery, String field) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + " " + r.body()).isEqualTo(400);
    assertThat(r.body()).as(pathAndQuery).contains("\"field\":\"" + field + "\"");
  }
}
