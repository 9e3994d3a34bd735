package org.argos.checks.http;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.argos.api.ProbeTimings;

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

  PhaseRecorder(long startNanos) {
    this.start = startNanos;
  }

  void hopStarted() {
    connectStart = -1;
    firstByte = -1;
    peerChain = List.of();
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
