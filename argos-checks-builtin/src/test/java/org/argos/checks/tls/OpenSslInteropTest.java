package org.argos.checks.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.http.HostResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS probe and the test servers against another implementation, OpenSSL's command line (scripts/ensure-openssl
 * installs it): the probe against {@code openssl s_server}, a TLS server that is not the JDK's; and
 * {@code openssl s_client -starttls} against the in-test STARTTLS servers, so that their dialogues are the ones a real
 * client expects (GreenMail, our tests' mail server, has no STARTTLS).
 */
class OpenSslInteropTest {
  static final String OPENSSL = "/usr/bin/openssl";
  static final TestChain CHAIN = TestChain.serverCertificate(Duration.ofDays(30), "localhost");

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"-tls1_3", "-tls1_2"})
  void theProbeReadsOpenSslsServer(String version) throws Exception {
    Path cert = pem(dir.resolve("cert.pem"), "CERTIFICATE", CHAIN.leaf.getEncoded());
    Path chain = pem(dir.resolve("chain.pem"), "CERTIFICATE", CHAIN.authority.getEncoded());
    Key key = CHAIN.keyStore.getKey("server", TestChain.PASSWORD);
    Path keyFile = pem(dir.resolve("key.pem"), "PRIVATE KEY", key.getEncoded());
    int port = freePort();
    Process server = new ProcessBuilder(OPENSSL, "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
        "-key", keyFile.toString(), "-cert_chain", chain.toString(), version, "-quiet")
        .redirectErrorStream(true).redirectOutput(dir.resolve("s_server.log").toFile()).start();
    try {
      awaitListening(port, server);
      TlsProbe probe = TlsProbe.builder().resolver(HostResolver.loopback()).trustStore(CHAIN.trustStore).build();
      ProbeResponse r = probe.execute(ProbeRequest.of("tls://localhost:" + port, IpVersion.IPV4,
          Duration.ofSeconds(10)));
      assertThat(r.error()).as(String.valueOf(r.error())).isNull();
      assertThat(r.attribute("tls.protocol")).isEqualTo(version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2");
      assertThat(r.peerCertificates()).containsExactly(CHAIN.leaf, CHAIN.authority);
      assertThat(r.attribute("tls.chain-valid")).isEqualTo("true");
      assertThat(r.attribute("tls.hostname-match")).isEqualTo("true");
      assertThat(r.peer().certSha256()).hasSize(64);
    } finally {
      server.destroy();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"smtp", "imap", "pop3", "xmpp"})
  void openSslsClientUpgradesWithTheTestServers(String protocol) throws Exception {
    try (TlsServer server = new TlsServer(CHAIN, protocol, TlsServer.Mode.NORMAL)) {
      List<String> command = new ArrayList<>(List.of(OPENSSL, "s_client", "-connect", "127.0.0.1:" + server.port(),
          "-starttls", protocol, "-servername", "localhost", "-brief"));
      if (protocol.equals("xmpp")) {
        command.addAll(List.of("-xmpphost", "localhost"));
      }
      Process client = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      assertThat(client.waitFor(10, TimeUnit.SECONDS)).as("openssl s_client ended").isTrue();
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).as(out).contains("CONNECTION ESTABLISHED").contains("Protocol version: TLSv1.3");
      assertThat(server.sniSeen).containsExactly("localhost");
    }
  }

  private static Path pem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits (at most 10 s) for the server to accept connections: openssl binds a little after it starts. */
  private static void awaitListening(int port, Process server) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until && server.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("openssl s_server did not listen on " + port + " (alive: " + server.isAlive() + ")");
  }
}
