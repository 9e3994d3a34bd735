package org.argos.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.InvalidSiteException;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.RequestData;
import org.junit.jupiter.api.Test;

/** A probe request is an absolute http(s) request whose key tells groups apart; a response is a read-only snapshot. */
class ProbeRequestResponseTest {
  private static ProbeRequest get(String url) {
    return new ProbeRequest(url, "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(5), false, 0);
  }

  private static ProbeResponse response(Map<String, List<String>> headers, byte[] body) {
    ProbeRequest r = get("https://example.org/");
    return new ProbeResponse(r, 200, headers, body, false, List.of(), "http/1.1", r.url(), List.of(),
        ProbeTimings.ofTotal(Duration.ofMillis(3)), null);
  }

  @Test
  void aRequestIsAbsoluteHttpWithAMethodAndEveryPart() {
    assertThatThrownBy(() -> get("HTTPS:/example.org/")).isInstanceOf(InvalidSiteException.class)
        .hasMessage("probe URL must be absolute (scheme://host...), got HTTPS:/example.org/");
    assertThatThrownBy(() -> get("1tcp://example.org/")).isInstanceOf(InvalidSiteException.class);
    assertThatThrownBy(() -> get("tcp://")).isInstanceOf(InvalidSiteException.class);
    assertThatThrownBy(() -> get("/relative")).isInstanceOf(InvalidSiteException.class);
    assertThatThrownBy(() -> get(null)).isInstanceOf(InvalidSiteException.class);
    assertThatThrownBy(() -> new ProbeRequest("http://a/", " ", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(1),
        false, 0)).hasMessage("probe method must not be empty");
    assertThatThrownBy(() -> new ProbeRequest("http://a/", "GET", null, IpVersion.IPV4, Duration.ofSeconds(1), false, 0))
        .hasMessageContaining("are required");
    assertThatThrownBy(() -> new ProbeRequest("http://a/", "GET", RequestData.NONE, null, Duration.ofSeconds(1), false,
        0)).hasMessageContaining("are required");
    assertThatThrownBy(() -> new ProbeRequest("http://a/", "GET", RequestData.NONE, IpVersion.IPV6, null, false, 0))
        .hasMessageContaining("are required");
  }

  @Test
  void theKeyTellsApartEveryPartThatChangesTheRequest() {
    ProbeRequest base = get("https://example.org/a");
    assertThat(base.key()).isEqualTo(get("https://example.org/a").key());
    List<ProbeRequest> others = List.of(
        base.withUrl("https://example.org/b"),
        new ProbeRequest(base.url(), "HEAD", RequestData.NONE, IpVersion.IPV4, base.timeout(), false, 0),
        new ProbeRequest(base.url(), "GET", RequestData.NONE, IpVersion.IPV6, base.timeout(), false, 0),
        new ProbeRequest(base.url(), "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(6), false, 0),
        new ProbeRequest(base.url(), "GET", new RequestData(null, false, Map.of("X-A", "1")), IpVersion.IPV4,
            base.timeout(), false, 0),
        base.withFollowRedirects(true),
        new ProbeRequest(base.url(), "GET", RequestData.NONE, IpVersion.IPV4, base.timeout(), true, 3));
    List<String> keys = new ArrayList<>(others.stream().map(ProbeRequest::key).toList());
    keys.add(base.key());
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(base.key()).isEqualTo("GET https://example.org/a ipv4 form:null:{} t=5000");
    assertThat(base.withFollowRedirects(true).followRedirects()).isTrue();
    assertThat(base.withUrl("https://example.org/b").method()).isEqualTo("GET");
  }

  @Test
  void headerNamesAreLowerCasedAndMergedInOrder() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Set-Cookie", new ArrayList<>(List.of("a=1")));
    headers.put("set-cookie", List.of("b=2"));
    headers.put("Content-Type", List.of("text/plain"));
    ProbeResponse r = response(headers, new byte[0]);
    headers.get("Set-Cookie").add("c=3");
    assertThat(r.headers()).containsOnlyKeys("set-cookie", "content-type");
    assertThat(r.headers().get("set-cookie")).containsExactly("a=1", "b=2");
    assertThat(r.header("SET-COOKIE")).isEqualTo("a=1");
    assertThat(r.header("x-missing")).isNull();
    assertThatThrownBy(() -> r.headers().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.headers().get("content-type").add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theBodyIsDecodedWithTheContentTypesCharsetOrUtf8() {
    byte[] latin = "café".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(response(Map.of("Content-Type", List.of("text/html; charset=ISO-8859-1")), latin).bodyText())
        .isEqualTo("café");
    assertThat(response(Map.of("Content-Type", List.of("text/html;Charset=\"iso-8859-1\"")), latin).bodyText())
        .isEqualTo("café");
    byte[] utf8 = "café".getBytes(StandardCharsets.UTF_8);
    assertThat(response(Map.of(), utf8).bodyText()).isEqualTo("café");
    assertThat(response(Map.of("Content-Type", List.of("text/plain")), utf8).bodyText()).isEqualTo("café");
    assertThat(response(Map.of("Content-Type", List.of("text/plain; charset=no-such-charset")), utf8).bodyText())
        .as("an unknown charset falls back to UTF-8").isEqualTo("café");
  }

  @Test
  void aFailedResponseCarriesOnlyTheError() {
    ProbeRequest r = get("https://example.org/x");
    ProbeResponse.TransportError e = new ProbeResponse.TransportError("connect", "java.net.ConnectException", "refused");
    ProbeResponse f = ProbeResponse.failed(r, e, ProbeTimings.ofTotal(Duration.ofMillis(1)));
    assertThat(f.status()).isZero();
    assertThat(f.error()).isEqualTo(e);
    assertThat(f.body()).isEmpty();
    assertThat(f.headers()).isEmpty();
    assertThat(f.finalUrl()).isEqualTo(r.url());
    assertThat(f.redirects()).isEmpty();
    assertThat(f.peerCertificates()).isEmpty();
    assertThat(f.protocol()).isNull();
  }

  @Test
  void aRequestOfAnySchemeCarriesBoundedOptionsThatAreInItsKey() {
    ProbeRequest tcp = ProbeRequest.of("TCP://mail.example.org:25/", IpVersion.IPV6, Duration.ofSeconds(3));
    assertThat(tcp.scheme()).isEqualTo("tcp");
    assertThat(get("https://example.org/").scheme()).isEqualTo("https");
    assertThat(tcp.http()).isEqualTo(ProbeRequest.Http.GET);
    assertThat(tcp.options()).isEmpty();
    ProbeRequest sent = tcp.withOption("send", "QUIT\r\n").withOption("expect", "220 a b");
    assertThat(sent.option("send")).isEqualTo("QUIT\r\n");
    assertThat(sent.options()).containsOnlyKeys("expect", "send");
    assertThat(sent.key()).isEqualTo("GET TCP://mail.example.org:25/ ipv6 form:null:{} t=3000 options: expect=220+a+b "
        + "send=QUIT%0D%0A");
    assertThat(sent.key()).isNotEqualTo(tcp.withOption("expect", "220 a b send=QUIT\\r\\n").key());
    assertThat(sent).isEqualTo(tcp.withOptions(new java.util.TreeMap<>(Map.of("send", "QUIT\r\n", "expect", "220 a b"))));
    assertThatThrownBy(() -> sent.options().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tcp.withOption("Send", "x")).hasMessageContaining("option name");
    assertThatThrownBy(() -> tcp.withOption("a".repeat(65), "x")).hasMessageContaining("option name");
    assertThatThrownBy(() -> tcp.withOption("send", "x".repeat(4097))).hasMessageContaining("at most 4096");
    java.util.TreeMap<String, String> many = new java.util.TreeMap<>();
    for (int i = 0; i < 33; i++) {
      many.put("o" + i, "v");
    }
    assertThatThrownBy(() -> tcp.withOptions(many)).hasMessageContaining("at most 32");
  }

  @Test
  void attributesAreCopiedReadOnlyAndReadByTheirFirstValue() {
    ProbeRequest dns = ProbeRequest.of("dns://example.org", IpVersion.IPV4, Duration.ofSeconds(1));
    List<String> mx = new ArrayList<>(List.of("10 a.example.org", "20 b.example.org"));
    ProbeResponse r = ProbeResponse.of(dns, new byte[0], false, List.of(), null, ProbeTimings.ofTotal(Duration.ZERO),
        null, null, Map.of("dns.records.MX", mx, "dns.rcode", List.of("NOERROR")));
    mx.clear();
    assertThat(r.status()).isZero();
    assertThat(r.finalUrl()).isEqualTo("dns://example.org");
    assertThat(r.attribute("dns.records.MX")).isEqualTo("10 a.example.org");
    assertThat(r.attributes().get("dns.records.MX")).hasSize(2);
    assertThat(r.attribute("dns.records.A")).isNull();
    assertThatThrownBy(() -> r.attributes().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThat(response(Map.of(), new byte[0]).attributes()).isEmpty();
  }
}
