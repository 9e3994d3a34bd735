package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.argos.api.ArgosException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AppriseUrlsTest {
  static Stream<Arguments> supported() {
    return Stream.of(
        // mail: Argos' usual forms
        Arguments.of("mailto://argos:pw@example.org", "mail", Map.of(
            "mailfrom", "argos@example.org", "host", "example.org", "port", 25, "ssl", false, "starttls", false,
            "auth", Map.of("login", "argos", "password", "pw"), "addresses", List.of("argos@example.org"))),
        Arguments.of("mailtos://argos:p%40ss@example.org?smtp=smtp.example.org&to=ops@example.org,dev@example.org",
            "mail", Map.of(
            "mailfrom", "argos@example.org", "host", "smtp.example.org", "port", 587, "ssl", false, "starttls", true,
            "auth", Map.of("login", "argos", "password", "p@ss"),
            "addresses", List.of("ops@example.org", "dev@example.org"))),
        Arguments.of("mailtos://me@example.org:pw@example.org:465/ops@example.org", "mail", Map.of(
            "mailfrom", "me@example.org", "host", "example.org", "port", 465, "ssl", true, "starttls", false,
            "auth", Map.of("login", "me@example.org", "password", "pw"), "addresses", List.of("ops@example.org"))),
        Arguments.of("mailto://mail.example.org:2525?from=argos@example.org&to=ops@example.org&mode=starttls", "mail",
            Map.of("mailfrom", "argos@example.org", "host", "mail.example.org", "port", 2525, "ssl", false,
                "starttls", true, "addresses", List.of("ops@example.org"))),
        // gotify
        Arguments.of("gotify://gotify.example.org/AbCdEf", "gotify",
            Map.of("url", "http://gotify.example.org", "tokens", List.of("AbCdEf"))),
        Arguments.of("gotifys://gotify.example.org:8443/sub/path/AbCdEf?priority=high", "gotify",
            Map.of("url", "https://gotify.example.org:8443/sub/path", "tokens", List.of("AbCdEf"))),
        // ntfy
        Arguments.of("ntfy://argos-alerts", "ntfy", Map.of("url", "https://ntfy.sh", "topic", List.of("argos-alerts"))),
        Arguments.of("ntfys://bob:pw@ntfy.example.org/alerts/ops", "ntfy", Map.of(
            "url", "https://ntfy.example.org", "topic", List.of("alerts", "ops"), "username", "bob", "password", "pw")),
        Arguments.of("ntfy://ntfy.example.org:8080/alerts?token=tk_secret", "ntfy",
            Map.of("url", "http://ntfy.example.org:8080", "topic", List.of("alerts"), "token", "tk_secret")),
        Arguments.of("ntfys://tk_secret@ntfy.example.org/alerts", "ntfy",
            Map.of("url", "https://ntfy.example.org", "topic", List.of("alerts"), "token", "tk_secret")),
        // json → webhook
        Arguments.of("json://hooks.example.org/argos/in", "webhook", Map.of("url", "http://hooks.example.org/argos/in")),
        Arguments.of("jsons://u:p@hooks.example.org:8443?+X-Team=ops", "webhook", Map.of(
            "url", "https://hooks.example.org:8443/", "headers", Map.of("Authorization", "Basic dTpw", "X-Team", "ops"))),
        // slack
        Arguments.of("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ", "slack",
            Map.of("url", "https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ")),
        Arguments.of("slack://argos@T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#ops", "slack", Map.of(
            "url", "https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
            "username", "argos", "channel", "#ops")),
        Arguments.of("https://hooks.slack.com/services/T1/B1/XYZ", "slack",
            Map.of("url", "https://hooks.slack.com/services/T1/B1/XYZ")),
        // mattermost
        Arguments.of("mmost://chat.example.org/abc123", "mattermost", Map.of("url", "http://chat.example.org:8065/hooks/abc123")),
        Arguments.of("mmosts://argos@chat.example.org/mm/abc123?channel=ops", "mattermost", Map.of(
            "url", "https://chat.example.org/mm/hooks/abc123", "username", "argos", "channel", "ops")));
  }

  @ParameterizedTest
  @MethodSource("supported")
  void mapsOntoTheRightChannel(String url, String type, Map<String, Object> settings) {
    AppriseUrls.Target t = AppriseUrls.map(url);
    assertThat(t.type()).isEqualTo(type);
    assertThat(t.settings()).isEqualTo(settings);
  }

  /** Every mapping must be accepted by the provider it names. */
  @ParameterizedTest
  @MethodSource("supported")
  void mappedSettingsAreValidForTheirProvider(String url, String type, Map<String, Object> settings) {
    AppriseUrls.Target t = AppriseUrls.map(url);
    try (var n = new AppriseNotifierProvider().create("apprise:test", Map.of("urls", List.of(url)))) {
      assertThat(n.channel()).isEqualTo("apprise:test");
    }
    assertThat(t.type()).isEqualTo(type);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js",
      "tgram://123456789:AABx8iXjE5C-vG4SDhf6ARgdFgxYxhuHb4A/-123456",
      "pover://user@token",
      "https://example.org/webhook",
      "matrix://user:pass@matrix.example.org/#room"})
  void unsupportedSchemesAreRefusedClearlyWithoutSecrets(String url) {
    assertThatThrownBy(() -> AppriseUrls.map(url))
        .isInstanceOf(ArgosException.class)
        .hasMessageContaining("unsupported Apprise URL")
        .hasMessageContaining("supported: mailto://, mailtos://, gotify://, gotifys://, ntfy://, ntfys://, json://, "
            + "jsons://, slack://, https://hooks.slack.com/, mmost://, mmosts://")
        .hasMessageNotContaining("JHMHI8qBe7bk")
        .hasMessageNotContaining("AABx8iXjE5C")
        .hasMessageNotContaining("pass@")
        .hasMessageNotContaining("token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "mailto:ops@example.org", ""})
  void nonUrlsAreRefused(String url) {
    assertThatThrownBy(() -> AppriseUrls.map(url)).isInstanceOf(ArgosException.class)
        .hasMessageContaining("is not an Apprise URL").hasMessageContaining("supported: mailto://");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "slack://xoxb-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d/#general",
      "slack://T1/B1",
      "gotify://gotify.example.org",
      "mmost://chat.example.org",
      "mailto://example.org",
      "mailtos://a:b@example.org?mode=tls",
      "jsons://hooks.example.org?verify=no"})
  void malformedSupportedUrlsNameTheProblem(String url) {
    assertThatThrownBy(() -> AppriseUrls.map(url)).isInstanceOf(ArgosException.class)
        .hasMessageStartingWith("Apprise URL '")
        .hasMessageNotContaining("xoxb-1234-1234-4ddbc191");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mailto://argos:hunter2@example.org|mailto://argos:***@example.org",
      "gotifys://gotify.example.org/AbCdEf|gotifys://gotify.example.org/***",
      "slack://T1/B1/SECRET/#ops|slack://***/***",
      "ntfy://topic-secret|ntfy://***",
      "json://u:p@h.example.org:8080/x?+Auth=k|json://u:***@h.example.org:8080/***?***",
      "discord://id/token|discord://***/***"})
  void maskHidesSecrets(String pair) {
    String[] p = pair.split("\\|");
    assertThat(AppriseUrls.mask(p[0])).isEqualTo(p[1]);
  }
}
