package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.argos.api.CheckResult;
import org.argos.api.IpVersion;
import org.argos.api.ResultStatus;
import org.argos.api.spi.Check;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.http.HostResolver;
import org.argos.checks.tcp.TcpProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** tcp-connect and tcp-expect through the TCP probe, against real servers on loopback (IPv4 and IPv6). */
class TcpChecksTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<ServerSocket> servers = new ArrayList<>();
  private final TcpProbe probe = new TcpProbe(HostResolver.loopback());

  @AfterEach
  void stop() throws IOException {
    for (ServerSocket s : servers) {
      s.close();
    }
    threads.shutdownNow();
  }

  private interface Conversation {
    void talk(BufferedReader in, OutputStream out) throws IOException;
  }

  /** A server on {@code address} (any port) that holds each conversation, then closes. */
  private int serve(String address, Conversation conversation) throws IOException {
    ServerSocket server = new ServerSocket(0, 16, InetAddress.getByName(address));
    servers.add(server);
    threads.execute(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          threads.execute(() -> {
            try (s) {
              conversation.talk(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                  s.getOutputStream());
            } catch (IOException e) {
              // the probe hung up
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return server.getLocalPort();
  }

  private static void say(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static ProbeRequest base(String url, IpVersion v) {
    return ProbeRequest.of(url, v, Duration.ofSeconds(3));
  }

  private CheckResult run(String check, Object parameter, ProbeRequest base) throws InterruptedException {
    return Engine.run(probe, Engine.check(check, parameter), base, NOW);
  }

  @Test
  void aBannerIsExpectedAndAConnectionCountsOverIpv4AndIpv6() throws Exception {
    Conversation banner = (in, out) -> {
      say(out, "220 mail.test ESMTP ready\r\n");
      in.readLine();
    };
    int v4 = serve("127.0.0.1", banner);
    int v6 = serve("::1", banner);
    CheckResult ok = run("tcp-expect", "220 ", base("tcp://mail.test:" + v4, IpVersion.IPV4));
    assertThat(ok.status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(ok.message()).isEqualTo("received \"220 \"");
    CheckResult six = run("tcp-connect", true, base("tcp://mail.test:" + v6, IpVersion.IPV6));
    assertThat(six.status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(six.message()).isEqualTo("connected to [0:0:0:0:0:0:0:1]:" + v6);
    ProbeResponse r = probe.execute(Engine.check("tcp-expect", "ESMTP").request(base("tcp://[::1]:" + v6,
        IpVersion.IPV6)));
    assertThat(r.bodyText()).as("the bytes read, up to the read that saw the expected text")
        .startsWith("220 mail.test ESMTP");
    assertThat(r.attribute("tcp.read-end")).isEqualTo("expect");
    assertThat(r.peer().endpoint()).isEqualTo("[0:0:0:0:0:0:0:1]:" + v6);
    assertThat(r.timings().connect()).isNotNull();
  }

  @Test
  void bytesAreSentUnescapedAndTheAnswerJudged() throws Exception {
    int port = serve("127.0.0.1", (in, out) -> {
      String line = in.readLine();
      say(out, "PING".equals(line) ? "+PONG\r\n" : "-ERR unknown '" + line + "'\r\n");
    });
    ProbeRequest base = base("tcp://127.0.0.1:" + port, IpVersion.IPV4);
    CheckResult pong = run("tcp-expect", Map.of("send", "PING\\r\\n", "expect", "+PONG\\r\\n"), base);
    assertThat(pong.status()).as(pong.message()).isEqualTo(ResultStatus.SUCCESS);
    CheckResult err = run("tcp-expect", Map.of("send", "PONG\\r\\n", "expect", "+PONG"), base);
    assertThat(err.status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(err.message()).isEqualTo("reset: the server closed the connection after 21 bytes without sending "
        + "'+PONG': -ERR unknown 'PONG'\\r\\n");
  }

  @Test
  void transportFailuresHaveTheKindsOfTheHttpProbe() throws Exception {
    int refused;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refused = s.getLocalPort();
    }
    CheckResult r = run("tcp-connect", true, base("tcp://127.0.0.1:" + refused, IpVersion.IPV4));
    assertThat(r.message()).startsWith("connect: could not connect to 127.0.0.1:" + refused);
    TcpProbe v4Only = new TcpProbe(HostResolver.inMemory(h -> List.of(InetAddress.getByName("127.0.0.1"))));
    ProbeResponse none = v4Only.execute(base("tcp://only4.test:25", IpVersion.IPV6));
    assertThat(none.error().kind()).isEqualTo("no-address");
    assertThat(none.error().message()).isEqualTo("only4.test has no IPv6 address (it resolves to [127.0.0.1])");
    ProbeResponse dns = new TcpProbe(h -> { throw new java.net.UnknownHostException(h); })
        .execute(base("tcp://nowhere.test:25", IpVersion.IPV4));
    assertThat(dns.error().kind()).isEqualTo("dns");
    int silent = serve("127.0.0.1", (in, out) -> in.readLine());
    long start = System.nanoTime();
    ProbeResponse slow = probe.execute(Engine.check("tcp-expect", "220").request(
        ProbeRequest.of("tcp://127.0.0.1:" + silent, IpVersion.IPV4, Duration.ofMillis(400))));
    assertThat(slow.error().kind()).isEqualTo("timeout");
    assertThat(slow.error().message()).isEqualTo("expected '220' not received within 400 ms (got 0 bytes)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(380), Duration.ofSeconds(2));
  }

  @Test
  void checksNeedATcpHostAndPortAndShareARunWhenTheyAskTheSame() {
    Check connect = Engine.check("tcp-connect", true);
    assertThatThrownBy(() -> connect.request(base("tcp://mail.test", IpVersion.IPV4)))
        .hasMessage("tcp-connect needs a tcp://host:port domain, got tcp://mail.test");
    assertThatThrownBy(() -> connect.request(base("https://mail.test:443", IpVersion.IPV4)))
        .hasMessageContaining("needs a tcp://host:port domain");
    ProbeRequest base = base("tcp://mail.test:25", IpVersion.IPV4);
    ProbeRequest a = Engine.check("tcp-expect", Map.of("send", "EHLO x\\r\\n", "expect", "250")).request(base);
    ProbeRequest b = Engine.check("tcp-expect", Map.of("expect", "250", "send", "EHLO x\\r\\n")).request(base);
    assertThat(a.key()).isEqualTo(b.key());
    assertThat(a.options()).containsEntry("send", "EHLO x\\r\\n").containsEntry("expect", "250");
    assertThat(connect.request(base)).isEqualTo(base);
    assertThat(Engine.provider("tcp-expect").schemes()).containsExactly("tcp");
    assertThat(Engine.provider("status-is").schemes()).containsExactlyInAnyOrder("http", "https");
    assertThat(Engine.provider("response-time").schemes()).containsExactly("*");
  }
}
