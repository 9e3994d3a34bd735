package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.argos.api.CheckResult;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.ResultStatus;
import org.argos.api.spi.ProbeRequest;
import org.argos.checks.http.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check that reads headers, against a real server that sends some headers several times: as docs/checks.md
 * says, a repeated header passes when one of its values, or all of them joined with ", ", passes.
 */
class RepeatedHeadersTest {
  static RawServer server;
  static HttpProbe probe;

  @BeforeAll
  static void start() throws Exception {
    server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\n"
          + "Cache-Control: no-cache\r\n"
          + "Cache-Control: max-age=300\r\n"
          + "X-Frame-Options: DENY\r\n"
          + "x-frame-options: SAMEORIGIN\r\n"
          + "Content-Type: text/html\r\n"
          + "Content-Type: application/json\r\n"
          + "Set-Cookie: a=1\r\n"
          + "Set-Cookie: b=2\r\n"
          + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
      out.flush();
    });
    probe = HttpProbe.builder().build();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    probe.close();
  }

  static CheckResult run(String check, Object parameter) throws Exception {
    ProbeRequest request = new ProbeRequest(server.url("/"), "GET", RequestData.NONE, IpVersion.IPV4,
        Duration.ofSeconds(20), false, 5);
    return Engine.run(probe, Engine.check(check, parameter), request, Instant.now());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // headers-like: one value, or the values joined
        Arguments.of("headers-like", Map.of("cache-control", "^max-age=[0-9]+$"), true),
        Arguments.of("headers-like", Map.of("cache-control", "^no-cache$"), true),
        Arguments.of("headers-like", Map.of("Cache-Control", "^no-cache, max-age=300$"), true),
        Arguments.of("headers-like", Map.of("cache-control", "^private"), false),
        Arguments.of("headers-like", Map.of("set-cookie", "^b=2$", "x-frame-options", "^SAMEORIGIN$"), true),
        // headers-have: one value, or the values joined, is equal
        Arguments.of("headers-have", Map.of("x-frame-options", "SAMEORIGIN"), true),
        Arguments.of("headers-have", Map.of("x-frame-options", "DENY"), true),
        Arguments.of("headers-have", Map.of("x-frame-options", "DENY, SAMEORIGIN"), true),
        Arguments.of("headers-have", Map.of("x-frame-options", "ALLOW"), false),
        // headers-contain and header-absent: a repeated header is present
        Arguments.of("headers-contain", List.of("set-cookie", "cache-control"), true),
        Arguments.of("header-absent", List.of("set-cookie"), false),
        // content-type: one of the values has the type
        Arguments.of("content-type", "application/json", true),
        Arguments.of("content-type", "text/html", true),
        Arguments.of("content-type", "image/png", false));
  }

  @ParameterizedTest(name = "{0} {1} passes={2}")
  @MethodSource("cases")
  void aRepeatedHeaderIsComparedValueByValueAndJoined(String check, Object parameter, boolean passes) throws Exception {
    CheckResult r = run(check, parameter);
    assertThat(r.status()).as(r.message()).isEqualTo(passes ? ResultStatus.SUCCESS : ResultStatus.FAILURE);
  }

  @Test
  void resultsShowEveryValueOfARepeatedHeader() throws Exception {
    CheckResult like = run("headers-like", Map.of("cache-control", "^private"));
    assertThat(like.message()).contains("no-cache, max-age=300");
    assertThat(like.context().get("actual")).isEqualTo(Map.of("cache-control", "no-cache, max-age=300"));
    CheckResult absent = run("header-absent", List.of("set-cookie"));
    assertThat(absent.context().get("actual")).isEqualTo(Map.of("set-cookie", "a=1, b=2"));
    CheckResult type = run("content-type", "image/png");
    assertThat(type.message()).contains("text/html, application/json");
  }
}
