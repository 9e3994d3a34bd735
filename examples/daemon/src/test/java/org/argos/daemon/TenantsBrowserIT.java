package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.argos.web.auth.FileUserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * A tenant in a real Chromium: the operator adds the tenant acme to the config and reloads it through the API, then
 * registers a site into acme through the API; alice, acme's user, logs in and sees acme's site alone (the operator's
 * site is absent from her dashboard and list, and its page is a 404), while the operator sees both. Screenshots land in
 * target/screenshots/ (and docs/screenshots/ with {@code ARGOS_DOC_SCREENSHOTS=1}).
 */
class TenantsBrowserIT {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Path DOC_SHOTS = Path.of("..", "..", "docs", "screenshots");
  private static final boolean UPDATE_DOCS = "1".equals(System.getenv("ARGOS_DOC_SCREENSHOTS"));

  @TempDir Path dir;
  WireMockServer operatorSite;
  WireMockServer acmeSite;
  Server server;
  WebDriver driver;
  String base;
  Path config;

  private static WireMockServer down() {
    WireMockServer s = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    s.start();
    s.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("down")));
    return s;
  }

  @BeforeEach
  void setUp() throws Exception {
    operatorSite = down();
    acmeSite = down();
    FileUserStore users = new FileUserStore(dir.resolve("argos-users.json"));
    users.add("alice", "correct horse battery");
    users.add("olga", "operator horse battery");
    config = TestServers.write(dir, TestServers.config("", "http://127.0.0.1:" + operatorSite.port()));
    server = TestServers.start(config);
    base = TestServers.base(server);
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
    operatorSite.stop();
    acmeSite.stop();
  }

  private void shot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
    if (UPDATE_DOCS) {
      Files.createDirectories(DOC_SHOTS);
      Files.write(DOC_SHOTS.resolve(name + ".png"), png);
    }
  }

  private void login(String user, String password) {
    driver.manage().deleteAllCookies();
    driver.get(base + "/login");
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    Chromium.submit(driver, By.id("login-submit"));
  }

  @Test
  void aTenantsUserSeesItsOwnSitesAlone() throws Exception {
    // the operator creates the tenant: the config gains it, and a reload through the API applies it
    String yaml = Files.readString(config).replace("websites:\n", """
        tenants:
          - slug: acme
            name: ACME Corp
            users:
              - {name: alice, role: editor}
        websites:
        """);
    Files.writeString(config, yaml);
    Http.Response reload = Http.send("POST", base + "/api/reload-config", TestServers.ADMIN, null);
    assertThat(reload.status()).as(reload.body()).isEqualTo(200);
    // and gives it a site through the API
    String acme = "127.0.0.1:" + acmeSite.port();
    Http.Response put = Http.send("PUT", base + "/api/sites/" + acme, TestServers.WRITE, """
        {"domain": "http://%s", "tenant": "acme", "paths": [{"path": "/", "checks": [{"status-is": 200}]}]}
        """.formatted(acme));
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    String operator = "127.0.0.1:" + operatorSite.port();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(Http.get(base + "/api/severities").json().path("critical").asLong()).isEqualTo(4)); // 3 tasks of the operator's site, 1 of acme's

    login("alice", "correct horse battery");
    driver.get(base + "/");
    assertThat(driver.findElement(By.id("problems")).getText()).contains(acme).doesNotContain(operator);
    shot("tenants-01-tenant-dashboard");
    driver.get(base + "/domains");
    assertThat(driver.findElement(By.tagName("main")).getText()).contains(acme).doesNotContain(operator);
    shot("tenants-02-tenant-domains");
    driver.get(base + "/domain/" + operator);
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("No domain").doesNotContain("/health");
    shot("tenants-03-other-tenants-site-is-404");
    assertThat(driver.findElements(By.linkText("Agents"))).as("the operator's page is not offered").isEmpty();
    driver.get(base + "/agents");
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("operator");

    login("olga", "operator horse battery");
    driver.get(base + "/domains");
    assertThat(driver.findElements(By.linkText("Agents"))).hasSize(1);
    assertThat(driver.findElement(By.tagName("main")).getText()).contains(acme, operator);
    shot("tenants-04-operator-domains");
  }
}
