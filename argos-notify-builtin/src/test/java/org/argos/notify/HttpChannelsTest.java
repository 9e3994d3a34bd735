package org.argos.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.Alert;
import org.argos.api.NotificationException;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What each HTTP channel puts on the wire, and how it behaves when the receiver misbehaves. */
class HttpChannelsTest {
  @RegisterExtension static WireMockExtension wm = Receivers.wireMock();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static LoggedRequest only() {
    assertThat(wm.getAllServeEvents()).hasSize(1);
    return wm.getAllServeEvents().get(0).getRequest();
  }

  private static Notification single() {
    return NotifierCompatibilityKit.singleNotification("payload.example.org");
  }

  @Test
  void gotifyPostsTitleMarkdownPriorityAndClickUrl() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/gotify/message")).willReturn(ok()));
    try (Notifier n = new GotifyNotifierProvider().create("gotify",
        Map.of("url", wm.baseUrl() + "/gotify/", "tokens", "AppToken123"))) {
      n.send(single());
    }
    LoggedRequest r = only();
    assertThat(r.getHeader("X-Gotify-Key")).isEqualTo("AppToken123");
    assertThat(r.getUrl()).isEqualTo("/gotify/message");
    JsonNode body = JSON.readTree(r.getBody());
    assertThat(body.get("title").asText()).isEqualTo("❌ payload.example.org (IPv4): status critical");
    assertThat(body.get("priority").asInt()).isEqualTo(9);
    assertThat(body.get("message").asText())
        .contains("**URL:** <https://payload.example.org/health>\\\n")
        .contains("[the result](https://argos.example.test/result/10001)");
    assertThat(body.at("/extras/client::display/contentType").asText()).isEqualTo("text/markdown");
    assertThat(body.at("/extras/client::notification/click/url").asText())
        .isEqualTo("https://argos.example.test/result/10001");
  }

  @Test
  void gotifyPrioritiesFollowArgos() {
    assertThat(GotifyNotifierProvider.priority(Severity.OK)).isEqualTo(1);
    assertThat(GotifyNotifierProvider.priority(Severity.WARNING)).isEqualTo(5);
    assertThat(GotifyNotifierProvider.priority(Severity.UNKNOWN)).isEqualTo(5);
    assertThat(GotifyNotifierProvider.priority(Severity.CRITICAL)).isEqualTo(9);
  }

  @Test
  void gotifyWithoutBaseUrlHasNoClickUrl() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/message")).willReturn(ok()));
    Alert a = NotifierCompatibilityKit.sampleAlert(3, "nolink.example.org", Severity.CRITICAL, Severity.WARNING);
    try (Notifier n = new GotifyNotifierProvider().create("gotify", Map.of("url", wm.baseUrl(), "tokens", "t"))) {
      n.send(new Notification(List.of(a), 0, null));
    }
    JsonNode body = JSON.readTree(only().getBody());
    assertThat(body.get("priority").asInt()).isEqualTo(5);
    assertThat(body.at("/extras/client::notification").isMissingNode()).isTrue();
    assertThat(body.get("message").asText()).doesNotContain("argos.example.test");
  }

  @Test
  void webhookPayloadIsDocumentedShapeAndSignatureVerifies() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/hook")).willReturn(ok()));
    Notification grouped = NotifierCompatibilityKit.groupedNotification(2, 5, Severity.CRITICAL);
    try (Notifier n = new WebhookNotifierProvider().create("ops-hook", Map.of(
        "url", wm.baseUrl() + "/hook", "secret", "shared-secret", "headers", Map.of("X-Team", "ops")))) {
      n.send(grouped);
    }
    LoggedRequest r = only();
    byte[] body = r.getBody();
    assertThat(r.getHeader("X-Argos-Signature")).isEqualTo(hmacHex("shared-secret", body));
    assertThat(r.getHeader("X-Team")).isEqualTo("ops");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");

    JsonNode p = JSON.readTree(body);
    assertThat(p.get("version").asInt()).isEqualTo(1);
    assertThat(p.get("channel").asText()).isEqualTo("ops-hook");
    assertThat(p.get("severity").asText()).isEqualTo("critical");
    assertThat(p.get("count").asInt()).isEqualTo(7);
    assertThat(p.get("omitted").asInt()).isEqualTo(5);
    assertThat(p.get("title").asText()).startsWith("[Argos] ❌ 7 tasks critical");
    assertThat(p.at("/links/dashboard").asText()).isEqualTo("https://argos.example.test/");
    assertThat(p.get("alerts")).hasSize(2);
    JsonNode a = p.get("alerts").get(0);
    assertThat(a.get("id").asLong()).isEqualTo(100);
    assertThat(a.get("kind").asText()).isEqualTo("state_change");
    assertThat(a.get("task_id").asLong()).isEqualTo(100);
    assertThat(a.get("domain").asText()).isEqualTo("site-000.example.net");
    assertThat(a.get("url").asText()).isEqualTo("https://site-000.example.net/health");
    assertThat(a.get("method").asText()).isEqualTo("GET");
    assertThat(a.get("ip_version").asText()).isEqualTo("4");
    assertThat(a.at("/check/type").asText()).isEqualTo("status-is");
    assertThat(a.at("/check/parameter").asInt()).isEqualTo(200);
    assertThat(a.at("/check/expected").asText()).isEqualTo("200");
    assertThat(a.get("previous_severity").asText()).isEqualTo("ok");
    assertThat(a.get("severity").asText()).isEqualTo("critical");
    assertThat(a.get("at").asText()).isEqualTo("2026-01-28T10:15:30Z");
    assertThat(a.get("message").asText()).isEqualTo("status 503, expected 200");
    assertThat(a.get("result_id").asLong()).isEqualTo(10_100);
    assertThat(a.at("/links/result").asText()).isEqualTo("https://argos.example.test/result/10100");
    assertThat(a.at("/links/task_results").asText()).isEqualTo("https://argos.example.test/task/100/results");
    assertThat(p.has("cause")).as("grouped by time only: no cause").isFalse();
  }

  @Test
  void webhookPayloadOfACauseCarriesItsSummaryEverySiteAndItsLink() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/hook")).willReturn(ok()));
    Notification g = NotifierCompatibilityKit.groupedNotification(2, 5, Severity.CRITICAL);
    List<String> all = java.util.stream.IntStream.range(0, 7).mapToObj(i -> "https://site-" + i + ".example.net").toList();
    Notification.Cause cause = new Notification.Cause("address", "10.0.0.5:443",
        "10.0.0.5:443 — 7 sites critical (connect: timed out)", all,
        "https://argos.example.test/domains?severity=critical");
    Notification withCause = new Notification(g.alerts(), g.omitted(), g.baseUrl(), g.idempotencyKey(), g.alertIds(),
        cause);
    try (Notifier n = new WebhookNotifierProvider().create("ops-hook", Map.of("url", wm.baseUrl() + "/hook"))) {
      n.send(withCause);
    }
    JsonNode p = JSON.readTree(only().getBody());
    assertThat(p.get("title").asText()).isEqualTo("[Argos] ❌ 10.0.0.5:443 — 7 sites critical (connect: timed out)");
    assertThat(p.at("/cause/kind").asText()).isEqualTo("address");
    assertThat(p.at("/cause/value").asText()).isEqualTo("10.0.0.5:443");
    assertThat(p.at("/cause/summary").asText()).isEqualTo("10.0.0.5:443 — 7 sites critical (connect: timed out)");
    assertThat(p.at("/cause/domains")).hasSize(7);
    assertThat(p.at("/cause/link").asText()).isEqualTo("https://argos.example.test/domains?severity=critical");
    assertThat(p.at("/links/cause").asText()).isEqualTo("https://argos.example.test/domains?severity=critical");
    assertThat(p.get("alerts")).hasSize(2); // listed as before: the cause names every site
    assertThat(p.get("text").asText()).startsWith("10.0.0.5:443 — 7 sites critical (connect: timed out) — 2 of 7 listed");
  }

  @Test
  void webhookWithoutSecretSendsNoSignatureAndFirstResultHasNullPrevious() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/hook")).willReturn(ok()));
    Alert first = NotifierCompatibilityKit.sampleAlert(4, "new.example.org", null, Severity.CRITICAL);
    try (Notifier n = new WebhookNotifierProvider().create("w", Map.of("url", wm.baseUrl() + "/hook"))) {
      n.send(new Notification(List.of(first), 0, null));
    }
    LoggedRequest r = only();
    assertThat(r.containsHeader("X-Argos-Signature")).isFalse();
    JsonNode a = JSON.readTree(r.getBody()).get("alerts").get(0);
    assertThat(a.get("previous_severity").isNull()).isTrue();
    assertThat(a.get("links").isEmpty()).isTrue();
  }

  @Test
  void ntfyHeadersCarryTitlePriorityTagsClickAndAuth() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/argos")).willReturn(ok()));
    try (Notifier n = new NtfyNotifierProvider().create("ntfy", Map.of(
        "url", wm.baseUrl(), "topic", "argos", "username", "bob", "password", "pw", "tags", List.of("prod")))) {
      n.send(single());
    }
    LoggedRequest r = only();
    assertThat(MimeWords.decode(r.getHeader("Title"))).isEqualTo("❌ payload.example.org (IPv4): status critical");
    assertThat(r.getHeader("Priority")).isEqualTo("5");
    assertThat(r.getHeader("Tags")).isEqualTo("x,argos,prod");
    assertThat(r.getHeader("Click")).isEqualTo("https://argos.example.test/result/10001");
    assertThat(r.getHeader("Authorization")).isEqualTo("Basic Ym9iOnB3");
    assertThat(r.getBodyAsString()).contains("Domain: payload.example.org").contains("Status: critical");
  }

  @Test
  void ntfyKeepsLongMessagesUnderItsLimit() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/argos")).willReturn(ok()));
    try (Notifier n = new NtfyNotifierProvider().create("ntfy", Map.of("url", wm.baseUrl(), "topic", "argos"))) {
      n.send(NotifierCompatibilityKit.groupedNotification(50, 2950, Severity.CRITICAL));
    }
    byte[] body = only().getBody();
    assertThat(body.length).isLessThanOrEqualTo(4096);
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).startsWith("3000 tasks critical").endsWith("(truncated, see the dashboard)");
  }

  @Test
  void slackPayloadIsTextPlusOptionalFields() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/services/T/B/C")).willReturn(ok("ok")));
    try (Notifier n = new SlackNotifierProvider().create("slack", Map.of(
        "url", wm.baseUrl() + "/services/T/B/C", "username", "argos", "channel", "#ops", "icon_emoji", ":eyes:"))) {
      n.send(single());
    }
    JsonNode body = JSON.readTree(only().getBody());
    assertThat(body.get("text").asText())
        .startsWith("*[Argos] ❌ payload.example.org (IPv4): status critical*\n")
        .contains("Domain: payload.example.org");
    assertThat(body.get("username").asText()).isEqualTo("argos");
    assertThat(body.get("channel").asText()).isEqualTo("#ops");
    assertThat(body.get("icon_emoji").asText()).isEqualTo(":eyes:");
  }

  @Test
  void receiverFailingTwiceThenSucceeding() throws Exception {
    String scenario = "flaky";
    wm.stubFor(post(urlPathEqualTo("/hook")).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withBody("try later")).willSetStateTo("failed-once"));
    wm.stubFor(post(urlPathEqualTo("/hook")).inScenario(scenario).whenScenarioStateIs("failed-once")
        .willReturn(aResponse().withStatus(500).withBody("still down")).willSetStateTo("failed-twice"));
    wm.stubFor(post(urlPathEqualTo("/hook")).inScenario(scenario).whenScenarioStateIs("failed-twice")
        .willReturn(ok()));
    try (Notifier n = new WebhookNotifierProvider().create("w", Map.of("url", wm.baseUrl() + "/hook"))) {
      assertThatThrownBy(() -> n.send(single())).isInstanceOf(NotificationException.class)
          .hasMessageContaining("HTTP 503").hasMessageContaining("try later");
      assertThatThrownBy(() -> n.send(single())).isInstanceOf(NotificationException.class)
          .hasMessageContaining("HTTP 500").hasMessageContaining("still down");
      n.send(single());
    }
    assertThat(wm.getAllServeEvents()).hasSize(3);
  }

  @Test
  void errorBodySnippetIsBoundedAndSecretUrlIsMasked() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/services/T/B/SECRET")).willReturn(aResponse().withStatus(400).withBody("x".repeat(100_000))));
    try (Notifier n = new SlackNotifierProvider().create("slack", Map.of("url", wm.baseUrl() + "/services/T/B/SECRET"))) {
      assertThatThrownBy(() -> n.send(single()))
          .isInstanceOf(NotificationException.class)
          .hasMessageContaining("HTTP 400")
          .hasMessageNotContaining("SECRET")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
    }
  }

  @Test
  void redirectIsAnErrorNotFollowed() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
    try (Notifier n = new WebhookNotifierProvider().create("w", Map.of("url", wm.baseUrl() + "/hook"))) {
      assertThatThrownBy(() -> n.send(single())).hasMessageContaining("HTTP 302");
    }
    assertThat(wm.getAllServeEvents()).hasSize(1);
  }

  @Test
  void hangingReceiverTimesOut() {
    wm.stubFor(post(urlPathEqualTo("/hook")).willReturn(ok().withFixedDelay(20_000)));
    Notifier n = new WebhookNotifierProvider().create("w", Map.of("url", wm.baseUrl() + "/hook", "timeout", "500ms"));
    try (n) {
      // The bound is generous for a loaded machine; what matters is that the send does not wait for the receiver.
      assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
          assertThatThrownBy(() -> n.send(single()))
              .isInstanceOf(NotificationException.class)
              .hasMessageContaining("timed out after 500 ms"));
    }
  }

  private static String hmacHex(String secret, byte[] body) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
  }
}
