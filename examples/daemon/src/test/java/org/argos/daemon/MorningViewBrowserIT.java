package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.argos.agents.agent.Agent;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.argos.web.auth.FileUserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The morning view (issue 19 §7) in a real Chromium: sites checked from two locations (par1 and fra1, one agent
 * each, quorum 2), two of them on one backend (127.0.0.1 and localhost, one port): the dashboard groups their failing
 * tasks under that address with each location's result, the address filter lists them, a user acknowledges one.
 * Screenshots land in target/screenshots/; with {@code ARGOS_DOC_SCREENSHOTS=1} in the environment they also replace
 * docs/screenshots/ (a test run does not rewrite tracked files otherwise).
 */
class MorningViewBrowserIT {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Path DOC_SHOTS = Path.of("..", "..", "docs", "screenshots");
  private static final boolean UPDATE_DOCS = "1".equals(System.getenv("ARGOS_DOC_SCREENSHOTS"));

  @TempDir Path dir;
  WireMockServer backend;
  WireMockServer other;
  Server server;
  WebDriver driver;
  String base;
  final List<Agent> agents = new ArrayList<>();
  final List<Thread> threads = new ArrayList<>();

  private static WireMockServer site(int status, String body) {
    WireMockServer s = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    s.start();
    s.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("home")));
    s.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(status).withBody(body)));
    return s;
  }

  private void startAgent(String id, String location) {
    CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    Agent agent = new Agent(TestServers.base(server), TestServers.TOKEN, id, 10, Duration.ofMillis(200),
        new LocalGroupRunner(HttpProbe.builder().build(), checks, Clock.systemUTC()), checks, Clock.systemUTC())
        .location(location);
    agents.add(agent);
    threads.add(Thread.ofPlatform().name("agent-" + location).start(agent::run));
  }

  @BeforeEach
  void setUp() throws Exception {
    backend = site(503, "down");
    other = site(500, "oops");
    String extra = "  probing: agents\n  agent_grace: 5s\n  locations: [par1, fra1]\n  quorum: 2";
    new FileUserStore(dir.resolve("argos-users.json")).add("alice", "correct horse battery");
    server = TestServers.start(TestServers.write(dir, TestServers.config(extra, "http://127.0.0.1:" + backend.port(),
        "http://localhost:" + backend.port(), "http://127.0.0.1:" + other.port())));
    base = TestServers.base(server);
    startAgent("agent-paris", "par1");
    startAgent("agent-frankfurt", "fra1");
    // the four /health tasks of the backend's two sites and the two of the other site fail from both locations
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(Http.get(base + "/api/severities").json().path("critical").asLong()).isEqualTo(6));

    driver = Chromium.start(dir);
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    agents.forEach(Agent::close);
    for (Thread t : threads) {
      t.join(10_000);
    }
    if (server != null) {
      server.close();
    }
    backend.stop();
    other.stop();
  }

  private void shot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
    if (UPDATE_DOCS) {
      Files.createDirectories(DOC_SHOTS);
      Files.write(DOC_SHOTS.resolve(name + ".png"), png);
    }
  }

  private void submit(By control) {
    Chromium.submit(driver, control);
  }

  @Test
  void theDashboardGroupsByAddressShowsEachLocationAndAcknowledges() throws Exception {
    String address = "127.0.0.1:" + backend.port();
    driver.get(base + "/login");
    driver.findElement(By.id("username")).sendKeys("alice");
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    submit(By.id("login-submit"));

    // the peers are written with the results: wait until the dashboard shows the backend's group (the other site's
    // two tasks make a group of their own address)
    By backendGroup = By.xpath("//table[@id='problems']/tbody[contains(@class, 'cause-address')]"
        + "[.//a[@class='cause-link' and text()='" + address + "']]");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      driver.get(base + "/");
      assertThat(driver.findElements(By.cssSelector("#problems tbody.cause-address"))).hasSize(2);
      assertThat(driver.findElement(backendGroup).findElements(By.cssSelector("tr.problem"))).hasSize(4);
    });
    WebElement group = driver.findElement(backendGroup);
    assertThat(group.findElement(By.cssSelector("tr.cause")).getText()).contains(address, "4 tasks failing");
    assertThat(group.getText()).contains("http://127.0.0.1:" + backend.port() + "/health",
        "http://localhost:" + backend.port() + "/health");
    // each task checked from two locations shows both
    for (WebElement row : group.findElements(By.cssSelector("tr.problem"))) {
      assertThat(row.findElements(By.cssSelector("ul.locations li"))).extracting(WebElement::getText)
          .containsExactly("par1 critical", "fra1 critical");
    }
    assertThat(group.getText()).doesNotContain("127.0.0.1:" + other.port());
    assertThat(driver.findElement(By.id("problems")).getText()).contains("http://127.0.0.1:" + other.port() + "/health");
    shot("morning-01-dashboard");

    // acknowledge one task of the group: it shows who, the others keep their button
    WebElement first = group.findElement(By.cssSelector("tr.problem"));
    String firstId = first.getAttribute("id");
    submit(By.cssSelector("#" + firstId + " button.ack"));
    assertThat(driver.findElement(By.id(firstId)).getText()).contains("by alice");
    assertThat(driver.findElement(backendGroup).findElements(By.cssSelector("button.ack"))).hasSize(3);
    shot("morning-02-acknowledged");

    // the group's address link: the list filtered by address, as a notification's cause link opens it
    submit(By.linkText(address));
    assertThat(driver.getCurrentUrl()).endsWith("/?address=" + address.replace(":", "%3A"));
    assertThat(driver.findElement(By.id("problems-address")).getText()).isEqualTo(address);
    assertThat(driver.findElements(By.cssSelector("#problems tr.problem"))).hasSize(4);
    assertThat(driver.findElement(By.id("problems")).getText()).doesNotContain("127.0.0.1:" + other.port());
    assertThat(driver.findElements(By.id("silence-form"))).hasSize(1);
    shot("morning-03-by-address");
  }
}
