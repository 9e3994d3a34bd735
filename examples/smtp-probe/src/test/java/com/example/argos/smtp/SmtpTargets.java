package com.example.argos.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.ProbeTargets;

/**
 * SMTP servers on loopback for the probe compatibility kit: the answering one greets with the request's token (taken
 * from the {@code helo} option) and lists it as an extension; the others misbehave as the kit asks.
 */
final class SmtpTargets implements ProbeTargets {
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<ServerSocket> servers = new ArrayList<>();
  private final int answering;
  private final int refused;
  private final int silent;
  private final int trickling;
  private final int closing;
  private final int endless;

  private interface Handler {
    void handle(Socket s, BufferedReader in, OutputStream out) throws Exception;
  }

  SmtpTargets() throws IOException {
    answering = serve((s, in, out) -> {
      say(out, "220 kit.test ESMTP\r\n");
      String ehlo = in.readLine();
      String token = ehlo == null ? "" : ehlo.replaceFirst("^EHLO ", "");
      say(out, "250-kit.test greets " + token + "\r\n250-X-TOKEN-" + token + "\r\n250 SIZE 1000\r\n");
      if ("QUIT".equals(in.readLine())) {
        say(out, "221 bye\r\n");
      }
    });
    try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
      refused = s.getLocalPort();
    }
    silent = serve((s, in, out) -> in.readLine());
    trickling = serve((s, in, out) -> {
      say(out, "220-");
      while (true) {
        say(out, ".");
        Thread.sleep(50);
      }
    });
    closing = serve((s, in, out) -> s.close());
    endless = serve((s, in, out) -> {
      say(out, "220-");
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      while (true) {
        out.write(chunk);
      }
    });
  }

  private static void say(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private int serve(Handler handler) throws IOException {
    // a backlog above the kit's 200 calls at once: with a server that speaks first, a connection past a full accept
    // queue looks open to the client, which then waits for a greeting that never comes (a read timeout)
    ServerSocket server = new ServerSocket(0, 1024, loopback);
    servers.add(server);
    connections.execute(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          open.add(s);
          connections.execute(() -> {
            try (s) {
              handler.handle(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)),
                  s.getOutputStream());
            } catch (Exception e) {
              // the probe hung up, or the targets are closing
            } finally {
              open.remove(s);
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return server.getLocalPort();
  }

  private static ProbeRequest request(int port, String token, Duration timeout) {
    return ProbeRequest.of("smtp://127.0.0.1:" + port, IpVersion.IPV4, timeout).withOption("helo", token);
  }

  @Override
  public ProbeRequest answering(String token, Duration timeout) {
    return request(answering, token, timeout);
  }

  @Override
  public void assertAnswered(ProbeResponse response, String token) {
    assertThat(response.error()).as("error of the answer for %s", token).isNull();
    assertThat(response.attribute("smtp.banner.code")).isEqualTo("220");
    assertThat(response.attributes().get("smtp.extensions")).containsExactly("X-TOKEN-" + token, "SIZE 1000");
    assertThat(response.bodyText()).contains("greets " + token + "\r\n");
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
    for (ServerSocket s : servers) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    connections.shutdownNow();
    try {
      connections.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
