package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.argos.web.auth.FileUserStore;

/**
 * The web UI in a real Chromium: the daemon runs in this JVM and probes WireMock sites with the built-in checks; a
 * user logs in, reads the dashboard, filters domains, opens a domain, a task and a result, toggles auto-refresh and
 * logs out. Screenshots of each page land in target/screenshots/ for people to look at.
 */
class WebUiBrowserIT {
  private static final Path SHOTS = Path.of("target", "screenshots");

  @TempDir Path dir;
  WireMockServer healthy;
  WireMockServer broken;
  Server server;
  WebDriver driver;
  String base;
  int closedPort;
  String yaml;

  /** A site on loopback: "/" answers 200 "home", "/health" the given status and body. */
  private static WireMockServer site(int healthStatus, String healthBody) {
    WireMockServer site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    site.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("home")));
    site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(healthStatus).withBody(healthBody)));
    return site;
  }

  @BeforeEach
  void setUp() throws Exception {
    healthy = site(200, "all ok");
    broken = site(503, "down");
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // nothing listens there once closed: connections are refused
    }
    yaml = """
        general:
          db:
            url: memory
          frequency: "1m"
          ipv6: false
          cookie_secret: "browser-test-secret-0123456789"
          remember_me_duration: 1440
          alerts:
            ok: [local]
            critical: [local]
            unknown: [local]
        service:
          secrets: [%s]
        argos_java:
          first_run_spread: 0
        websites:
          - domain: "http://127.0.0.1:%d"
            tags: [shop]
            timeout: 5s
            paths:
              - path: "/"
                checks:
                  - status-is: 200
              - path: "/health"
                checks:
                  - status-is: 200
                  - body-contains: ok
          - domain: "http://127.0.0.1:%d"
            tags: [blog]
            frequency: "2s"
            timeout: 5s
            paths:
              - path: "/"
                checks:
                  - status-is: 200
              - path: "/health"
                checks:
                  - status-is: 200
          - domain: "http://127.0.0.1:%d"
            timeout: 2s
            paths:
              - path: "/"
                checks:
                  - status-is: 200
        """.formatted(TestServers.TOKEN, healthy.port(), broken.port(), closedPort);
    new FileUserStore(dir.resolve("argos-users.json")).add("alice", "correct horse battery");
    server = TestServers.start(TestServers.write(dir, yaml));
    base = TestServers.base(server);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(Http.get(base + "/api/severities").json().path("pending").asLong()).isZero());

    driver = Chromium.start(dir);
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    healthy.stop();
    broken.stop();
  }

  private void shot(String name) throws IOException {
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  private void submit(By control) {
    Chromium.submit(driver, control);
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  @Test
  void aUserReadsTheStatusFromDashboardToResultAndLogsOut() throws Exception {
    driver.get(base + "/domains");
    assertThat(driver.getCurrentUrl()).contains("/login?next=");
    shot("01-login");
    driver.findElement(By.id("username")).sendKeys("alice");
    driver.findElement(By.id("password")).sendKeys("wrong");
    submit(By.id("login-submit"));
    assertThat(text("login-error")).isEqualTo("Wrong user name or password.");
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    submit(By.id("login-submit"));
    assertThat(driver.getCurrentUrl()).endsWith("/domains"); // back where the login was asked
    assertThat(text("user")).isEqualTo("alice");

    // Dashboard: the big numbers are /api/severities'.
    driver.get(base + "/");
    JsonNode sev = Http.get(base + "/api/severities").json();
    for (String s : List.of("ok", "warning", "critical", "unknown", "pending")) {
      assertThat(Long.parseLong(text("count-" + s))).as(s).isEqualTo(sev.path(s).asLong());
    }
    assertThat(sev.path("ok").asLong()).isEqualTo(4);
    assertThat(sev.path("critical").asLong()).isEqualTo(2); // a 503 and a refused connection are both critical, as in Argos
    List<WebElement> problems = driver.findElements(By.cssSelector("#problems tbody tr"));
    assertThat(problems).hasSize(2);
    assertThat(text("problems")).contains("127.0.0.1:" + closedPort, "127.0.0.1:" + broken.port())
        .doesNotContain("127.0.0.1:" + healthy.port());
    assertThat(driver.findElement(By.cssSelector("svg.bar")).getAttribute("aria-label")).contains("6 tasks", "4 ok");
    shot("02-dashboard");
    assertThat(lowContrast()).as("text below WCAG AA contrast").isEmpty();

    // Auto-refresh on, every 5 s: a meta refresh, remembered in a cookie.
    driver.findElement(By.id("auto_refresh")).click();
    WebElement interval = driver.findElement(By.id("interval"));
    interval.clear();
    interval.sendKeys("5");
    submit(By.id("refresh-save"));
    assertThat(text("refresh-state")).contains("refreshing every 5 s");
    assertThat(driver.findElements(By.cssSelector("meta[http-equiv=refresh][content='5']"))).hasSize(1);
    assertThat(driver.manage().getCookieNamed("argos_refresh").getValue()).isEqualTo("on:5");
    driver.get(base + "/");
    assertThat(driver.findElement(By.id("auto_refresh")).isSelected()).isTrue();
    shot("03-dashboard-refresh-on");
    driver.findElement(By.id("auto_refresh")).click();
    submit(By.id("refresh-save"));
    assertThat(text("refresh-state")).contains("auto-refresh off");
    assertThat(driver.findElements(By.cssSelector("meta[http-equiv=refresh]"))).isEmpty();

    // Phone width: the page still reads (no horizontal scrolling of the page itself).
    driver.manage().window().setSize(new Dimension(390, 844));
    driver.get(base + "/");
    Object scroll = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1;");
    assertThat(scroll).isEqualTo(true);
    shot("04-dashboard-phone");
    driver.manage().window().setSize(new Dimension(1280, 1000));

    // Domains: filters by severity, tag and text.
    driver.get(base + "/domains");
    assertThat(text("domains-total")).isEqualTo("3 domains");
    new Select(driver.findElement(By.id("severity"))).selectByValue("critical");
    submit(By.id("filter"));
    assertThat(driver.findElements(By.cssSelector("#domains tbody tr"))).hasSize(2);
    assertThat(text("domains")).contains("127.0.0.1:" + broken.port()).doesNotContain("127.0.0.1:" + healthy.port());
    new Select(driver.findElement(By.id("severity"))).selectByValue("");
    driver.findElement(By.id("tag")).sendKeys("shop");
    submit(By.id("filter"));
    assertThat(driver.findElements(By.cssSelector("#domains tbody tr"))).hasSize(1);
    assertThat(text("domains")).contains("127.0.0.1:" + healthy.port());
    driver.findElement(By.id("tag")).clear();
    driver.findElement(By.id("q")).sendKeys(String.valueOf(closedPort));
    submit(By.id("filter"));
    assertThat(text("domains-total")).isEqualTo("1 domain");
    driver.findElement(By.id("q")).clear();
    submit(By.id("filter"));
    shot("05-domains");
    assertThat(lowContrast()).as("text below WCAG AA contrast").isEmpty();

    // A domain: its tasks.
    submit(By.linkText("http://127.0.0.1:" + broken.port()));
    assertThat(driver.getCurrentUrl()).endsWith("/domain/127.0.0.1%3A" + broken.port());
    List<WebElement> tasks = driver.findElements(By.cssSelector("#tasks tbody tr"));
    assertThat(tasks).hasSize(2);
    assertThat(tasks.get(1).getText()).contains("/health", "GET", "IPv4", "status-is", "200", "critical", "503");
    shot("06-domain");

    // A task: its history, results and chart.
    submit(By.linkText("/health"));
    // This site runs every 2 s: wait for a few results so the chart has a line.
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      driver.navigate().refresh();
      return driver.findElements(By.cssSelector("#results tbody tr")).size() >= 4;
    });
    assertThat(driver.findElements(By.cssSelector("#changes tbody tr"))).isNotEmpty();
    assertThat(text("changes")).contains("critical");
    assertThat(driver.findElements(By.cssSelector("#results tbody tr"))).isNotEmpty();
    assertThat(driver.findElement(By.cssSelector("svg.chart")).getAttribute("aria-label")).contains("Response time");
    shot("07-task");

    // A result: message, timings.
    submit(By.cssSelector("#results tbody tr a"));
    assertThat(text("message")).contains("503");
    assertThat(text("timings")).contains("Total");
    shot("08-result");

    // The unreachable site's result carries its error.
    driver.get(base + "/domain/127.0.0.1:" + closedPort);
    submit(By.linkText("/"));
    submit(By.cssSelector("#results tbody tr a"));
    assertThat(driver.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("critical");
    assertThat(text("error")).contains("connect");
    shot("09-result-error");

    driver.get(base + "/agents");
    assertThat(driver.getPageSource()).contains("probes the sites itself");
    shot("10-agents");

    // A form whose CSRF token was removed is refused.
    driver.get(base + "/");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "document.querySelector('form.refresh input[name=_csrf]').remove();");
    submit(By.id("refresh-save"));
    assertThat(text("error-message")).contains("CSRF");
    shot("11-csrf-refused");

    driver.get(base + "/");
    org.openqa.selenium.Cookie session = driver.manage().getCookieNamed("argos_session");
    submit(By.id("logout"));
    assertThat(driver.getCurrentUrl()).endsWith("/login");
    driver.get(base + "/");
    assertThat(driver.getCurrentUrl()).contains("/login?next=");
    // The cookie of the ended session, put back as someone who copied it would: refused.
    driver.manage().addCookie(session);
    driver.get(base + "/domains");
    assertThat(driver.getCurrentUrl()).contains("/login?next=");
  }

  @Test
  void logOutEverywhereEndsTheOtherBrowsersSessionToo() throws Exception {
    WebClient other = new WebClient(base);
    other.login("alice", "correct horse battery");
    assertThat(other.get("/domains").status()).isEqualTo(200);
    driver.get(base + "/login");
    driver.findElement(By.id("username")).sendKeys("alice");
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    submit(By.id("login-submit"));
    submit(By.id("sessions-link"));
    assertThat(driver.getCurrentUrl()).endsWith("/logout");
    assertThat(lowContrast()).as("text below WCAG AA contrast").isEmpty();
    shot("14-log-out-everywhere");
    submit(By.id("logout-everywhere"));
    assertThat(driver.getCurrentUrl()).endsWith("/login");
    assertThat(other.get("/domains").status()).as("the other browser's session has ended").isEqualTo(303);
    driver.get(base + "/domains");
    assertThat(driver.getCurrentUrl()).contains("/login?next=");
  }

  /**
   * Text on this page whose contrast with its background is below 4.5:1 (WCAG AA), from the computed colours;
   * the background is the nearest ancestor's that is not transparent.
   */
  @SuppressWarnings("unchecked")
  private List<String> lowContrast() {
    return (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
        const rgb = c => c.match(/[\\d.]+/g).map(Number);
        const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255;
          return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
          if (rgb(c).length < 4 || rgb(c)[3] > 0) return c; } return 'rgb(255, 255, 255)'; };
        const bad = [];
        for (const e of document.querySelectorAll('body *')) {
          const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
          if (!own || e.offsetParent === null) continue;
          const a = lum(getComputedStyle(e).color), b = lum(bg(e));
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          if (ratio < 4.5) bad.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
        }
        return bad;""");
  }

  @Test
  void unauthenticatedAccessDashboardShowsOnlyTheDashboardToVisitors() throws Exception {
    server.close();
    server = TestServers.start(TestServers.write(dir, yaml.replace("  ipv6: false\n", "  ipv6: false\n  unauthenticated_access: dashboard\n")));
    base = TestServers.base(server);
    driver.get(base + "/");
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/");
    assertThat(driver.findElements(By.id("count-ok"))).hasSize(1);
    assertThat(driver.findElement(By.id("login-link")).getText()).isEqualTo("Log in");
    shot("12-dashboard-visitor");
    submit(By.linkText("Domains"));
    assertThat(driver.getCurrentUrl()).contains("/login?next=%2Fdomains");
    driver.findElement(By.id("username")).sendKeys("alice");
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    submit(By.id("login-submit"));
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/domains");

    server.close();
    server = TestServers.start(TestServers.write(dir, yaml.replace("  ipv6: false\n", "  ipv6: false\n  unauthenticated_access: all\n")));
    base = TestServers.base(server);
    driver.manage().deleteAllCookies();
    driver.get(base + "/agents");
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/agents");
    assertThat(driver.findElements(By.id("login-link"))).isEmpty();
  }

  @Test
  void keyboardReachesEveryControlAndLabelsNameThem() {
    driver.get(base + "/login");
    for (WebElement input : driver.findElements(By.cssSelector("input:not([type=hidden])"))) {
      String id = input.getAttribute("id");
      boolean labelled = !driver.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty()
          || !input.findElements(By.xpath("ancestor::label")).isEmpty();
      assertThat(labelled).as("input #" + id + " has a label").isTrue();
    }
    // The login form is focused on arrival; Tab moves to the password, Enter submits.
    assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("username");
    org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(driver);
    keys.sendKeys("alice").sendKeys(Keys.TAB).sendKeys("correct horse battery").sendKeys(Keys.ENTER).perform();
    new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> !d.getCurrentUrl().contains("/login") && !d.findElements(By.id("user")).isEmpty());
    assertThat(text("user")).isEqualTo("alice");
    // From the top of a page, the skip link comes first and moves focus to the content.
    keys.sendKeys(Keys.TAB).perform();
    assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    keys.sendKeys(Keys.ENTER).perform();
    assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
    // Then the navigation, by keyboard alone.
    keys.sendKeys(Keys.TAB).perform();
    assertThat(driver.switchTo().activeElement().getTagName()).isIn("a", "button", "input");
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
  }

  @Test
  void fiveWrongPasswordsLockTheFormWithAClearMessage() throws Exception {
    driver.get(base + "/login");
    for (int i = 1; i <= 5; i++) {
      driver.findElement(By.id("username")).clear();
      driver.findElement(By.id("username")).sendKeys("alice");
      driver.findElement(By.id("password")).sendKeys("guess " + i);
      submit(By.id("login-submit"));
      assertThat(text("login-error")).isEqualTo("Wrong user name or password.");
    }
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    submit(By.id("login-submit"));
    assertThat(text("login-error")).matches("Too many failed logins for this user name or from this address\\. "
        + "Try again in (1 minute|[1-5]?[0-9] seconds)\\."); // the real clock moved on a little
    assertThat(driver.findElement(By.id("login-error")).getAttribute("role")).isEqualTo("alert");
    assertThat(driver.findElements(By.id("user"))).as("not logged in").isEmpty();
    assertThat(lowContrast()).isEmpty();
    shot("13-login-throttled");
  }
}
