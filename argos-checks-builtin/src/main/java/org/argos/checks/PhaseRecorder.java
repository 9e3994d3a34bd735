package org.argos.checks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import org.argos.api.ProbeTimings;
import org.jspecify.annotations.Nullable;

/**
 * Collects where one probe's time went, across its redirect hops. Synchronized: OkHttp may race connection attempts
 * to several addresses on its own threads.
 */
final class PhaseRecorder extends EventListener {
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

  synchronized void hopStarted() {
    connectStart = -1;
    firstByte = -1;
    peerChain = List.of();
  }

  /**
   * OkHttp's {@link Handshake#peerCertificates()} is the chain cleaned against the trust roots, which is empty when
   * every certificate is trusted without roots; the verifier sees the raw session, so the chain is taken there.
   */
  HostnameVerifier capturingPeers(HostnameVerifier delegate) {
    return (host, session) -> {
      List<X509Certificate> chain = new ArrayList<>();
      try {
        for (Certificate c : session.getPeerCertificates()) {
          if (c instanceof X509Certificate x) {
            chain.add(x);
          }
        }
      } catch (SSLPeerUnverifiedException e) {
        chain.clear();
      }
      synchronized (this) {
        peerChain = List.copyOf(chain);
      }
      return delegate.verify(host, session);
    };
  }

  synchronized List<X509Certificate> peerChain() {
    return peerChain;
  }

  @Override
  public synchronized void dnsStart(Call call, String domainName) {
    dnsStart = System.nanoTime();
  }

  @Override
  public synchronized void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    dns += System.nanoTime() - dnsStart;
    sawDns = true;
  }

  @Override
  public synchronized void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    if (connectStart < 0) {
      connectStart = System.nanoTime();
    }
  }

  @Override
  public synchronized void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy,
      @Nullable Protocol protocol) {
    if (connectStart >= 0) {
      connect += System.nanoTime() - connectStart;
      sawConnect = true;
    }
  }

  @Override
  public synchronized void connectFailed(Call call, InetSocketAddress inetSocketAddress, Proxy proxy,
      @Nullable Protocol protocol, IOException ioe) {
    // Time spent on a failed attempt is still connect time; the next attempt (if any) extends the same phase.
  }

  @Override
  public synchronized void secureConnectStart(Call call) {
    tlsStart = System.nanoTime();
  }

  @Override
  public synchronized void secureConnectEnd(Call call, @Nullable Handshake handshake) {
    tls += System.nanoTime() - tlsStart;
    sawTls = true;
  }

  @Override
  public synchronized void responseHeadersStart(Call call) {
    // OkHttp fires this once the status line has been read: the first byte of the (last hop's) response.
    firstByte = System.nanoTime();
  }

  /** @return the timings so far, total up to now */
  synchronized ProbeTimings timings() {
    long now = System.nanoTime();
    return new ProbeTimings(
        sawDns ? Duration.ofNanos(dns) : null,
        sawConnect ? Duration.ofNanos(connect) : null,
        sawTls ? Duration.ofNanos(tls) : null,
        firstByte >= 0 ? Duration.ofNanos(firstByte - start) : null,
        Duration.ofNanos(now - start));
  }
}
