package org.argos.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.AlertRouting;
import org.argos.api.CheckResult;
import org.argos.api.ProbeTimings;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shared-infrastructure outage through the whole engine: 3,000 tasks go critical within about two seconds and the
 * webhook and mail channels each receive a handful of grouped notifications that account for all of them.
 */
class MassOutageThroughEngineTest {
  @RegisterExtension static WireMockExtension wm = Receivers.wireMock();
  @RegisterExtension static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  /** Every site answers 502: the shared proxy is down. */
  private static ProbeResponse badGateway(org.argos.api.spi.ProbeRequest request) {
    return new ProbeResponse(request, 502, Map.of(), new byte[0], false, List.of(), "http/1.1", request.url(), List.of(),
        ProbeTimings.ofTotal(Duration.ofMillis(3)), null);
  }

  private static final CheckProvider STATUS_IS = new CheckProvider() {
    @Override
    public String name() {
      return "status-is";
    }

    @Override
    public Check create(@Nullable Object parameter) {
      int expected = (Integer) parameter;
      return (response, context) -> response.status() == expected ? CheckResult.success()
          : CheckResult.failure("expected " + expected + ", got " + response.status());
    }
  };

  @Test
  void threeThousandChangesBecomeAFewGroupedNotificationsPerChannel() throws Exception {
    wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    Notifier webhook = new WebhookNotifierProvider().create("hook", Map.of("url", wm.baseUrl() + "/hook"));
    Notifier mail = new MailNotifierProvider().create("mail", Map.of("mailfrom", "argos@example.org",
        "host", "127.0.0.1", "port", greenMail.getSmtp().getPort(), "addresses", List.of("ops@example.org")));
    try (Argos argos = Argos.builder()
        .probe(MassOutageThroughEngineTest::badGateway)
        .discoverPlugins(false)
        .install(STATUS_IS)
        .notifiers(webhook, mail)
        .routing(new AlertRouting(Map.of(Severity.CRITICAL, List.of("hook", "mail")), List.of()))
        .firstRunSpread(Duration.ofSeconds(2))
        .grouping(Duration.ofSeconds(3), 50)
        .build()) {
      for (int i = 0; i < 3000; i++) {
        argos.register(Site.builder("http://site" + i + ".outage.test").ipVersions(true, false)
            .path("/", p -> p.check("status-is", 200)).build());
      }
      argos.start();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> argos.metrics().alertsDecided() == 3000 && argos.store().pendingAlerts() == 0);

      ObjectMapper json = new ObjectMapper();
      int hooks = wm.getAllServeEvents().size();
      int counted = 0;
      for (var e : wm.getAllServeEvents()) {
        JsonNode body = json.readTree(e.getRequest().getBody());
        assertThat(body.get("severity").asText()).isEqualTo("critical");
        assertThat(body.get("alerts").size()).isLessThanOrEqualTo(50);
        assertThat(body.get("omitted").asInt()).isEqualTo(body.get("count").asInt() - body.get("alerts").size());
        counted += body.get("count").asInt();
      }
      assertThat(counted).isEqualTo(3000);
      assertThat(hooks).isBetween(1, 5);
      assertThat(greenMail.getReceivedMessages().length).isEqualTo(hooks);
      assertThat(greenMail.getReceivedMessages()[0].getSubject()).contains("critical");
    }
  }
}
