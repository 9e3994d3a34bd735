package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.TestCertificates;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.conscrypt.Conscrypt;
import org.conscrypt.OpenSSLProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe's TLS with the JVM's provider and with Conscrypt's ({@link HttpProbe.Builder#tlsProvider}), against a real
 * TLS server on 127.0.0.1 whose certificate can be replaced between two connections while its sessions stay valid,
 * as a server that renews its certificate without a restart does.
 */
class HttpProbeTlsProviderTest {
  private final TestCertificates first = TestCertificates.expiringIn(Duration.ofDays(30));
  private final TestCertificates renewed = TestCertificates.expiringIn(Duration.ofDays(90));
  private final AtomicReference<X509KeyManager> serving = new AtomicReference<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private ServerSocket listener;

  static Stream<Arguments> providers() {
    return Stream.of(Arguments.of("JDK", null), Arguments.of("Conscrypt", new OpenSSLProvider()));
  }

  @BeforeEach
  void startServer() throws Exception {
    serving.set(keyManager(first));
    // One context for the server's whole life: its session tickets outlive a certificate change. BoringSSL (through
    // Conscrypt) resumes a ticketed session, which the JDK's server cannot do from a stateless ticket.
    SSLContext server = SSLContext.getInstance("TLS", new OpenSSLProvider());
    server.init(new javax.net.ssl.KeyManager[] {new SwitchingKeyManager()}, null, null);
    listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    threads.submit(() -> {
      while (!listener.isClosed()) {
        Socket plain = listener.accept();
        threads.submit(() -> answer(server, plain));
      }
      return null;
    });
  }

