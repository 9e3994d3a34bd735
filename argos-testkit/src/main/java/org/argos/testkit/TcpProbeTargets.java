package org.argos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.TreeMap;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;

/**
 * Line-based TCP servers on 127.0.0.1 for {@link ProbeCompatibilityKit}, for a probe of {@code tcp://host:port} that
 * reads the options {@code send} (bytes to write, {@code \r\n} escaped) and {@code expect} (text to read until). The
 * normal server answers {@code HELLO token} with {@code +OK token} and keeps the connection open, so only the
 * expected text ends the read; the others are silent, trickle dots, close at once, or send bytes for ever.
 */
public final class TcpProbeTargets implements ProbeTargets {
  private final LoopbackSockets sockets = new LoopbackSockets();
  private final int answering;
  private final int refused;
  private final int silent;
  private final int trickling;
  private final int closing;
  private final int endless;

  /**
   * Starts the servers.
   *
   * @throws IOException when a loopback port cannot be bound
   */
  public TcpProbeTargets() throws IOException {
    answering = sockets.serve(socket -> {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      OutputStream out = socket.getOutputStream();
      out.write(("+OK " + (line == null ? "" : line.replaceFirst("^HELLO ", "")) + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      in.readLine(); // keeps the connection open until the probe closes it
    });
    refused = sockets.refusedPort();
    silent = sockets.serve(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()));
    trickling = sockets.serve(socket -> {
      OutputStream out = socket.getOutputStream();
      while (true) {
        out.write('.');
        out.flush();
        Thread.sleep(50);
      }
    });
    closing = sockets.serve(java.net.Socket::close);
    endless = sockets.serve(socket -> {
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      OutputStream out = socket.getOutputStream();
      while (true) {
        out.write(chunk); // until the probe stops reading and closes
      }
    });
  }

  private static ProbeRequest request(int port, String token, Duration timeout) {
    TreeMap<String, String> options = new TreeMap<>();
    options.put("send", "HELLO " + token + "\\r\\n");
    options.put("expect", "+OK " + token);
    return ProbeRequest.of("tcp://127.0.0.1:" + port, IpVersion.IPV4, timeout).withOptions(options);
  }

  @Override
  public ProbeRequest answering(String token, Duration timeout) {
    if (!token.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("a token is letters, digits and dashes, got " + token);
    }
    return request(answering, token, timeout);
  }

  @Override
  public void assertAnswered(ProbeResponse response, String token) {
    assertThat(response.error()).as("transport error of the answer for %s", token).isNull();
    assertThat(response.status()).as("status of a non-HTTP response").isZero();
    assertThat(response.bodyText()).as("bytes read").startsWith("+OK " + token)
        .doesNotContain("+OK " + token + "-");
    assertThat(response.bodyTruncated()).as("body truncated").isFalse();
    assertThat(response.headers()).as("headers of a non-HTTP response").isEmpty();
    assertThat(response.peer()).as("the peer connected to").isNotNull();
    assertThat(response.peer().port()).isEqualTo(answering);
  }

  @Override
  public ProbeRequest refusing(Duration timeout) {
    return request(refused, "refused", timeout);
  }

  @Override
  public ProbeRequest silent(Duration timeout) {
    return request(silent, "silent", timeout);
  }

  @Override
  public ProbeRequest trickling(Duration timeout) {
    return request(trickling, "trickling", timeout);
  }

  @Override
  public ProbeRequest closing(Duration timeout) {
    return request(closing, "closing", timeout);
  }

  @Override
  public ProbeRequest endless(Duration timeout) {
    return request(endless, "endless", timeout);
  }

  @Override
  public void close() {
    sockets.close();
  }

  /** @return a description for failure messages */
  @Override
  public String toString() {
    return "TCP targets on 127.0.0.1: answering " + answering + ", silent " + silent;
  }
}
