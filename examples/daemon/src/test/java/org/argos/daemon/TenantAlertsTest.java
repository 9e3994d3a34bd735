package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts go only to the tenant's own channels: three sites down (one per tenant and one of the default tenant), three
 * real webhook channels; each tenant's webhook hears of its own site alone, and the operator's of the default
 * tenant's site alone.
 */
class TenantAlertsTest {
  @TempDir Path dir;
  WireMockServer acmeSite;
  WireMockServer globexSite;
  WireMockServer operatorSite;
  WireMockServer hooks;
  Server server;

  private static WireMockServer down() {
    WireMockServer s = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    s.start();
    s.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("down")));
    return s;
  }

  @BeforeEach
  void setUp() throws Exception {
    acmeSite = down();
    globexSite = down();
    operatorSite = down();
    hooks = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    hooks.start();
    hooks.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
    String hook = "http://127.0.0.1:" + hooks.port();
    String yaml = """
        general:
          db:
            url: memory
          frequency: "1s"
          ipv6: false
          alerts:
            critical: [ops]
        service:
          secrets: [%s]
        argos_java:
          first_run_spread: 0
          notifiers:
            ops: {type: webhook, url: "%s/ops"}
            acme-hook: {type: webhook, url: "%s/acme"}
            globex-hook: {type: webhook, url: "%s/globex"}
        tenants:
          - slug: acme
            channels: [acme-hook]
            alerts: {critical: [acme-hook]}
          - slug: globex
            channels: [globex-hook]
            alerts: {critical: [globex-hook]}
        websites:
          - {domain: "http://127.0.0.1:%d", tenant: acme, paths: [{path: /, checks: [{status-is: 200}]}]}
          - {domain: "http://127.0.0.1:%d", tenant: globex, paths: [{path: /, checks: [{status-is: 200}]}]}
          - {domain: "http://127.0.0.1:%d", paths: [{path: /, checks: [{status-is: 200}]}]}
        """.formatted(TestServers.TOKEN, hook, hook, hook, acmeSite.port(), globexSite.port(), operatorSite.port());
    server = TestServers.start(TestServers.write(dir, yaml));
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    for (WireMockServer s : List.of(acmeSite, globexSite, operatorSite, hooks)) {
      s.stop();
    }
  }

  private List<String> heardBy(String path) {
    return hooks.findAll(postRequestedFor(urlEqualTo(path))).stream().map(LoggedRequest::getBodyAsString).toList();
  }

  @Test
  void eachTenantsAlertsGoToItsOwnChannelsAlone() {
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      assertThat(heardBy("/acme")).isNotEmpty();
      assertThat(heardBy("/globex")).isNotEmpty();
      assertThat(heardBy("/ops")).isNotEmpty();
    });
    String acme = "127.0.0.1:" + acmeSite.port();
    String globex = "127.0.0.1:" + globexSite.port();
    String operator = "127.0.0.1:" + operatorSite.port();
    assertThat(heardBy("/acme")).allSatisfy(b -> assertThat(b).contains(acme).doesNotContain(globex, operator));
    assertThat(heardBy("/globex")).allSatisfy(b -> assertThat(b).contains(globex).doesNotContain(acme, operator));
    assertThat(heardBy("/ops")).allSatisfy(b -> assertThat(b).contains(operator).doesNotContain(acme, globex));
  }
}
