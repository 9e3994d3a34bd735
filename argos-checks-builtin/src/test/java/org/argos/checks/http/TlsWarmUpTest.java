package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.conscrypt.OpenSSLProvider;
import org.junit.jupiter.api.Test;

/** The warm-up really runs the first-touch code of a handshake, with the JDK's provider and with Conscrypt's. */
class TlsWarmUpTest {
  private static X509TrustManager jvmTrust() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    return Arrays.stream(tmf.getTrustManagers()).filter(X509TrustManager.class::isInstance)
        .map(X509TrustManager.class::cast).findFirst().orElseThrow();
  }

  @Test
  void parsesAndVerifiesEcAndRsaCertificatesAndWritesAClientHello() throws Exception {
    X509TrustManager trust = jvmTrust();
    SSLContext jdk = SSLContext.getInstance("TLS");
    jdk.init(null, new X509TrustManager[] {trust}, null);
    assertThat(TlsWarmUp.run(jdk, trust)).containsExactly("security-event logger", "X.509 EC", "X.509 RSA",
        "ClientHello");

    SSLContext conscrypt = SSLContext.getInstance("TLS", new OpenSSLProvider());
    conscrypt.init(null, new X509TrustManager[] {trust}, null);
    assertThat(TlsWarmUp.run(conscrypt, trust)).contains("ClientHello");
  }
}
