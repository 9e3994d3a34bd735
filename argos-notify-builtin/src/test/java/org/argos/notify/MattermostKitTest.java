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

class MattermostKitTest extends NotifierCompatibilityKit {
  @RegisterExtension static WireMockExtension mattermost = Receivers.wireMock();

  @BeforeEach
  void stub() {
    mattermost.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(ok("ok")));
  }

  @Override
  protected NotifierProvider provider() {
    return new MattermostNotifierProvider();
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of("url", mattermost.baseUrl() + "/hooks/abc123");
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.of(Map.of("url", "http://127.0.0.1:" + Receivers.closedPort() + "/hooks/x", "timeout", "2s"));
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of("url", Map.of("url", "mattermost.example.org/hooks/x"));
  }

  @Override
  protected List<String> received() {
    return Receivers.requests(mattermost);
  }
}
