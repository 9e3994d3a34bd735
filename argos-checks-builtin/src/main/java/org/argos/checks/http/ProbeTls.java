package org.argos.checks.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.argos.api.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * The probe's TLS set-up: its trust (the JVM's, a given trust store, or every chain), its JSSE provider (chosen, or
 * {@link PreferredTls}'s), and a new context for each connection.
 */
final class ProbeTls {
  private final TrustManager[] trust;
  private final @Nullable Provider provider;
  private final String description;

  /**
   * Builds the trust once and a first context, which fails now (not at the first HTTPS probe) when the provider has
   * no TLS, and warms the provider up with it.
   */
  ProbeTls(boolean trustAll, @Nullable KeyStore trustStore, boolean providerChosen, @Nullable Provider chosen) {
    // trustManagerFor(null) is the JVM's default trust, built once rather than at each connection
    X509TrustManager chosenTrust = trustAll ? new TrustEverything() : trustManagerFor(trustStore);
    this.trust = new TrustManager[] {
        chosenTrust instanceof X509ExtendedTrustManager x ? new RecordingTrust(x) : chosenTrust};
    if (providerChosen) {
      this.provider = chosen;
      this.description = chosen == null ? "the JDK's (chosen)" : chosen.getName() + " (chosen)";
    } else {
      PreferredTls.Choice c = PreferredTls.choice();
      this.provider = c.provider();
      this.description = c.why();
    }
    SSLContext first = newContext();
    // the JVM's default trust: the one just built when the probe uses it, else read once for the warm-up
    X509TrustManager own = (X509TrustManager) trust[0];
    TlsWarmUp.once(first, trustAll || trustStore != null ? () -> trustManagerFor(null) : () -> own);
  }

  /** @return the JSSE provider making the connections and why, for a log line */
  String description() {
    return description;
  }

  /**
   * A new TLS context for each connection. No session, hence no certificate, outlives the probe that made it: each
   * probe makes a full handshake and sees the certificate the server presents now, where a resumed session would
   * report the one of an earlier handshake. (A shared context cannot be made to forget: its session cache keeps at
   * least one session for at least a second, and a site's paths are often probed within a second.) A context costs
   * about 3 µs with the JDK's provider and 35 µs with Conscrypt's, against 1.6 and 0.75 ms for the handshake.
   */
  SSLSocketFactory newSocketFactory() {
    return newContext().getSocketFactory();
  }

  private SSLContext newContext() {
    try {
      SSLContext ctx = provider == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", provider);
      ctx.init(null, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for the probe"
          + (provider == null ? "" : " with provider " + provider.getName()) + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManagerFor(@Nullable KeyStore store) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X.509 trust manager for the given key store");
    } catch (GeneralSecurityException e) {
      throw new InvalidValueException("HttpProbe", "trustStore", null, "cannot use it: " + e.getMessage(), e);
    }
  }

  /**
   * @return the leaf certificate the server presented in the last handshake of this thread, even one the trust
   *     refused (a probe's handshake runs on its own thread); forgotten once taken
   */
  static @Nullable X509Certificate takePresentedLeaf() {
    X509Certificate leaf = PRESENTED.get();
    PRESENTED.remove();
    return leaf;
  }

  private static final ThreadLocal<X509Certificate> PRESENTED = new ThreadLocal<>();

  /**
   * Notes the leaf a server presents before the trust judges it, so that a refused certificate (expired, another
   * host's) still has a fingerprint to group alerts by. Only wraps an extended trust manager, whose host name
   * checks it passes on unchanged.
   */
  private static final class RecordingTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    RecordingTrust(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    private static void note(X509Certificate[] chain) {
      if (chain != null && chain.length > 0) {
        PRESENTED.set(chain[0]);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      note(chain);
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      note(chain);
      delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      note(chain);
      delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /** Accepts every chain: for tests and fleets of self-signed servers, where the chain is still captured. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
