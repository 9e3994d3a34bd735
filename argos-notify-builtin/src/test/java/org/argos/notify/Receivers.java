package org.argos.notify;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Real receivers for the HTTP channels' tests. */
final class Receivers {
  private Receivers() {}

  static WireMockExtension wireMock() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").asynchronousResponseEnabled(false))
        .build();
  }

  /** The requests WireMock got, oldest first, as text: method, path, headers, then the body. */
  static List<String> requests(WireMockExtension wm) {
    return wm.getAllServeEvents().reversed().stream().map(e -> text(e.getRequest())).toList();
  }

  static String text(LoggedRequest r) {
    StringBuilder sb = new StringBuilder(r.getMethod() + " " + r.getUrl() + "\n");
    r.getHeaders().all().forEach(h -> sb.append(h.key()).append(": ").append(String.join(", ", h.values())).append('\n'));
    return sb.append('\n').append(new String(r.getBody(), StandardCharsets.UTF_8)).toString();
  }

  /** A loopback port with nothing listening (bound then released, so nobody else is likely to take it at once). */
  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
