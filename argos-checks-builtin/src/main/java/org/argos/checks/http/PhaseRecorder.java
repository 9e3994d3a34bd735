package org.argos.checks.http;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.jspecify.annotations.Nullable;

/**
 * Collects where one probe's time went, across its redirect hops: name lookup, connect and TLS add up over the hops,
 * the first byte is the last hop's. Used by the one thread running the probe.
 */
final class PhaseRecorder {
  private final long start;
  private long dns;
  private long connect;
  private long tls;
  private boolean sawDns;
  private boolean sawConnect;
  private boolean sawTls;
  private long dnsStart;
  private long connectStart = -1;
  private long tlsStart;
  private long firstByte = -1;
  private List<X509Certificate> peerChain = List.of();
  private @Nullable InetAddress peerAddress;
  private @Nullable X509Certificate presentedLeaf;
  private int peerPort;

  PhaseRecorder(long startNanos) {
    this.start = startNanos;
  }

  void hopStarted() {
    connectStart = -1;
    firstByte = -1;
    peerChain = List.of();
    peerAddress = null;
    presentedLeaf = null;
  }

  /** The leaf certificate the server presented in this hop's handshake, trusted or not. */
  void presented(@Nullable X509Certificate leaf) {
    presentedLeaf = leaf;
  }

  /** The hop connects to this address now (the last one tried is the peer a failure is reported against). */
  void connecting(InetAddress address, int port) {
    peerAddress = address;
    peerPort = port;
  }

  void dnsStarted() {
    dnsStart = System.nanoTime();
  }

  void dnsEnded() {
    dns += System.nanoTime() - dnsStart;
    sawDns = true;
  }

  void connectStarted() {
    connectStart = System.nanoTime();
  }

  void connectEnded() {
    if (connectStart >= 0) {
      connect += System.nanoTime() - connectStart;
      sawConnect = true;
    }
  }

  void tlsStarted() {
    tlsStart = System.nanoTime();
  }

  void tlsEnded(List<X509Certificate> chain) {
    tls += System.nanoTime() - tlsStart;
    sawTls = true;
    peerChain = chain;
  }

  void firstByte() {
    firstByte = System.nanoTime();
  }

  /** @return the certificates the last hop's server presented (empty over plain HTTP) */
  List<X509Certificate> peerChain() {
    return peerChain;
  }

  /** @return what the last hop connected to (or tried to), with the TLS leaf's fingerprint; null before any connect */
  @Nullable ProbePeer peer() {
    if (peerAddress == null || peerPort < 1 || peerPort > 65535) {
      return null;
    }
    String fingerprint = null;
    X509Certificate leaf = !peerChain.isEmpty() ? peerChain.get(0) : presentedLeaf;
    if (leaf != null) {
      try {
        fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
      } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
        fingerprint = null; // SHA-256 is in every JVM; a certificate that cannot be encoded has no fingerprint
      }
    }
    String address = peerAddress.getHostAddress();
    int zone = address.indexOf('%');
    return new ProbePeer(zone >= 0 ? address.substring(0, zone) : address, peerPort, fingerprint);
  }

  /** @return the timings so far, total up to now */
  ProbeTimings timings() {
    long now = System.nanoTime();
    return new ProbeTimings(
        sawDns ? Duration.ofNanos(dns) : null,
        sawConnect ? Duration.ofNanos(connect) : null,
        sawTls ? Duration.ofNanos(tls) : null,
        firstByte >= 0 ? Duration.ofNanos(firstByte - start) : null,
        Duration.ofNanos(now - start));
  }
}
