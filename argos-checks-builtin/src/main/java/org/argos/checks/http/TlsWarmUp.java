package org.argos.checks.http;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * Runs, once per JVM and on the thread that builds the first {@link HttpProbe}, the JDK code a TLS handshake touches
 * first, so that its classes are loaded and initialised before hundreds of virtual threads reach it at once.
 *
 * <p>Why: a virtual thread that waits for a class being initialised by another thread, or that blocks inside a class
 * initialiser, pins its carrier (JEP 491 left these cases). With as many carriers as cores, two probes' first TLS
 * handshakes were enough to freeze the whole engine on a 2-core machine: one initialised
 * {@code BootstrapLogger$DetectBackend} (reached from the certificate parsing's security-event check) and waited for a
 * class-path jar lock held by a platform thread, which waited for a lock that an unmounted virtual thread owned, and the
 * other waited for that initialisation; no carrier was left for the owner (thread dump of 2026-12-04, in the benchmark's
 * ceiling ramp). Each step here is such a first touch: the security-event logger, X.509 parsing and signature checks
 * with EC and RSA keys, and a ClientHello with its key shares. A step that fails is skipped: the warm-up only moves
 * work earlier, the probe does not depend on it.
 */
final class TlsWarmUp {
  private static final AtomicBoolean DONE = new AtomicBoolean();

  private TlsWarmUp() {}

  /** Runs {@link #run} the first time it is called in this JVM. */
  static void once(SSLContext context, Supplier<X509TrustManager> jvmTrust) {
    if (DONE.compareAndSet(false, true)) {
      try {
        run(context, jvmTrust.get());
      } catch (RuntimeException e) {
        // no default trust store: nothing to parse; the handshakes will load what they need
      }
    }
  }

  /**
   * @param context a client context as the probe makes them (its provider, its trust)
   * @param jvmTrust the JVM's default trust, whose CA certificates serve as the certificates to parse and verify
   * @return the steps that ran to the end, for tests
   */
  static List<String> run(SSLContext context, X509TrustManager jvmTrust) {
    List<String> done = new ArrayList<>();
    System.getLogger("jdk.event.security"); // the logger backend's detection scans the class path, in a class initialiser
    done.add("security-event logger");
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (String algorithm : List.of("EC", "RSA")) {
        for (X509Certificate ca : jvmTrust.getAcceptedIssuers()) {
          if (ca.getPublicKey().getAlgorithm().equals(algorithm)) {
            X509Certificate parsed = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(ca.getEncoded()));
            parsed.verify(parsed.getPublicKey()); // a CA's certificate signs itself
            done.add("X.509 " + algorithm);
            break;
          }
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // a trust store without such certificates, or an odd one: the handshakes will load what they need
    }
    try {
      SSLEngine client = context.createSSLEngine("warm-up.invalid", 443);
      client.setUseClientMode(true);
      ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
      client.wrap(ByteBuffer.allocate(0), out); // the ClientHello: key shares, extensions, the record layer
      if (out.position() > 0) {
        done.add("ClientHello");
      }
      client.closeOutbound();
    } catch (SSLException | RuntimeException e) {
      // a provider without an engine: its sockets will load what they need
    }
    return done;
  }
}
