package org.argos.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.argos.api.NotificationException;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP channel against a receiver that fails twice then accepts (the first two sends throw, the third
 * succeeds; retrying is the engine's job) and against one that never answers (the send throws after its timeout).
 */
class FlakyReceiversTest {
  @RegisterExtension static WireMockExtension wm = Receivers.wireMock();

  static Stream<Arguments> channels() {
    return Stream.of(
        channel(new GotifyNotifierProvider(), "/message", base -> Map.of("url", base, "tokens", "tok")),
        channel(new WebhookNotifierProvider(), "/hook", base -> Map.of("url", base + "/hook")),
        channel(new NtfyNotifierProvider(), "/argos", base -> Map.of("url", base, "topic", "argos")),
        channel(new SlackNotifierProvider(), "/services/T/B/C", base -> Map.of("url", base + "/services/T/B/C")),
        channel(new MattermostNotifierProvider(), "/hooks/x", base -> Map.of("url", base + "/hooks/x")),
        channel(new AppriseNotifierProvider(), "/hook", base -> Map.of("urls", java.util.List.of(
            base.replace("http://", "json://") + "/hook"))));
  }

  private static Arguments channel(NotifierProvider p, String path, Function<String, Map<String, Object>> settings) {
    return Arguments.of(p.type(), p, path, settings);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void failsTwiceThenSucceeds(String type, NotifierProvider provider, String path,
      Function<String, Map<String, Object>> settings) throws Exception {
    wm.stubFor(post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(502).withBody("bad gateway")).willSetStateTo("one"));
    wm.stubFor(post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs("one")
        .willReturn(aResponse().withStatus(429).withBody("slow down")).willSetStateTo("two"));
    wm.stubFor(post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs("two").willReturn(ok()));

    try (Notifier n = provider.create(type, settings.apply(wm.baseUrl()))) {
      var alert = NotifierCompatibilityKit.singleNotification("flaky.example.org");
      assertThatThrownBy(() -> n.send(alert)).isInstanceOf(NotificationException.class).hasMessageContaining("HTTP 502");
      assertThatThrownBy(() -> n.send(alert)).isInstanceOf(NotificationException.class).hasMessageContaining("HTTP 429");
      n.send(alert);
    }
    assertThat(wm.getAllServeEvents()).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void hangingReceiverTimesOut(String type, NotifierProvider provider, String path,
      Function<String, Map<String, Object>> settings) {
    wm.stubFor(post(urlPathEqualTo(path)).willReturn(ok().withFixedDelay(30_000)));
    Map<String, Object> s = new HashMap<>(settings.apply(wm.baseUrl()));
    s.put("timeout", "500ms");
    Notifier n = provider.create(type, s);
    try (n) {
      // Generous bound for a loaded machine: the point is that the send gives up long before the receiver answers.
      assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
          assertThatThrownBy(() -> n.send(NotifierCompatibilityKit.singleNotification("hang.example.org")))
              .isInstanceOf(NotificationException.class)
              .hasMessageContaining("timed out after 500 ms"));
    }
  }
}
