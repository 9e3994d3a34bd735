package org.argos.checks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.Check;
import org.argos.api.spi.ProbeRequest;
import org.argos.checks.http.HttpProbe;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every check, pass and fail, through the real probe against WireMock over HTTP and over HTTPS. */
class ChecksAgainstServersTest {
  static final String DOC = "{\"status\":\"ok\",\"count\":2,\"version\":\"2.4.1\",\"items\":[{\"id\":1},{\"id\":2}],"
      + "\"meta\":{\"a\":1,\"b\":[true,null]}}";
  static WireMockServer server;
  static HttpProbe probe;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.expiringIn(Duration.ofDays(90));
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort()
        .keystorePath(certs.writeKeyStore(dir).toString()).keystoreType("PKCS12")
        .keystorePassword(new String(TestCertificates.PASSWORD)).keyManagerPassword(new String(TestCertificates.PASSWORD)));
    server.start();
    probe = HttpProbe.builder().trustStore(certs.trustStore).build();
    server.stubFor(get(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8").withHeader("X-Frame-Options", "DENY")
        .withHeader("Cache-Control", "max-age=300").withBody(DOC)));
    server.stubFor(get(urlEqualTo("/html")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<html><title>Welcome</title> Version 2.4 </html>")));
    server.stubFor(get(urlEqualTo("/broken")).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "text/plain").withBody("Service Unavailable")));
    server.stubFor(get(urlEqualTo("/notjson")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{oops")));
    server.stubFor(get(urlEqualTo("/moved")).willReturn(aResponse().withStatus(301).withHeader("Location", "/ok")));
    server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(300).withBody("late")));
    server.stubFor(get(urlEqualTo("/hop1")).willReturn(aResponse().withStatus(302).withHeader("Location", "/hop2")));
    server.stubFor(get(urlEqualTo("/hop2")).willReturn(aResponse().withStatus(302).withHeader("Location", "/html")));
    server.stubFor(get(urlEqualTo("/to-https")).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "https://127.0.0.1:" + server.httpsPort() + "/ok")));
    server.stubFor(get(urlEqualTo("/to-http")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "http://127.0.0.1:" + server.port() + "/ok")));
  }

  @AfterAll
  static void stop() {
    server.stop();
    probe.close();
  }

  static String base(boolean tls) {
    return tls ? "https://127.0.0.1:" + server.httpsPort() : "http://127.0.0.1:" + server.port();
  }

  static ProbeRequest request(String url, boolean follow) {
    return new ProbeRequest(url, "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(20), follow, 5);
  }

  /** One expectation: a check, its parameter ({base} is replaced by the server's base URL), a path, the outcome. */
  record Case(String check, @Nullable Object parameter, String path, ResultStatus status, Severity severity) {}

  static Case pass(String check, @Nullable Object parameter, String path) {
    return new Case(check, parameter, path, ResultStatus.SUCCESS, Severity.OK);
  }

  static Case fail(String check, @Nullable Object parameter, String path) {
    return new Case(check, parameter, path, ResultStatus.FAILURE, Severity.CRITICAL);
  }

  static Case error(String check, @Nullable Object parameter, String path) {
    return new Case(check, parameter, path, ResultStatus.ERROR, Severity.UNKNOWN);
  }

  static List<Case> cases() {
    return List.of(
        pass("status-is", 200, "/ok"),
        fail("status-is", 200, "/broken"),
        pass("status-in", List.of(200, 204), "/ok"),
        fail("status-in", List.of(200, 204), "/broken"),
        pass("status-not-in", List.of(500, 502, 503), "/ok"),
        fail("status-not-in", List.of(500, 502, 503), "/broken"),
        pass("body-contains", "Welcome", "/html"),
        fail("body-contains", "Goodbye", "/html"),
        pass("body-not-contains", "Unavailable", "/html"),
        fail("body-not-contains", "Unavailable", "/broken"),
        pass("body-like", "Version [0-9]+\\.[0-9]+", "/html"),
        fail("body-like", "Version 3", "/html"),
        pass("body-not-like", "(?i)unavailable", "/html"),
        fail("body-not-like", "(?i)unavailable", "/broken"),
        pass("headers-contain", List.of("content-type", "X-Frame-Options"), "/ok"),
        fail("headers-contain", List.of("content-type", "Strict-Transport-Security"), "/ok"),
        pass("headers-have", Map.of("x-frame-options", "DENY"), "/ok"),
        fail("headers-have", Map.of("X-Frame-Options", "SAMEORIGIN"), "/ok"),
        fail("headers-have", Map.of("X-Missing", "x"), "/ok"),
        pass("headers-like", Map.of("cache-control", "max-age=[0-9]+"), "/ok"),
        fail("headers-like", Map.of("cache-control", "no-store"), "/ok"),
        pass("header-absent", List.of("x-powered-by"), "/ok"),
        fail("header-absent", List.of("x-powered-by", "x-frame-options"), "/ok"),
        pass("json-contains", List.of("/status", "/items/1/id", "/meta/b/1"), "/ok"),
        fail("json-contains", List.of("/status", "/missing"), "/ok"),
        error("json-contains", List.of("/status"), "/notjson"),
        pass("json-has", Map.of("/status", "ok", "/count", 2.0, "/meta", Map.of("b", Arrays.asList(true, null), "a", 1)), "/ok"),
        fail("json-has", Map.of("/status", "down"), "/ok"),
        fail("json-has", Map.of("/nope", 1), "/ok"),
        error("json-has", Map.of("/status", "ok"), "/notjson"),
        pass("json-like", Map.of("/version", "^2\\.", "/count", "^[0-9]+$"), "/ok"),
        fail("json-like", Map.of("/version", "^3"), "/ok"),
        error("json-like", Map.of("/version", "^2"), "/notjson"),
        pass("json-is", "{\"meta\":{\"b\":[true,null],\"a\":1},\"items\":[{\"id\":1},{\"id\":2}],\"version\":\"2.4.1\","
            + "\"count\":2,\"status\":\"ok\"}", "/ok"),
        fail("json-is", Map.of("status", "ok"), "/ok"),
        error("json-is", "{\"a\":1}", "/notjson"),
        error("json-is", "{\"a\":1}", "/html"),
        pass("content-type", "application/json", "/ok"),
        pass("content-type", "application/json; charset=UTF-8", "/ok"),
        fail("content-type", "text/html", "/ok"),
        fail("content-type", "application/json; charset=iso-8859-1", "/ok"),
        pass("response-time", Map.of("critical", 60_000), "/ok"),
        new Case("response-time", Map.of("warning", 100, "critical", 60_000), "/slow", ResultStatus.FAILURE, Severity.WARNING),
        fail("response-time", 100, "/slow"),
        pass("redirects-to", "{base}/ok", "/moved"),
        pass("redirects-to", Map.of("regex", "/ok$"), "/moved"),
        fail("redirects-to", Map.of("regex", "/elsewhere$"), "/moved"),
        fail("redirects-to", "{base}/ok", "/ok"));
  }

  static Stream<Arguments> casesOverBothSchemes() {
    List<Arguments> out = new ArrayList<>();
    for (Case c : cases()) {
      out.add(Arguments.of(c, false));
      out.add(Arguments.of(c, true));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} tls={1}")
  @MethodSource("casesOverBothSchemes")
  void checkAgainstServer(Case c, boolean tls) throws Exception {
    Object parameter = c.parameter() instanceof String s ? s.replace("{base}", base(tls)) : c.parameter();
    Check check = Engine.check(c.check(), parameter);
    CheckResult r = Engine.run(probe, check, request(base(tls) + c.path(), false), Instant.now());
    assertThat(r.status()).as("%s: %s", c, r.message()).isEqualTo(c.status());
    assertThat(r.severity()).as("%s: %s", c, r.message()).isEqualTo(c.severity());
    assertThat(r.message()).as("a one-line message").isNotBlank().doesNotContain("\n");
    if (c.status() == ResultStatus.FAILURE) {
      assertThat(r.context()).as("failures say what was expected").containsKey("expected");
    }
  }

  @Test
  void redirectsToLooksAtTheFinalUrlWhenRedirectsAreFollowed() throws Exception {
    for (boolean tls : new boolean[] {false, true}) {
      CheckResult ok = Engine.run(probe, Engine.check("redirects-to", base(tls) + "/html"), request(base(tls) + "/hop1", true),
          Instant.now());
      assertThat(ok.status()).as(ok.message()).isEqualTo(ResultStatus.SUCCESS);
      CheckResult wrong = Engine.run(probe, Engine.check("redirects-to", base(tls) + "/hop2"),
          request(base(tls) + "/hop1", true), Instant.now());
      assertThat(wrong.status()).as(wrong.message()).isEqualTo(ResultStatus.FAILURE);
      assertThat(wrong.context().get("actual")).isEqualTo(base(tls) + "/html");
    }
  }

  @Test
  void httpToHttpsProbesTheHttpUrlWithoutFollowing() throws Exception {
    String http = base(false);
    assertThat(Engine.run(probe, Engine.check("http-to-https", true), request(http + "/to-https", true), Instant.now()).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(Engine.run(probe, Engine.check("http-to-https", 301), request(http + "/to-https", false), Instant.now()).status())
        .isEqualTo(ResultStatus.SUCCESS);
    assertThat(Engine.run(probe, Engine.check("http-to-https", Map.of("start", 301, "stop", 302)), request(http + "/to-https", false),
        Instant.now()).status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(Engine.run(probe, Engine.check("http-to-https", List.of(302, 307)), request(http + "/to-https", false),
        Instant.now()).status()).isEqualTo(ResultStatus.FAILURE);
    CheckResult toHttp = Engine.run(probe, Engine.check("http-to-https", true), request(http + "/to-http", false), Instant.now());
    assertThat(toHttp.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(toHttp.message()).contains("not to https://");
    CheckResult noRedirect = Engine.run(probe, Engine.check("http-to-https", true), request(http + "/ok", false), Instant.now());
    assertThat(noRedirect.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(noRedirect.context()).containsEntry("actual", 200);
  }

  @Test
  void httpToHttpsAsksForTheHttpUrlAndNoRedirectFollowing() {
    Check check = Engine.check("http-to-https", true);
    ProbeRequest base = request("https://www.example.org/path?q=1", true);
    ProbeRequest own = check.request(base);
    assertThat(own.url()).isEqualTo("http://www.example.org/path?q=1");
    assertThat(own.followRedirects()).isFalse();
    assertThat(own.key()).isNotEqualTo(base.key());
    assertThat(check.request(request("http://www.example.org/", false)).url()).isEqualTo("http://www.example.org/");
  }

  @Test
  void sslCertificateExpirationOverHttpIsAnErrorAndOverHttpsLooksAtTheLeaf() throws Exception {
    Check check = Engine.check("ssl-certificate-expiration", "on-check");
    CheckResult plain = Engine.run(probe, check, request(base(false) + "/ok", false), Instant.now());
    assertThat(plain.status()).isEqualTo(ResultStatus.ERROR);
    assertThat(plain.severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(plain.message()).contains("plain HTTP");
    CheckResult secure = Engine.run(probe, check, request(base(true) + "/ok", false), Instant.now());
    assertThat(secure.status()).as(secure.message()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(((Number) secure.context().get("daysLeft")).longValue()).isBetween(88L, 90L);
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of("status-is", "two hundred"),
        Arguments.of("status-in", List.of(200, 9999)),
        Arguments.of("status-not-in", List.of()),
        Arguments.of("body-contains", ""),
        Arguments.of("body-not-contains", 12),
        Arguments.of("body-like", "(unclosed"),
        Arguments.of("body-not-like", "[z-a]"),
        Arguments.of("headers-contain", List.of(" ")),
        Arguments.of("headers-have", List.of("content-type")),
        Arguments.of("headers-like", Map.of("content-type", "*json")),
        Arguments.of("header-absent", Map.of("server", "x")),
        Arguments.of("json-contains", List.of("no-slash")),
        Arguments.of("json-has", Map.of("status", "ok")),
        Arguments.of("json-like", Map.of("/a", "(")),
        Arguments.of("json-is", "{\"unterminated\": "),
        Arguments.of("http-to-https", 404),
        Arguments.of("ssl-certificate-expiration", "weekly"),
        Arguments.of("response-time", Map.of("warning", 5000, "critical", 10)),
        Arguments.of("content-type", "nonsense"),
        Arguments.of("redirects-to", "/relative/path"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badParameters")
  void refusesABadParameterNamingTheCheckAndTheValue(String check, Object parameter) {
    String shown = org.argos.api.JsonLike.canonical(parameter);
    assertThatThrownBy(() -> Engine.check(check, parameter))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessageContaining(check)
        .satisfies(e -> {
          InvalidCheckParameterException refused = (InvalidCheckParameterException) e;
          if (refused.path().isEmpty()) { // the whole parameter is wrong: it is shown
            assertThat(refused).hasMessageContaining(shown.length() > 12 ? shown.substring(0, 12) : shown);
          } else { // a part is wrong: its path is named and it is shown
            assertThat(refused).hasMessageContaining(refused.path() + ": ").hasMessageContaining(", got ");
          }
        });
  }

  @Test
  void everyProviderHasAPassAndAFailCaseHere() {
    List<String> covered = new ArrayList<>();
    cases().forEach(c -> covered.add(c.check()));
    covered.addAll(List.of("http-to-https", "ssl-certificate-expiration"));
    covered.addAll(List.of("tcp-connect", "tcp-expect")); // TcpChecksTest, against TCP servers
    // the checks of tls:// responses pass and fail against TLS servers in TlsChecksTest
    covered.addAll(List.of("tls-chain-valid", "tls-hostname-match", "tls-min-version"));
    // checks of other schemes (dns://, domain://, push://) have their cases against their own servers:
    // heartbeat in HeartbeatProviderTest and HeartbeatThroughEngineTest
    java.util.ServiceLoader.load(org.argos.api.spi.CheckProvider.class).stream()
        .map(java.util.ServiceLoader.Provider::get)
        .filter(p -> p.schemes().contains("http") || p.schemes().contains("https"))
        .map(org.argos.api.spi.CheckProvider::name)
        .forEach(name -> assertThat(covered).as("cases for " + name).contains(name));
  }
}
