package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.RawServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The probe's own HTTP/1.1 wire handling against servers written byte by byte: message framing (chunked, fixed,
 * close-delimited, bodiless statuses), interim responses, what the probe sends, and malformed answers.
 */
class Http1WireTest {
  private static final HttpProbe PROBE = HttpProbe.builder().build();

  @AfterAll
  static void close() {
    PROBE.close();
  }

  private static ProbeResponse get(String url) throws InterruptedException {
    return PROBE.execute(new ProbeRequest(url, "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(5), false, 5));
  }

  private static ProbeResponse send(String url, String method, RequestData data) throws InterruptedException {
    return PROBE.execute(new ProbeRequest(url, method, data, IpVersion.IPV4, Duration.ofSeconds(5), false, 5));
  }

  /** Reads the request head and, when it announces one, the body; returns both as text. */
  private static String readRequest(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        byte[] body = in.readNBytes(Integer.parseInt(line.substring(15).trim()));
        text += new String(body, StandardCharsets.UTF_8);
      }
    }
    return text;
  }

  @Test
  void readsAChunkedBodyWithExtensionsAndTrailersSplitAcrossWrites() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r");
      out.flush();
      Thread.sleep(30); // the CR and its LF arrive in two reads
      srv.write(out, "\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n5;name=value\r\nhello\r\n");
      out.flush();
      Thread.sleep(30);
      srv.write(out, "6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
      out.flush();
    })) {
      ProbeResponse r = get(server.url("/"));
      assertThat(r.error()).isNull();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-a")).isEqualTo("1");
      assertThat(r.bodyText()).isEqualTo("hello world");
      assertThat(r.bodyTruncated()).isFalse();
    }
  }

  @Test
  void readsAnHttp10BodyUntilTheServerCloses() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      srv.write(s.getOutputStream(), "HTTP/1.0 200 OK\nServer: old\n\nall of it");
    })) {
      ProbeResponse r = get(server.url("/"));
      assertThat(r.error()).isNull();
      assertThat(r.protocol()).isEqualTo("http/1.0");
      assertThat(r.header("server")).isEqualTo("old");
      assertThat(r.bodyText()).isEqualTo("all of it");
    }
  }

  @Test
  void keepsWhatArrivedOfABodyCutShort() throws Exception {
    AtomicReference<String> framing = new AtomicReference<>("Content-Length: 1000\r\n");
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      srv.write(s.getOutputStream(), "HTTP/1.1 200 OK\r\n" + framing.get() + "\r\n" + (framing.get().contains("chunked")
          ? "a\r\nonly ten b\r\n" : "only ten b"));
    })) {
      for (String f : List.of("Content-Length: 1000\r\n", "Transfer-Encoding: chunked\r\n")) {
        framing.set(f);
        ProbeResponse r = get(server.url("/"));
        assertThat(r.error()).as(f).isNotNull();
        assertThat(r.error().kind()).as(f).isEqualTo("reset");
        assertThat(r.bodyText()).as(f).isEqualTo("only ten b");
      }
    }
  }

  @Test
  void trailersThatDoNotStopAreBounded() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n");
      String line = "X-T: " + "t".repeat(1000) + "\r\n";
      for (int i = 0; i < 4 * 1024; i++) { // 4 MiB of trailers, then their end
        srv.write(out, line);
      }
      srv.write(out, "\r\n");
    })) {
      ProbeResponse r = get(server.url("/"));
      assertThat(r.error()).isNotNull();
      assertThat(r.error().message()).contains("chunked trailers longer than");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bodyText()).isEqualTo("hello");
      assertThat(server.bytesWritten.get()).as("the rest is never read").isLessThan(4L * 1024 * 1024);
    }
  }

  @Test
  void skipsInterimResponses() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      srv.write(s.getOutputStream(), "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
          + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    })) {
      ProbeResponse r = get(server.url("/"));
      assertThat(r.error()).isNull();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("link")).isNull();
      assertThat(r.bodyText()).isEqualTo("ok");
    }
  }

  @Test
  void neverWaitsForTheBodyOfAHeadOr204Or304() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> status = new AtomicReference<>("204 No Content");
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      // Announces a body it never sends and keeps the connection open: reading it would end in a timeout.
      srv.write(s.getOutputStream(), "HTTP/1.1 " + status.get() + "\r\nContent-Length: 100\r\n\r\n");
      s.getOutputStream().flush();
      release.await();
    })) {
      for (String st : List.of("204 No Content", "304 Not Modified")) {
        status.set(st);
        ProbeResponse r = get(server.url("/"));
        assertThat(r.error()).as(st).isNull();
        assertThat(r.body()).isEmpty();
      }
      status.set("200 OK");
      ProbeResponse head = send(server.url("/"), "HEAD", RequestData.NONE);
      assertThat(head.error()).isNull();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void sendsAMinimalHeadAndLetsTheRequestOverrideHostAndAgent() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    try (RawServer server = new RawServer((s, srv) -> {
      seen.set(readRequest(s));
      srv.write(s.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    })) {
      int port = Integer.parseInt(server.url("/").replaceAll(".*:(\\d+)/", "$1"));
      get(server.url("/a%20b?q=1&r=%C3%A9"));
      assertThat(seen.get()).startsWith("GET /a%20b?q=1&r=%C3%A9 HTTP/1.1\r\n")
          .contains("\r\nHost: 127.0.0.1:" + port + "\r\n", "\r\nUser-Agent: Argos/", "\r\nConnection: close\r\n",
              "\r\nAccept-Encoding: gzip\r\n")
          .doesNotContain("Content-Length");

      send(server.url("/in"), "POST",
          new RequestData("x=1", false, Map.of("Host", "virtual.example", "User-Agent", "mine", "Content-Type", "text/plain")));
      assertThat(seen.get()).startsWith("POST /in HTTP/1.1\r\n")
          .contains("\r\nHost: virtual.example\r\n", "\r\nUser-Agent: mine\r\n", "\r\nContent-Length: 3\r\n")
          .doesNotContain("Argos/", "127.0.0.1")
          .endsWith("\r\n\r\nx=1");
      assertThat(seen.get().split("Content-Type", -1)).as("one Content-Type").hasSize(2);
    }
  }

  @Test
  void refusesHeaderInjectionBeforeConnecting() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> readRequest(s))) {
      // a header with a line break cannot even be built (RequestData refuses it, whatever reads it)
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RequestData(null, false, Map.of("X-A", "v\r\nX-Evil: 1")))
          .isInstanceOf(org.argos.api.InvalidSiteException.class);
      ProbeResponse method = send(server.url("/"), "GET /x HTTP/1.1\r\n", RequestData.NONE);
      assertThat(method.error()).isNotNull();
      assertThat(method.error().kind()).isEqualTo("invalid-request");
      assertThat(server.connections.get()).isZero();
    }
  }

  @Test
  void decodesGzipWhoeverAskedForIt() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write("plain text".getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = zipped.toByteArray();
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      srv.write(s.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + bytes.length
          + "\r\n\r\n");
      srv.write(s.getOutputStream(), bytes);
    })) {
      assertThat(get(server.url("/")).bodyText()).isEqualTo("plain text");
      // A config that asks for gzip itself gets decoded bytes too, as curl --compressed and httpx give them.
      ProbeResponse asked = send(server.url("/"), "GET",
          new RequestData(null, false, Map.of("Accept-Encoding", "gzip")));
      assertThat(asked.error()).isNull();
      assertThat(asked.bodyText()).isEqualTo("plain text");
      assertThat(asked.header("content-encoding")).isEqualTo("gzip");
    }
  }

  @Test
  void malformedAnswersAreTransportErrorsThatSayWhat() throws Exception {
    AtomicReference<String> answer = new AtomicReference<>();
    try (RawServer server = new RawServer((s, srv) -> {
      readRequest(s);
      srv.write(s.getOutputStream(), answer.get());
    })) {
      answer.set("SSH-2.0-OpenSSH_9.2\r\n\r\n");
      ProbeResponse notHttp = get(server.url("/"));
      assertThat(notHttp.error()).isNotNull();
      assertThat(notHttp.error().message()).contains("status line", "SSH-2.0");

      answer.set("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(300 * 1024) + "\r\n\r\n");
      ProbeResponse huge = get(server.url("/"));
      assertThat(huge.error()).isNotNull();
      assertThat(huge.error().message()).contains("longer than");

      answer.set("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello");
      ProbeResponse twoLengths = get(server.url("/"));
      assertThat(twoLengths.status()).isEqualTo(200);
      assertThat(twoLengths.error()).isNotNull();
      assertThat(twoLengths.error().message()).contains("Content-Length");

      answer.set("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
      ProbeResponse badChunk = get(server.url("/"));
      assertThat(badChunk.error()).isNotNull();
      assertThat(badChunk.error().message()).contains("chunk size");
    }
  }
}
