package org.argos.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.TaskState;
import org.argos.api.TaskStatus;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the task and result pages show of a TLS check's result, and that text from sites is escaped, never markup. */
class WebUiPagesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  private static final String DOMAIN = "https://shop.example";
  private static final String EVIL = "<script>alert(1)</script>";
  private Javalin app;
  private String base;

  private static TaskStatus task() {
    TaskState state = new TaskState(Severity.WARNING, ResultStatus.SUCCESS, "certificate expires in 9 days " + EVIL,
        NOW.minusSeconds(60), NOW.minusSeconds(3600), 0, false, null, null);
    return new TaskStatus(7, DOMAIN, DOMAIN + "/", "GET", IpVersion.IPV6, new CheckSpec("ssl-certificate-expiration", "on-check"),
        state, NOW.plusSeconds(240));
  }

  private static StoredResult result(long id, Instant at, long millis) {
    CheckResult r = new CheckResult(ResultStatus.SUCCESS, Severity.WARNING, "certificate expires in 9 days " + EVIL,
        Map.of("notAfter", "2026-01-10T00:00:00Z", "daysLeft", 9, "subject", "CN=shop.example"),
        new ProbeTimings(Duration.ofMillis(3), Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(80),
            Duration.ofMillis(millis)));
    return new StoredResult(id, 7, at, "agent-" + EVIL, r);
  }

  @BeforeEach
  void start() {
    Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, a) ->
        switch (m.getName()) {
          case "task" -> (Long) a[0] == 7 ? Optional.of(task()) : Optional.empty();
          case "result" -> (Long) a[0] == 42 ? Optional.of(result(42, NOW.minusSeconds(60), 120)) : Optional.empty();
          case "results" -> List.of(result(42, NOW.minusSeconds(60), 120), result(41, NOW.minusSeconds(360), 300),
              result(40, NOW.minusSeconds(660), 90));
          case "history" -> List.of(new StateChange(7, DOMAIN, DOMAIN + "/", "GET", IpVersion.IPV6, task().check(), Severity.OK,
              Severity.WARNING, NOW.minusSeconds(3600), "expires soon " + EVIL, 41));
          case "locationResults" -> List.of(
              new org.argos.api.store.LocationResult(7, "par1", Severity.CRITICAL, "timeout " + EVIL, NOW.minusSeconds(60)),
              new org.argos.api.store.LocationResult(7, "fra1", Severity.OK, "", NOW.minusSeconds(60)));
          case "site" -> Optional.of(org.argos.api.Site.builder(DOMAIN).path("/", p2 -> p2.check("status-is", 200))
              .quorum(new org.argos.api.Quorum(List.of("par1", "fra1"), 2, false)).build());
          case "toString" -> "pages store";
          default -> throw new AssertionError("unexpected read " + m.getName());
        });
    WebUi ui = new WebUi(() -> new WebUi.Settings("s3cret", Duration.ofDays(7), null, "all", "/argos"), store, Map::of, false,
        new WebUi.Users((u, pw) -> WebUi.Verdict.REJECTED, u -> false), Clock.fixed(NOW, ZoneOffset.UTC));
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.router.contextPath = "/argos";
      ui.routes(c.routes);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port() + "/argos";
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aResultShowsTimingsAndTheCertificateAndEscapesWhatSitesSaid() throws Exception {
    HttpResponse<String> r = get("/result/42");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    String html = r.body();
    assertThat(html).contains("Certificate expires", "2026-01-10T00:00:00Z", "Days left", "CN=shop.example",
        "TLS handshake", "40 ms", "Total", "120 ms", "href=\"/argos/task/7/results\"", "href=\"/argos/domain/shop.example\"");
    assertThat(html).doesNotContain(EVIL).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(get("/result/43").statusCode()).isEqualTo(404);
  }

  @Test
  void aTaskShowsItsChartHistoryAndResults() throws Exception {
    String html = get("/task/7/results").body();
    assertThat(html).contains("<svg class=\"chart\"", "Response time of the last 3 results: up to 300 ms, average 170 ms",
        "IPv6", "ssl-certificate-expiration", "on-check", "href=\"/argos/result/41\"", "href=\"/argos/result/40\"");
    assertThat(html).doesNotContain(EVIL);
    assertThat(html.indexOf("/argos/result/42\"")).as("newest first").isLessThan(html.indexOf("/argos/result/40\""));
    assertThat(get("/task/8/results").statusCode()).isEqualTo(404);
    assertThat(get("/task/-1/results").statusCode()).isEqualTo(404);
  }

  @Test
  void aTaskCheckedFromSeveralLocationsShowsEachLocationAndThatItsVerdictIsPartial() throws Exception {
    String html = get("/task/7/results").body();
    assertThat(html).contains("id=\"locations\"", "<td>par1</td>", "<td>fra1</td>", "id=\"partial\"");
    assertThat(html).doesNotContain(EVIL);
  }
}
