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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.StatusPage;
import org.argos.api.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages read aggregates and single pages, whatever the size: a store that claims a million tasks and 200,133
 * domains answers only severity counts and bounded domain pages, and fails the test on any other read.
 */
class WebUiScaleTest {
  private static final Map<Severity, Integer> DOMAINS = Map.of(Severity.UNKNOWN, 3, Severity.CRITICAL, 120,
      Severity.WARNING, 10, Severity.OK, 200_000);
  private static final SeverityCounts COUNTS = new SeverityCounts(900_000, 50_000, 40_000, 9_000, 1_000);
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<DomainQuery> queries = Collections.synchronizedList(new ArrayList<>());
  private Javalin app;
  private String base;

  private Store store() {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, m, args) -> {
      calls.add(m.getName());
      return switch (m.getName()) {
        case "severityCounts" -> COUNTS;
        case "domains" -> domains((DomainQuery) args[0]);
        // the SPI's default: the three problem severities read as three domain pages
        case "problems" -> java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
        case "site" -> Optional.empty();
        // the dashboard's failing tasks: one domain's tasks per problem domain of the page, and their peers at once
        case "tasks" -> List.of(failingTask((String) args[0]));
        case "peers" -> Map.of();
        case "toString" -> "scale store";
        default -> throw new AssertionError("a page read " + m.getName() + ", which a million-task store cannot afford here");
      };
    });
  }

  private static org.argos.api.TaskStatus failingTask(String domain) {
    return new org.argos.api.TaskStatus(domain.hashCode() & 0xffff, domain, domain + "/", "GET",
        org.argos.api.IpVersion.IPV4, org.argos.api.CheckSpec.of("status-is", 200),
        new org.argos.api.TaskState(Severity.CRITICAL, org.argos.api.ResultStatus.FAILURE, "HTTP 503",
            NOW.minusSeconds(30), NOW.minusSeconds(3600), 3, true, null, null), NOW.plusSeconds(60));
  }

  private StatusPage domains(DomainQuery q) {
    queries.add(q);
    int total = q.severity() == null ? DOMAINS.values().stream().mapToInt(Integer::intValue).sum() : DOMAINS.get(q.severity());
    String label = q.severity() == null ? "any" : q.severity().label();
    List<DomainStatus> page = new ArrayList<>();
    for (int i = q.offset(); i < Math.min(total, q.offset() + q.limit()); i++) {
      page.add(new DomainStatus("https://d-" + label + "-" + i + ".example", q.severity(), NOW.minusSeconds(30), 7));
    }
    // a text "most domains contain": the store counted up to a bound
    return "broad".equals(q.text()) ? new StatusPage(COUNTS, page, 10_000, false) : new StatusPage(COUNTS, page, total);
  }

  @BeforeEach
  void start() {
    WebUi ui = new WebUi(() -> new WebUi.Settings("s3cret", Duration.ofDays(7), null, "all", ""), store(),
        () -> Map.of("agent-1", NOW.minusSeconds(5)), true,
        new WebUi.Users((u, p) -> WebUi.Verdict.REJECTED, u -> false), Clock.fixed(NOW, java.time.ZoneOffset.UTC));
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

  private String get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + "\n" + r.body()).isEqualTo(200);
    return r.body();
  }

  private static List<String> problemRows(String html) {
    List<String> out = new ArrayList<>();
    // a domain list's rows link to the domain; the dashboard's failing tasks show their URL
    Matcher m = Pattern.compile("href=\"/domain/(d-[a-z]+-\\d+\\.example)\"|>https://(d-[a-z]+-\\d+\\.example)/</a>")
        .matcher(html);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  @Test
  void theDashboardReadsCountsAndThreeBoundedPages() throws Exception {
    String html = get("/");
    // one page of domains, then the failing tasks of each (bounded by the page) and their peers in one read
    assertThat(calls.subList(0, 4)).containsExactly("problems", "domains", "domains", "domains");
    assertThat(calls.subList(4, calls.size())).containsOnly("tasks", "site", "peers");
    assertThat(calls.stream().filter("tasks"::equals)).hasSize(WebUi.PAGE_SIZE);
    assertThat(calls.stream().filter("peers"::equals)).hasSize(1);
    assertThat(queries).allSatisfy(q -> assertThat(q.limit()).isLessThanOrEqualTo(WebUi.PAGE_SIZE));
    assertThat(queries).extracting(DomainQuery::severity).containsExactly(Severity.UNKNOWN, Severity.CRITICAL, Severity.WARNING);
    assertThat(html).contains("id=\"count-ok\">900000<", "id=\"count-pending\">1000<", "(133 domains, worst first)",
        "Page 1 of 3", "1 agent seen");
    List<String> rows = problemRows(html);
    assertThat(rows).hasSize(50);
    assertThat(rows.get(0)).isEqualTo("d-unknown-0.example");
    assertThat(rows.get(3)).isEqualTo("d-critical-0.example");
    assertThat(rows.get(49)).isEqualTo("d-critical-46.example");
  }

  @Test
  void problemPagesWalkTheSeveritiesAsOneList() throws Exception {
    List<String> page2 = problemRows(get("/?page=2"));
    assertThat(page2).hasSize(50);
    assertThat(page2.get(0)).isEqualTo("d-critical-47.example");
    assertThat(page2.get(49)).isEqualTo("d-critical-96.example");
    List<String> page3 = problemRows(get("/?page=3"));
    assertThat(page3).hasSize(33);
    assertThat(page3.get(0)).isEqualTo("d-critical-97.example");
    assertThat(page3.get(22)).isEqualTo("d-critical-119.example");
    assertThat(page3.get(23)).isEqualTo("d-warning-0.example");
    assertThat(page3.get(32)).isEqualTo("d-warning-9.example");
  }

  @Test
  void aSearchCountedUpToABoundSaysMoreThanAndPagesOnWhilePagesAreFull() throws Exception {
    String html = get("/domains?q=broad&page=300");
    assertThat(html).contains("more than 10000 domains", "Page 300<", "href=\"/domains?q=broad&amp;page=301\"",
        "href=\"/domains?q=broad&amp;page=299\"");
    assertThat(html).doesNotContain("Page 300 of");
    assertThat(problemRows(html)).hasSize(50);
  }

  @Test
  void aDeepDomainsPageIsOneIndexRead() throws Exception {
    String html = get("/domains?page=4000&tag=shop&q=d-");
    assertThat(calls).containsExactly("domains");
    DomainQuery q = queries.get(0);
    assertThat(q.offset()).isEqualTo(199_950);
    assertThat(q.limit()).isEqualTo(WebUi.PAGE_SIZE);
    assertThat(q.tag()).isEqualTo("shop");
    assertThat(q.text()).isEqualTo("d-");
    assertThat(html).contains("Page 4000 of 4003", "href=\"/domains?tag=shop&amp;q=d-&amp;page=4001\"");
    assertThat(problemRows(html)).hasSize(50);
  }
}
