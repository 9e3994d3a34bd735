package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.w3c.dom.Document;

/**
 * A tenant publishes a status page (issue 20): acme has a site up and a site down and an incident its editor opened;
 * globex has a site of its own. Anyone, without logging in, reads acme's page in a real Chromium: acme's sites by name
 * with their state and uptime, the incident, and nothing of globex nor any URL or error text (the page does not allow
 * them). The page, its badges and its feed are cacheable (ETag, 304). Screenshot in target/screenshots/ (and
 * docs/screenshots/ with {@code ARGOS_DOC_SCREENSHOTS=1}).
 */
class StatusPagesBrowserIT {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Path DOC_SHOTS = Path.of("..", "..", "docs", "screenshots");
  private static final String ACME_TOKEN = "acme-9d2f6b1c7e4a8053f1d9c2b7a6e5d4c3";

  @TempDir Path dir;
  WireMockServer up;
  WireMockServer down;
  WireMockServer globex;
  Server server;
  WebDriver driver;
  String base;
  final HttpClient http = HttpClient.newHttpClient();

  private static WireMockServer answering(int status) {
    WireMockServer s = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    s.start();
    s.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status).withBody(status == 200 ? "ok" : "down")));
    return s;
  }

  private static String site(String domain, String tenant) {
    return """
          - domain: "%s"
            tenant: %s
            timeout: 2s
            paths:
              - path: "/health"
                checks:
                  - status-is: 200
        """.formatted(domain, tenant);
  }

  @BeforeEach
  void setUp() throws Exception {
    up = answering(200);
    down = answering(503);
    globex = answering(503);
    String yaml = TestServers.config("").replace("websites:\n", """
        tenants:
          - slug: acme
            name: ACME Corp
            api_tokens:
              - {name: acme-editor, token: %s, role: editor}
            status_pages:
              - {slug: acme-status, title: ACME services}
          - slug: globex
            name: Globex
        websites:
        """.formatted(ACME_TOKEN)) + site("http://127.0.0.1:" + up.port(), "acme")
        + site("http://127.0.0.1:" + down.port(), "acme") + site("http://127.0.0.1:" + globex.port(), "globex");
    server = TestServers.start(TestServers.write(dir, yaml));
    base = TestServers.base(server);
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
    up.stop();
    down.stop();
    globex.stop();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Document xml(String body) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anyoneReadsATenantsStatusPageWithItsSitesAloneAndNoInternalDetail() throws Exception {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(Http.get(base + "/api/severities").json().path("critical").asLong()).isEqualTo(2);
      assertThat(Http.get(base + "/api/severities").json().path("ok").asLong()).isEqualTo(1);
    });
    Http.Response opened = Http.send("POST", base + "/api/incidents", ACME_TOKEN,
        "{\"title\":\"Mail delivery delayed\",\"message\":\"We are looking into it.\"}");
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    Thread.sleep(org.argos.web.status.StatusPageRoutes.TTL.toMillis()); // the page rendered before may be cached

    HttpResponse<String> page = get("/status/acme-status");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Set-Cookie")).as("no session for a public page").isEmpty();
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("public, max-age=30");
    String etag = page.headers().firstValue("ETag").orElseThrow();
    String html = page.body();
    assertThat(html).contains("ACME services", "Some systems are down", "Mail delivery delayed", "127.0.0.1:" + down.port(),
        "We are looking into it.", ">Up<", ">Down<");
    assertThat(html).doesNotContain("http://127.0.0.1:" + up.port()).doesNotContain("http://127.0.0.1:" + down.port())
        .as("no error text").doesNotContain("503").doesNotContainIgnoringCase("<script")
        .as("globex's site is not listed").doesNotContain(":" + globex.port());
    assertThat(get("/status/acme-status", "If-None-Match", etag).statusCode()).isEqualTo(304);

    assertThat(get("/status/no-such-page").statusCode()).isEqualTo(404);
    assertThat(get("/status/acme-status?page=0").statusCode()).isEqualTo(400);
    assertThat(get("/status/acme-status?page=2").statusCode()).isEqualTo(404);

    HttpResponse<String> badge = get("/status/acme-status/badge.svg");
    assertThat(badge.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(xml(badge.body()).getDocumentElement().getAttribute("aria-label")).isEqualTo("ACME services: down");
    HttpResponse<String> uptime = get("/status/acme-status/uptime.svg?days=30");
    assertThat(xml(uptime.body()).getDocumentElement().getAttribute("aria-label")).startsWith("uptime 30 d: ");
    assertThat(get("/status/acme-status/uptime.svg?days=365").statusCode()).isEqualTo(400);
    Document feed = xml(get("/status/acme-status/incidents.atom").body());
    assertThat(feed.getElementsByTagName("entry").getLength()).isEqualTo(1);
    assertThat(feed.getElementsByTagName("title").item(1).getTextContent())
        .isEqualTo("[investigating] Mail delivery delayed");

    driver = Chromium.start(dir);
    driver.get(base + "/status/acme-status");
    String text = driver.findElement(By.tagName("main")).getText();
    assertThat(text).contains("ACME services", "Some systems are down", "Current incidents", "Mail delivery delayed")
        .doesNotContain("Log in");
    assertThat(driver.findElements(By.cssSelector("table.sites tbody tr"))).hasSize(2);
    assertThat(driver.findElements(By.cssSelector("svg.days rect"))).hasSize(2 * 90);
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve("status-page.png"), png);
    if ("1".equals(System.getenv("ARGOS_DOC_SCREENSHOTS"))) {
      Files.createDirectories(DOC_SHOTS);
      Files.write(DOC_SHOTS.resolve("status-page.png"), png);
    }
  }
}
