package org.argos.checks.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpProbeTest {
  static TestCertificates certs;
  static WireMockServer server;
  static HttpProbe probe;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    certs = TestCertificates.expiringIn(Duration.ofDays(90));
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort()
        .keystorePath(certs.writeKeyStore(dir).toString()).keystoreType("PKCS12")
        .keystorePassword(new String(TestCertificates.PASSWORD)).keyManagerPassword(new String(TestCertificates.PASSWORD)));
    server.start();
    probe = HttpProbe.builder().trustStore(certs.trustStore).build();
  }

  @AfterAll
  static void stop() {
    server.stop();
    probe.close();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  static String http(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  static String https(String path) {
    return "https://127.0.0.1:" + server.httpsPort() + path;
  }

  static ProbeRequest getReq(String url) {
    return new ProbeRequest(url, "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(10), false, 5);
  }

  static ProbeRequest with(String url, String method, RequestData data) {
    return new ProbeRequest(url, method, data, IpVersion.IPV4, Duration.ofSeconds(10), false, 5);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void capturesStatusHeadersBodyAndTimings(boolean tls) throws Exception {
    server.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(203)
        .withHeader("Content-Type", "text/plain; charset=utf-8").withHeader("X-Multi", "a", "b").withBody("héllo")));
    ProbeResponse r = probe.execute(getReq(tls ? https("/hello") : http("/hello")));
    assertThat(r.error()).isNull();
    assertThat(r.status()).isEqualTo(203);
    assertThat(r.bodyText()).isEqualTo("héllo");
    assertThat(r.bodyTruncated()).isFalse();
    assertThat(r.headers().get("x-multi")).containsExactly("a", "b");
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.finalUrl()).isEqualTo(tls ? https("/hello") : http("/hello"));
    assertThat(r.redirects()).isEmpty();
    assertThat(r.timings().connect()).isNotNull();
    assertThat(r.timings().firstByte()).isNotNull();
    assertThat(r.timings().dns()).as("an IP literal needs no lookup").isNull();
    assertThat(r.timings().total()).isGreaterThanOrEqualTo(r.timings().firstByte());
    assertThat(r.peer()).isNotNull();
    assertThat(r.peer().address()).isEqualTo("127.0.0.1");
    assertThat(r.peer().port()).isEqualTo(tls ? server.httpsPort() : server.port());
    if (tls) {
      assertThat(r.peerCertificates()).hasSize(1);
      assertThat(r.peerCertificates().get(0)).isEqualTo(certs.certificate);
      assertThat(r.peer().certSha256()).as("the leaf's SHA-256").isEqualTo(java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(certs.certificate.getEncoded())));
      assertThat(r.timings().tls()).isNotNull();
      assertThat(r.protocol()).isIn("h2", "http/1.1");
    } else {
      assertThat(r.peerCertificates()).isEmpty();
      assertThat(r.peer().certSha256()).isNull();
      assertThat(r.timings().tls()).isNull();
      assertThat(r.protocol()).isEqualTo("http/1.1");
    }
  }

  @Test
  void sendsTheDefaultUserAgentUnlessTheRequestSetsOne() throws Exception {
    server.stubFor(any(urlEqualTo("/ua")).willReturn(aResponse().withStatus(200)));
    probe.execute(getReq(http("/ua")));
    server.verify(getRequestedFor(urlEqualTo("/ua"))
        .withHeader("User-Agent", equalTo(HttpProbe.defaultUserAgent())));
    assertThat(HttpProbe.defaultUserAgent()).matches("Argos/\\S+ \\(\\+https://github.com/argos-monitoring/argos\\)")
        .doesNotContain("${");
    server.resetRequests();
    probe.execute(with(http("/ua"), "GET", new RequestData(null, false, Map.of("user-agent", "Custom/1", "X-Token", "t"))));
    server.verify(getRequestedFor(urlEqualTo("/ua")).withHeader("User-Agent", equalTo("Custom/1"))
        .withHeader("X-Token", equalTo("t")));
    try (HttpProbe custom = HttpProbe.builder().userAgent("Fleet/2").build()) {
      server.resetRequests();
      custom.execute(getReq(http("/ua")));
      server.verify(getRequestedFor(urlEqualTo("/ua")).withHeader("User-Agent", equalTo("Fleet/2")));
    }
  }

  @Test
  void sendsFormJsonAndRawBodies() throws Exception {
    server.stubFor(any(urlEqualTo("/in")).willReturn(aResponse().withStatus(201)));
    assertThat(probe.execute(with(http("/in"), "POST", new RequestData(Map.of("name", "a b", "n", 1), false, Map.of()))).status())
        .isEqualTo(201);
    server.verify(postRequestedFor(urlEqualTo("/in"))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withFormParam("name", equalTo("a b")).withFormParam("n", equalTo("1")));
    server.resetRequests();
    probe.execute(with(http("/in"), "PUT", new RequestData(Map.of("k", List.of(1, true)), true, Map.of())));
    server.verify(anyRequestedFor(urlEqualTo("/in")).withHeader("Content-Type", containing("application/json"))
        .withRequestBody(equalToJson("{\"k\": [1, true]}")));
    assertThat(server.getAllServeEvents().get(0).getRequest().getMethod()).isEqualTo(RequestMethod.PUT);
    server.resetRequests();
    probe.execute(with(http("/in"), "PATCH", new RequestData("raw=text", false, Map.of("Content-Type", "text/plain"))));
    var patch = server.getAllServeEvents().get(0).getRequest();
    assertThat(patch.getMethod()).isEqualTo(RequestMethod.PATCH);
    assertThat(patch.getBodyAsString()).isEqualTo("raw=text");
    assertThat(patch.getHeader("Content-Type")).startsWith("text/plain");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETE", "OPTIONS", "HEAD", "POST", "PUT", "PATCH", "GET"})
  void supportsEveryMethod(String method) throws Exception {
    server.stubFor(any(urlEqualTo("/m")).willReturn(aResponse().withStatus(200).withHeader("X-Method", method).withBody("body")));
    ProbeResponse r = probe.execute(with(http("/m"), method, RequestData.NONE));
    assertThat(r.error()).isNull();
    assertThat(r.header("x-method")).isEqualTo(method);
    assertThat(server.getAllServeEvents().get(0).getRequest().getMethod().value()).isEqualTo(method);
    assertThat(r.bodyText()).isEqualTo(method.equals("HEAD") ? "" : "body");
  }

  @Test
  void refusesABodyOnGetAsAnInvalidRequest() throws Exception {
    ProbeResponse r = probe.execute(with(http("/m"), "GET", new RequestData(Map.of("a", "b"), false, Map.of())));
    assertThat(r.error()).isNotNull();
    assertThat(r.error().kind()).isEqualTo("invalid-request");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void doesNotFollowRedirectsUnlessAsked() throws Exception {
    server.stubFor(get(urlEqualTo("/old")).willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
    server.stubFor(get(urlEqualTo("/new")).willReturn(aResponse().withStatus(200).withBody("new")));
    ProbeResponse r = probe.execute(getReq(http("/old")));
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("location")).isEqualTo("/new");
    assertThat(r.redirects()).isEmpty();
    assertThat(r.finalUrl()).isEqualTo(http("/old"));

    ProbeResponse followed = probe.execute(getReq(http("/old")).withFollowRedirects(true));
    assertThat(followed.error()).isNull();
    assertThat(followed.status()).isEqualTo(200);
    assertThat(followed.bodyText()).isEqualTo("new");
    assertThat(followed.redirects()).containsExactly(http("/old"));
    assertThat(followed.finalUrl()).isEqualTo(http("/new"));
  }

  @Test
  void followsAcrossSchemesAndTurnsPostIntoGetOn303() throws Exception {
    server.stubFor(any(urlEqualTo("/submit")).willReturn(aResponse().withStatus(303).withHeader("Location", https("/done"))));
    server.stubFor(any(urlEqualTo("/done")).willReturn(aResponse().withStatus(200).withBody("done")));
    ProbeResponse r = probe.execute(with(http("/submit"), "POST", new RequestData(Map.of("a", "1"), false, Map.of()))
        .withFollowRedirects(true));
    assertThat(r.error()).isNull();
    assertThat(r.bodyText()).isEqualTo("done");
    assertThat(r.finalUrl()).isEqualTo(https("/done"));
    assertThat(r.peerCertificates()).isNotEmpty();
    assertThat(server.getAllServeEvents()).anySatisfy(e -> {
      assertThat(e.getRequest().getUrl()).isEqualTo("/done");
      assertThat(e.getRequest().getMethod()).isEqualTo(RequestMethod.GET);
    });
  }

  @Test
  void aDowngradeFromHttpsToHttpDropsEveryHeaderOfTheConfigButASameOriginHopKeepsThem() throws Exception {
    server.stubFor(get(urlEqualTo("/secure")).willReturn(aResponse().withStatus(302).withHeader("Location", "/again")));
    server.stubFor(get(urlEqualTo("/again")).willReturn(aResponse().withStatus(301).withHeader("Location",
        http("/plain"))));
    server.stubFor(get(urlEqualTo("/plain")).willReturn(aResponse().withStatus(200).withBody("plain")));
    Map<String, String> config = Map.of("Authorization", "Basic c2VjcmV0", "Cookie", "s=1", "X-Api-Key", "k3y",
        "Accept", "application/json");
    ProbeResponse r = probe.execute(with(https("/secure"), "GET", new RequestData(null, false, config))
        .withFollowRedirects(true));
    assertThat(r.error()).isNull();
    assertThat(r.bodyText()).isEqualTo("plain");
    for (String path : List.of("/secure", "/again")) {
      server.verify(getRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Basic c2VjcmV0"))
          .withHeader("Cookie", equalTo("s=1")).withHeader("X-Api-Key", equalTo("k3y"))
          .withHeader("Accept", equalTo("application/json")));
    }
    // https://127.0.0.1:A -> http://127.0.0.1:B: another scheme and port, so another origin (curl: CVE-2022-27776)
    server.verify(getRequestedFor(urlEqualTo("/plain")).withoutHeader("Authorization").withoutHeader("Cookie")
        .withoutHeader("X-Api-Key").withHeader("Accept", equalTo("*/*"))
        .withHeader("User-Agent", equalTo(HttpProbe.defaultUserAgent())));
  }

  @Test
  void anOriginIsSchemeHostAndPort() {
    okhttp3.HttpUrl a = okhttp3.HttpUrl.get("http://Example.test/x");
    assertThat(Hops.sameOrigin(a, okhttp3.HttpUrl.get("http://example.test:80/y?q"))).isTrue();
    assertThat(Hops.sameOrigin(a, okhttp3.HttpUrl.get("https://example.test/x"))).isFalse();
    assertThat(Hops.sameOrigin(a, okhttp3.HttpUrl.get("http://example.test:8080/x"))).isFalse();
    assertThat(Hops.sameOrigin(a, okhttp3.HttpUrl.get("http://www.example.test/x"))).isFalse();
    assertThat(Hops.sameOrigin(okhttp3.HttpUrl.get("http://h.test:443/"), okhttp3.HttpUrl.get("https://h.test/")))
        .as("the same port under another scheme").isFalse();
  }

  @Test
  void failsOnARedirectLoop() throws Exception {
    server.stubFor(get(urlEqualTo("/a")).willReturn(aResponse().withStatus(302).withHeader("Location", "/b")));
    server.stubFor(get(urlEqualTo("/b")).willReturn(aResponse().withStatus(302).withHeader("Location", "/a")));
    ProbeResponse r = probe.execute(getReq(http("/a")).withFollowRedirects(true));
    assertThat(r.error()).isNotNull();
    assertThat(r.error().kind()).isEqualTo("redirect-loop");
    assertThat(r.error().message()).contains("/a", "/b");
    assertThat(server.getAllServeEvents()).hasSize(2);
  }

  @Test
  void failsOnTooManyRedirects() throws Exception {
    for (int i = 1; i <= 5; i++) {
      server.stubFor(get(urlEqualTo("/r" + i)).willReturn(aResponse().withStatus(307).withHeader("Location", "/r" + (i + 1))));
    }
    ProbeRequest req = new ProbeRequest(http("/r1"), "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(10), true, 2);
    ProbeResponse r = probe.execute(req);
    assertThat(r.error()).isNotNull();
    assertThat(r.error().kind()).isEqualTo("too-many-redirects");
    assertThat(server.getAllServeEvents()).hasSize(3);
  }

  @Test
  void reportsARefusedConnection() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    ProbeResponse r = probe.execute(getReq("http://127.0.0.1:" + port + "/"));
    assertThat(r.error()).isNotNull();
    assertThat(r.error().kind()).isEqualTo("connect");
    assertThat(r.status()).isZero();
    assertThat(r.peer()).as("the address it tried, so a dead backend groups its sites").isEqualTo(
        new org.argos.api.ProbePeer("127.0.0.1", port, null));
  }

  @Test
  void reportsAnUnresolvableName() throws Exception {
    try (HttpProbe p = HttpProbe.builder().resolver(host -> {
      throw new UnknownHostException(host + ": no such host");
    }).build()) {
      ProbeResponse r = p.execute(getReq("http://nowhere.argos.test/"));
      assertThat(r.error()).isNotNull();
      assertThat(r.error().kind()).isEqualTo("dns");
      assertThat(r.error().message()).contains("nowhere.argos.test");
      assertThat(r.peer()).as("nothing was resolved").isNull();
    }
  }

  @Test
  void rejectsAnUntrustedCertificateWithTheDefaultTrust() throws Exception {
    try (HttpProbe jvmTrust = HttpProbe.builder().build()) {
      ProbeResponse r = jvmTrust.execute(getReq(https("/")));
      assertThat(r.error()).isNotNull();
      assertThat(r.error().kind()).isEqualTo("tls");
      assertThat(r.error().exceptionClass()).contains("SSL");
      assertThat(r.peerCertificates()).isEmpty();
      assertThat(r.peer().certSha256()).as("the refused certificate still has its fingerprint, to group by")
          .isEqualTo(java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(certs.certificate.getEncoded())));
    }
  }

  @Test
  void trustAllStillCapturesTheChainAndSkipsHostNames() throws Exception {
    server.stubFor(get(urlEqualTo("/t")).willReturn(aResponse().withStatus(200)));
    try (HttpProbe trustAll = HttpProbe.builder().trustAllCertificates(true)
        .resolver(host -> List.of(InetAddress.getByName("127.0.0.1"))).build()) {
      ProbeResponse r = trustAll.execute(getReq("https://not-in-the-certificate.argos.test:" + server.httpsPort() + "/t"));
      assertThat(r.error()).isNull();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.peerCertificates()).containsExactly(certs.certificate);
      assertThat(r.timings().dns()).isNotNull();
    }
  }

  @Test
  void resolvesManyNamesThroughAPluggableResolver() throws Exception {
    server.stubFor(get(urlEqualTo("/r")).willReturn(aResponse().withStatus(200).withBody("ok")));
    try (HttpProbe p = HttpProbe.builder().resolver(HostResolver.loopback()).build()) {
      for (int i = 0; i < 5; i++) {
        ProbeResponse r = p.execute(getReq("http://site" + i + ".argos.test:" + server.port() + "/r"));
        assertThat(r.error()).isNull();
        assertThat(r.bodyText()).isEqualTo("ok");
      }
    }
    assertThat(server.getAllServeEvents()).hasSize(5)
        .allSatisfy(e -> assertThat(e.getRequest().getHeader("Host")).matches("site\\d\\.argos\\.test:\\d+"));
  }

  @Test
  void builderRefusesBadSettings() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpProbe.builder().bodyCap(-1))
        .isInstanceOf(org.argos.api.InvalidValueException.class).hasMessageContaining("bodyCap");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpProbe.builder().userAgent(" "))
        .isInstanceOf(org.argos.api.InvalidValueException.class).hasMessageContaining("userAgent");
    assertThat(HttpProbe.builder().build().bodyCap()).isEqualTo(10L * 1024 * 1024);
  }
}
