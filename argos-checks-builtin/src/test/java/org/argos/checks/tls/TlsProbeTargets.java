package org.argos.checks.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.ProbeTargets;

/**
 * TLS servers on loopback for the probe compatibility kit. The answer carries the token through XMPP: the request's
 * host is {@code <token>.argos.test} (the probe maps every name to loopback), which the server's stream header names
 * back, so concurrent answers can be told apart.
 */
final class TlsProbeTargets implements ProbeTargets {
  static final TestChain CHAIN = TestChain.serverCertificate(Duration.ofDays(30), "localhost", "*.argos.test");

  private final List<TlsServer> servers = new ArrayList<>();
  private final TlsServer xmpp;
  private final TlsServer silent;
  private final TlsServer trickling;
  private final TlsServer closing;
  private final TlsServer endless;

  TlsProbeTargets() throws IOException {
    try {
      xmpp = start("xmpp", TlsServer.Mode.NORMAL);
      silent = start("tls", TlsServer.Mode.SILENT);
      trickling = start("tls", TlsServer.Mode.TRICKLE);
      closing = start("tls", TlsServer.Mode.CLOSE);
      endless = start("xmpp", TlsServer.Mode.ENDLESS_LINE);
    } catch (Exception e) {
      close();
      throw new IOException("cannot start the TLS test servers", e);
    }
  }

  private TlsServer start(String protocol, TlsServer.Mode mode) throws Exception {
    TlsServer s = new TlsServer(CHAIN, protocol, mode);
    servers.add(s);
    return s;
  }

  private static ProbeRequest request(String host, int port, String path, Duration timeout) {
    return ProbeRequest.of("tls://" + host + ":" + port + path, IpVersion.IPV4, timeout);
  }

  @Override
  public ProbeRequest answering(String token, Duration timeout) {
    return request(token + ".argos.test", xmpp.port(), "/xmpp", timeout);
  }

  @Override
  public void assertAnswered(ProbeResponse response, String token) {
    assertThat(response.error()).as("error").isNull();
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("from='" + token + ".argos.test'");
    assertThat(response.attribute("tls.protocol")).isEqualTo("TLSv1.3");
    assertThat(response.attribute("tls.hostname-match")).isEqualTo("true");
    assertThat(response.peerCertificates()).containsExactly(CHAIN.leaf, CHAIN.authority);
  }

  @Override
  public ProbeRequest refusing(Duration timeout) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return request("refused.argos.test", s.getLocalPort(), "/", timeout);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ProbeRequest silent(Duration timeout) {
    return request("silent.argos.test", silent.port(), "/", timeout);
  }

  @Override
  public ProbeRequest trickling(Duration timeout) {
    return request("trickling.argos.test", trickling.port(), "/", timeout);
  }

  @Override
  public ProbeRequest closing(Duration timeout) {
    return request("closing.argos.test", closing.port(), "/", timeout);
  }

  @Override
  public ProbeRequest endless(Duration timeout) {
    return request("endless.argos.test", endless.port(), "/xmpp", timeout);
  }

  @Override
  public void close() {
    servers.forEach(TlsServer::close);
  }
}
