package org.argos.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.NotificationException;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppriseKitTest extends NotifierCompatibilityKit {
  @RegisterExtension static WireMockExtension receiver = Receivers.wireMock();

  @BeforeEach
  void stub() {
    receiver.stubFor(post(anyUrl()).willReturn(ok()));
  }

  @Override
  protected NotifierProvider provider() {
    return new AppriseNotifierProvider();
  }

  @Override
  protected String channel() {
    return "apprise:ops";
  }

  private String hostPort() {
    return "127.0.0.1:" + receiver.getPort();
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of("urls", List.of(
        "json://" + hostPort() + "/argos/hook",
        "gotify://" + hostPort() + "/AbCdEf123",
        "ntfy://" + hostPort() + "/argos-topic",
        "mmost://" + hostPort() + "/mattermost-token"));
  }

  @Override
  protected int messagesPerSend() {
    return 4;
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.of(Map.of("urls", List.of("json://127.0.0.1:" + Receivers.closedPort() + "/x"), "timeout", "2s"));
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of(
        "urls[1]", Map.of("urls", List.of("json://127.0.0.1/x", "discord://webhook_id/webhook_token")),
        "urls", Map.of("urls", List.of()),
        "timeout", Map.of("urls", List.of("json://127.0.0.1/x"), "timeout", "-1s"));
  }

  @Override
  protected List<String> received() {
    return Receivers.requests(receiver);
  }

  @Test
  void eachUrlReachesItsChannel() throws Exception {
    open(settings()).send(singleNotification("one.example.org"));

    List<String> got = received();
    assertThat(got).hasSize(4);
    assertThat(got.get(0)).startsWith("POST /argos/hook\n").contains("\"version\":1").contains("\"channel\":\"apprise:ops\"");
    assertThat(got.get(1)).startsWith("POST /message\n").contains("X-Gotify-Key: AbCdEf123");
    assertThat(got.get(2)).startsWith("POST /argos-topic\n").contains("Priority: 5");
    assertThat(got.get(3)).startsWith("POST /hooks/mattermost-token\n").contains("\"text\":");
  }

  @Test
  void oneFailingUrlFailsTheSendAfterTheOthersWereTried() throws Exception {
    int closed = Receivers.closedPort();
    Notifier notifier = open(Map.of("urls", List.of(
        "gotify://127.0.0.1:" + closed + "/SecretToken99",
        "json://" + hostPort() + "/argos/hook"), "timeout", "2s"));

    assertThatThrownBy(() -> notifier.send(singleNotification("one.example.org")))
        .isInstanceOf(NotificationException.class)
        .hasMessageContaining("1 of 2 URLs failed")
        .hasMessageContaining("gotify://127.0.0.1:" + closed + "/***")
        .hasMessageNotContaining("SecretToken99");
    assertThat(received()).singleElement().asString().startsWith("POST /argos/hook");
  }

  @Test
  void badUrlErrorNamesTheUrlMaskedAndTheSupportedSchemes() {
    assertThatThrownBy(() -> open(Map.of("urls", List.of("discord://1234/SecretWebhookToken"))))
        .hasMessageContaining("notifier 'apprise:ops' (apprise): urls[0]: ")
        .hasMessageContaining("discord://***")
        .hasMessageContaining("mailto://, mailtos://, gotify://")
        .hasMessageNotContaining("SecretWebhookToken");
  }

  @Test
  void invalidSettingOfAMappedChannelNamesTheUrl() {
    assertThatThrownBy(() -> open(Map.of("urls", List.of("mailto://argos:pw@example.org/not-an-address"))))
        .hasMessageContaining("urls[0]")
        .hasMessageContaining("mailto://argos:***@example.org/***");
  }
}
