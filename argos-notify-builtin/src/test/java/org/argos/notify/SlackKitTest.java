package org.argos.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlackKitTest extends NotifierCompatibilityKit {
  @RegisterExtension static WireMockExtension slack = Receivers.wireMock();

  @BeforeEach
  void stub() {
    slack.stubFor(post(urlPathMatching("/services/.*")).willReturn(ok("ok")));
  }

  @Override
  protected NotifierProvider provider() {
    return new SlackNotifierProvider();
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of("url", slack.baseUrl() + "/services/T000/B000/XXXX", "username", "argos", "channel", "#ops");
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.of(Map.of("url", "http://127.0.0.1:" + Receivers.closedPort() + "/services/a/b/c", "timeout", "2s"));
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of(
        "url", Map.of("username", "argos"),
        "channel", Map.of("url", "http://127.0.0.1/x", "channel", List.of("#a")),
        "icon", Map.of("url", "http://127.0.0.1/x", "icon", ":x:"));
  }

  @Override
  protected List<String> received() {
    return Receivers.requests(slack);
  }
}
