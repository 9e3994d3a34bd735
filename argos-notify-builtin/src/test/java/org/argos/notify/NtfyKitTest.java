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

class NtfyKitTest extends NotifierCompatibilityKit {
  @RegisterExtension static WireMockExtension ntfy = Receivers.wireMock();

  @BeforeEach
  void stub() {
    ntfy.stubFor(post(urlPathMatching("/argos-.*")).willReturn(ok("{\"id\":\"x\"}")));
  }

  @Override
  protected NotifierProvider provider() {
    return new NtfyNotifierProvider();
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of("url", ntfy.baseUrl(), "topic", "argos-alerts", "token", "tk_abcdefghijkl");
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.of(Map.of("url", "http://127.0.0.1:" + Receivers.closedPort(), "topic", "t", "timeout", "2s"));
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of(
        "topic", Map.of("url", "http://127.0.0.1"),
        "password", Map.of("topic", "t", "username", "u"),
        "url", Map.of("topic", "t", "url", "127.0.0.1"),
        "timeout", Map.of("topic", "t", "timeout", 0));
  }

  /** ntfy shows the Title header above the body; the kit must see both (the title is RFC 2047-encoded). */
  @Override
  protected List<String> received() {
    return ntfy.getAllServeEvents().reversed().stream()
        .map(e -> MimeWords.decode(e.getRequest().getHeader("Title")) + "\n" + e.getRequest().getBodyAsString())
        .toList();
  }
}