  @AfterEach
  void stopServer() throws IOException {
    listener.close();
    threads.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void probesOverTlsWithTheConfiguredTrustAndCapturesTheChain(String name, @Nullable Provider provider)
      throws Exception {
    try (HttpProbe probe = trusting(provider, first, renewed).build()) {
      ProbeResponse r = probe.execute(get(url("127.0.0.1")));

      assertThat(r.error()).as(name).isNull();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bodyText()).isEqualTo("ok");
      assertThat(r.peerCertificates()).containsExactly(first.certificate);
      assertThat(r.timings().tls()).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void refusesAnUntrustedCertificate(String name, @Nullable Provider provider) throws Exception {
    try (HttpProbe probe = trusting(provider, renewed).build()) {
      ProbeResponse r = probe.execute(get(url("127.0.0.1")));

      assertThat(r.error()).as(name).isNotNull();
      assertThat(r.error().kind()).isEqualTo("tls");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void refusesACertificateThatDoesNotNameTheHost(String name, @Nullable Provider provider) throws Exception {
    try (HttpProbe probe = trusting(provider, first)
        .resolver(host -> List.of(InetAddress.getByName("127.0.0.1"))).build()) {
      ProbeResponse named = probe.execute(get(url("secure.argos.test")));
      ProbeResponse other = probe.execute(get(url("elsewhere.argos.test")));

      assertThat(named.error()).as(name).isNull();
      assertThat(other.error()).as(name).isNotNull();
      assertThat(other.error().kind()).isEqualTo("tls");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void eachProbeReportsTheCertificateTheServerPresentsNow(String name, @Nullable Provider provider)
      throws Exception {
    try (HttpProbe probe = trusting(provider, first, renewed).build()) {
      ProbeResponse before = probe.execute(get(url("127.0.0.1")));
      serving.set(keyManager(renewed));
      ProbeResponse after = probe.execute(get(url("127.0.0.1")));

      assertThat(before.peerCertificates()).as(name).containsExactly(first.certificate);
      // a resumed session would still carry the first certificate
      assertThat(after.peerCertificates()).as(name).containsExactly(renewed.certificate);
    }
  }

  @Test
  void aProviderWithoutTlsIsRefusedWhenTheProbeIsBuilt() {
    assertThatThrownBy(() -> HttpProbe.builder().tlsProvider(new BouncyCastleProvider()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot set up TLS for the probe with provider BC");
  }

  @Test
  void withoutAChoiceTheProbeTakesConscryptWhereItLoadsAndTheJdksWhenAskedTo() throws Exception {
    // Conscrypt is on this module's test class path, as it is in the daemon's jar
    assertThat(HttpProbe.defaultTlsProvider()).isEqualTo("Conscrypt (org.conscrypt.OpenSSLProvider)");
    assertThat(HttpProbe.builder().build().tlsProvider()).isEqualTo("Conscrypt (org.conscrypt.OpenSSLProvider)");
    assertThat(HttpProbe.builder().tlsProvider(null).build().tlsProvider()).isEqualTo("the JDK's (chosen)");
    assertThat(HttpProbe.builder().tlsProvider(new OpenSSLProvider()).build().tlsProvider())
        .isEqualTo("Conscrypt (chosen)");
    // and the default probe does its handshakes with it: a server certificate it trusts gets through
    ProbeResponse r = trustingDefault(first).execute(get(url("127.0.0.1")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.peerCertificates()).containsExactly(first.certificate);
  }

  @Test
  void whereConscryptCannotServeTheDefaultIsTheJdksWithTheReason() {
    ClassLoader cl = getClass().getClassLoader();
    PreferredTls.Choice missing = PreferredTls.find("org.example.NoSuchProvider", cl);
    assertThat(missing.provider()).isNull();
    assertThat(missing.why()).isEqualTo("the JDK's (org.example.NoSuchProvider is not on the class path)");

    PreferredTls.Choice broken = PreferredTls.find(NativeLibraryMissing.class.getName(), cl);
    assertThat(broken.provider()).isNull();
    assertThat(broken.why()).startsWith("the JDK's (" + NativeLibraryMissing.class.getName() + " failed to start: ")
        .contains("UnsatisfiedLinkError: no conscrypt_openjdk_jni in java.library.path");

    PreferredTls.Choice noTls = PreferredTls.find(BouncyCastleProvider.class.getName(), cl);
    assertThat(noTls.provider()).isNull();
    assertThat(noTls.why()).startsWith("the JDK's (BC cannot make a TLS context: ");

    assertThat(PreferredTls.find(PreferredTls.CONSCRYPT, cl).provider()).isInstanceOf(OpenSSLProvider.class);
  }

  /** A provider whose native library is missing, as Conscrypt's on a platform it has no build for. */
  public static final class NativeLibraryMissing extends Provider {
    public NativeLibraryMissing() {
      super("Missing", "1", "no native library");
      throw new UnsatisfiedLinkError("no conscrypt_openjdk_jni in java.library.path");
    }
  }

  private static HttpProbe trustingDefault(TestCertificates c) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("c", c.certificate);
    return HttpProbe.builder().trustStore(ks).build();
  }

  private String url(String host) {
    return "https://" + host + ":" + listener.getLocalPort() + "/";
  }

  private static ProbeRequest get(String url) {
    return new ProbeRequest(url, "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(10), false, 0);
  }

  /** @return a probe builder with this TLS provider (null: the JDK's) that trusts exactly these certificates */
  private static HttpProbe.Builder trusting(@Nullable Provider provider, TestCertificates... certificates)
      throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    for (int i = 0; i < certificates.length; i++) {
      ks.setCertificateEntry("c" + i, certificates[i].certificate);
    }
    return HttpProbe.builder().trustStore(ks).tlsProvider(provider);
  }

  private static X509KeyManager keyManager(TestCertificates c) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(c.keyStore, TestCertificates.PASSWORD);
    return (X509KeyManager) kmf.getKeyManagers()[0];
  }

  /** Reads a request head and answers {@code 200 ok}, closing the connection. */
  private static Void answer(SSLContext server, Socket plain) throws IOException {
    try (SSLSocket tls = (SSLSocket) server.getSocketFactory().createSocket(plain,
        plain.getInetAddress().getHostAddress(), plain.getPort(), true)) {
      tls.setUseClientMode(false);
      Conscrypt.setUseSessionTickets(tls, true);
      InputStream in = tls.getInputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      OutputStream out = tls.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // a refused handshake (the tests that expect one) ends the connection; nothing to answer
    }
    return null;
  }

  /** Serves whichever certificate {@link #serving} holds when a handshake asks. */
  private final class SwitchingKeyManager extends X509ExtendedKeyManager {
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return serving.get().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return serving.get().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return serving.get().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return serving.get().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return serving.get().chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return serving.get().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return serving.get().getPrivateKey(alias);
    }
  }
}
