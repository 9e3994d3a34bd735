package org.argos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;

/**
 * HTTP servers on 127.0.0.1 for {@link ProbeCompatibilityKit}: the JDK's HTTP server for normal answers, and plain
 * sockets for servers that misbehave (silent, trickling, closing, endless). Connections are handled on virtual
 * threads, which all end when the targets close.
 */
public final class HttpProbeTargets implements ProbeTargets {
  /** The header a normal answer carries its token in. */
  public static final String TOKEN_HEADER = "X-Argos-Kit";

  private final LoopbackSockets sockets = new LoopbackSockets();
  private final HttpServer http;
  private final int refusedPort;
  private final int silent;
  private final int trickling;
  private final int closing;
  private final int endless;

  /**
   * Starts the servers.
   *
   * @throws IOException when a loopback port cannot be bound
   */
  public HttpProbeTargets() throws IOException {
    http = HttpServer.create(new InetSocketAddress(sockets.loopback, 0), 64);
    http.setExecutor(sockets.connections);
    http.createContext("/kit/", exchange -> {
      String token = exchange.getRequestURI().getPath().substring("/kit/".length());
      byte[] body = ("argos kit " + token).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      exchange.getResponseHeaders().add(TOKEN_HEADER, token);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
    refusedPort = sockets.refusedPort();
    silent = sockets.serve(socket -> {
      socket.getInputStream().transferTo(OutputStream.nullOutputStream()); // reads the request, answers nothing
    });
    trickling = sockets.serve(socket -> {
      readRequestHead(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      while (true) {
        out.write('.');
        out.flush();
        Thread.sleep(50);
      }
    });
    closing = sockets.serve(Socket::close);
    endless = sockets.serve(socket -> {
      readRequestHead(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      while (true) {
        out.write(chunk); // until the probe stops reading and closes
      }
    });
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
    }
  }

  private ProbeRequest request(int port, String path, Duration timeout) {
    return new ProbeRequest("http://127.0.0.1:" + port + path, "GET", RequestData.NONE, IpVersion.IPV4, timeout,
        false, 0);
  }

  @Override
  public ProbeRequest answering(String token, Duration timeout) {
    if (!token.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("a token is letters, digits and dashes, got " + token);
    }
    return request(http.getAddress().getPort(), "/kit/" + token, timeout);
  }

  @Override
  public void assertAnswered(ProbeResponse response, String token) {
    assertThat(response.error()).as("transport error of the answer for %s", token).isNull();
    assertThat(response.status()).as("status").isEqualTo(200);
    assertThat(response.bodyText()).as("body").isEqualTo("argos kit " + token);
    assertThat(response.bodyTruncated()).as("body truncated").isFalse();
    assertThat(response.header(TOKEN_HEADER)).as("the token header, read in any case").isEqualTo(token);
    assertThat(response.headers()).as("header names are lower case").containsKey(TOKEN_HEADER.toLowerCase(
        java.util.Locale.ROOT));
    assertThat(response.finalUrl()).as("final URL without redirects").isEqualTo(response.request().url());
    assertThat(response.redirects()).as("redirects").isEmpty();
    assertThat(response.peerCertificates()).as("certificates over plain HTTP").isEmpty();
  }

  @Override
  public ProbeRequest refusing(Duration timeout) {
    return request(refusedPort, "/refused", timeout);
  }

  @Override
  public ProbeRequest silent(Duration timeout) {
    return request(silent, "/silent", timeout);
  }

  @Override
  public ProbeRequest trickling(Duration timeout) {
    return request(trickling, "/trickling", timeout);
  }

  @Override
  public ProbeRequest closing(Duration timeout) {
    return request(closing, "/closing", timeout);
  }

  @Override
  public ProbeRequest endless(Duration timeout) {
    return request(endless, "/endless", timeout);
  }

  @Override
  public void close() {
    http.stop(0);
    sockets.close();
  }

  /** @return a description for failure messages */
  @Override
  public String toString() {
    return "HTTP targets on " + Map.of("answering", http.getAddress().getPort(), "silent", silent);
  }
}
