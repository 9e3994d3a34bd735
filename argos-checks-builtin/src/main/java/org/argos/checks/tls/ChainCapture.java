package org.argos.checks.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The trust of one TLS probe connection: it accepts every chain, so that the handshake completes and the checks see
 * even an expired or self-signed certificate, and meanwhile asks the real trust (the JVM's default trust store, or the
 * probe's) whether it would have accepted the chain, without the host name, which {@link HostNames} judges apart.
 * One instance per connection; the handshake runs on the probing thread.
 */
final class ChainCapture extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager judge;
  private List<X509Certificate> chain = List.of();
  private boolean valid;
  private @Nullable String error = "the server presented no certificate";

  ChainCapture(X509ExtendedTrustManager judge) {
    this.judge = judge;
  }

  /** @return the trust a key store gives (the JVM's default trust store when null) */
  static X509ExtendedTrustManager trustOf(@Nullable KeyStore store) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JVM offers no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the trust store: " + e.getMessage(), e);
    }
  }

  /** @return the chain the server presented, leaf first (empty before the handshake got that far) */
  List<X509Certificate> chain() {
    return chain;
  }

  /** @return whether the real trust accepts the chain */
  boolean valid() {
    return valid;
  }

  /** @return why the real trust refused the chain, or null when it accepted it */
  @Nullable String error() {
    return error;
  }

  private void judge(X509Certificate[] presented, String authType, @Nullable Socket socket,
      @Nullable SSLEngine engine) {
    chain = presented == null ? List.of() : List.of(presented);
    if (chain.isEmpty()) {
      return;
    }
    try {
      // with the handshake's socket the trust also applies the session's algorithm constraints; the socket has no
      // endpoint identification algorithm set, so the host name is left to HostNames
      if (socket != null) {
        judge.checkServerTrusted(presented, authType, socket);
      } else if (engine != null) {
        judge.checkServerTrusted(presented, authType, engine);
      } else {
        judge.checkServerTrusted(presented, authType);
      }
      valid = true;
      error = null;
    } catch (CertificateException | RuntimeException e) {
      valid = false;
      String m = e.getMessage();
      error = m == null || m.isBlank() ? e.getClass().getSimpleName() : (m.length() > 500 ? m.substring(0, 500) : m);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] presented, String authType) {
    judge(presented, authType, null, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] presented, String authType, Socket socket) {
    judge(presented, authType, socket, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] presented, String authType, SSLEngine engine) {
    judge(presented, authType, null, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] presented, String authType) throws CertificateException {
    throw new CertificateException("a probe does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] presented, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a probe does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] presented, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a probe does not accept clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
