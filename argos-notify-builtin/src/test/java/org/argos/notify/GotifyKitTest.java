package org.argos.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class GotifyKitTest extends NotifierCompatibilityKit {
  @RegisterExtension static WireMockExtension gotify = Receivers.wireMock();

  @BeforeEach
  void stub() {
    gotify.stubFor(post(urlPathEqualTo("/message")).willReturn(ok("{\"id\":1}")));
  }

  @Override
  protected NotifierProvider provider() {
    return new GotifyNotifierProvider();
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of("servers", List.of(Map.of("url", gotify.baseUrl(), "tokens", List.of("token-a", "token-b"))));
  }

  @Override
  protected int messagesPerSend() {
    return 2;
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.of(Map.of("url", "http://127.0.0.1:" + Receivers.closedPort(), "tokens", "t", "timeout", "2s"));
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of(
        "servers[0].url", Map.of("servers", List.of(Map.of("url", "ftp://127.0.0.1", "tokens", List.of("t")))),
        "servers[0].tokens", Map.of("servers", List.of(Map.of("url", "http://127.0.0.1"))),
        "servers", Map.of("servers", "http://127.0.0.1"),
        "timeout", Map.of("url", "http://127.0.0.1", "tokens", "t", "timeout", "soon"),
        "tokenz", Map.of("url", "http://127.0.0.1", "tokenz", "t"));
  }

  @Override
  protected List<String> received() {
    return Receivers.requests(gotify);
  }
}
