package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookKitTest extends NotifierCompatibilityKit {
  @RegisterExtension static WireMockExtension hook = Receivers.wireMock();

  @BeforeEach
  void stub() {
    hook.stubFor(post(urlPathEqualTo("/hooks/argos")).willReturn(ok()));
  }

  @Override
  protected NotifierProvider provider() {
    return new WebhookNotifierProvider();
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of("url", hook.baseUrl() + "/hooks/argos", "secret", "s3cr3t-value", "headers", Map.of("X-Team", "ops"));
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.of(Map.of("url", "http://127.0.0.1:" + Receivers.closedPort() + "/x", "timeout", 2));
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of(
        "url", Map.of("url", "not a url"),
        "headers", Map.of("url", "http://127.0.0.1/x", "headers", List.of("X-A")),
        "headers.Connection", Map.of("url", "http://127.0.0.1/x", "headers", Map.of("Connection", "close")),
        "headers.X-Argos-Signature", Map.of("url", "http://127.0.0.1/x", "headers", Map.of("X-Argos-Signature", "x")),
        "secret", Map.of("url", "http://127.0.0.1/x", "secret", List.of()));
  }

  @Override
  protected List<String> received() {
    return Receivers.requests(hook);
  }

  @Override
  protected Optional<List<String>> receivedKeys() {
    return Optional.of(hook.getAllServeEvents().reversed().stream()
        .map(e -> e.getRequest().getHeader(WebhookNotifierProvider.IDEMPOTENCY_HEADER))
        .toList());
  }

  @Test
  void aGroupedPayloadCarriesEveryAlertIdAndItsKey() throws Exception {
    Notification grouped = groupedNotification(20, 580, Severity.CRITICAL);
    open(settings()).send(grouped);

    var request = hook.getAllServeEvents().getFirst().getRequest();
    JsonNode body = new ObjectMapper().readTree(request.getBody());
    List<Long> ids = new ArrayList<>();
    body.get("alert_ids").forEach(n -> ids.add(n.asLong()));
    assertThat(ids).hasSize(600).doesNotHaveDuplicates().containsAll(grouped.alertIds());
    assertThat(body.get("alerts")).hasSize(20);
    assertThat(body.get("count").asInt()).isEqualTo(600);
    assertThat(body.get("idempotency_key").asText()).isEqualTo(grouped.idempotencyKey())
        .isEqualTo(request.getHeader("Idempotency-Key"));
  }

  @Test
  void theIdempotencyHeaderCannotBeSetBySettings() {
    assertThatThrownBy(() -> open(Map.of("url", "http://127.0.0.1/x", "headers", Map.of("idempotency-key", "x"))))
        .hasMessageContaining("headers.idempotency-key");
  }
}
