package org.argos.checks.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.argos.api.IpVersion;
import org.argos.checks.http.HostResolver;
import org.argos.checks.internal.FamilyLookup;
import org.jspecify.annotations.Nullable;

/**
 * One TLS probe connection: resolve in the asked family, connect, speak the STARTTLS upgrade if any, make the
 * handshake with SNI, and report what was seen ({@link TlsOutcome}), failures included. The deadline bounds it all:
 * each read's timeout is the time left, and a watchdog closes the socket at the deadline so that a server trickling
 * handshake bytes cannot stretch it.
 */
final class TlsConnection {
  private final HostResolver resolver;
  private final X509ExtendedTrustManager trust;

  TlsConnection(HostResolver resolver, X509ExtendedTrustManager trust) {
    this.resolver = resolver;
    this.trust = trust;
  }

  /**
   * @param host a host name or an IP literal (an IPv6 one with or without brackets)
   * @throws InterruptedException when the thread is interrupted (the engine gave up on the probe)
   */
  TlsOutcome run(String host, int port, IpVersion family, @Nullable StartTls startTls, Duration timeout)
      throws InterruptedException {
    return run(host, null, port, family, startTls, timeout);
  }

  /**
   * @param host a host name or an IP literal (an IPv6 one with or without brackets), for SNI, STARTTLS and the
   *     certificate's host name check
   * @param pinned the address to connect to instead of the host's ({@code addresses: all}), or null to resolve it
   * @throws InterruptedException when the thread is interrupted (the engine gave up on the probe)
   */
  TlsOutcome run(String host, @Nullable InetAddress pinned, int port, IpVersion family, @Nullable StartTls startTls,
      Duration timeout) throws InterruptedException {
    Attempt a = new Attempt(bare(host), port, startTls, System.nanoTime(), timeout);
    try {
      a.go(family, pinned);
      return a.outcome(null, null);
    } catch (IOException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        InterruptedException ie = new InterruptedException("TLS probe interrupted");
        ie.initCause(e);
        throw ie;
      }
      return a.outcome(e, kind(e, a.deadline));
    }
  }

  /**
   * The addresses of a host in a family, as {@link #run} resolves them, within the timeout.
   *
   * @param host a host name or an IP literal (an IPv6 one with or without brackets)
   * @throws UnknownHostException when the name does not resolve in time, or has no address of the family
   * @throws InterruptedException when the thread is interrupted
   */
  List<InetAddress> addresses(String host, IpVersion family, Duration timeout)
      throws UnknownHostException, InterruptedException {
    Attempt a = new Attempt(bare(host), 0, null, System.nanoTime(), timeout);
    try {
      return a.resolve(family);
    } catch (UnknownHostException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("TLS probe interrupted while resolving " + host);
      }
      throw e;
    }
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  static String kind(Throwable e, long deadline) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FamilyLookup.NoAddressException) {
        return "no-address";
      }
      if (t instanceof StartTlsException) {
        return "starttls";
      }
    }
    if (System.nanoTime() - deadline >= 0) {
      return "timeout";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof java.io.InterruptedIOException) {
        return "timeout";
      }
      if (t instanceof UnknownHostException) {
        return "dns";
      }
      if (t instanceof SSLException) {
        return "tls";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "connect";
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (t instanceof EOFException || m.contains("reset") || m.contains("broken pipe")) {
        return "reset";
      }
    }
    return "io";
  }

  /** The state of one run, filled in as it goes, so that a failure reports what was seen before it. */
  private final class Attempt {
    final String host;
    final int port;
    final @Nullable StartTls startTls;
    final long start;
    final long deadline;
    @Nullable InetAddress address;
    byte[] heard = new byte[0];
    @Nullable String protocol;
    @Nullable String cipher;
    @Nullable ChainCapture capture;
    @Nullable Duration dns;
    @Nullable Duration connect;
    @Nullable Duration upgrade;
    @Nullable Duration tls;

    Attempt(String host, int port, @Nullable StartTls startTls, long start, Duration timeout) {
      this.host = host;
      this.port = port;
      this.startTls = startTls;
      this.start = start;
      this.deadline = start + timeout.toNanos();
    }

    /** @param pinned the address to connect to instead of the host's (addresses: all), or null to resolve it */
    void go(IpVersion family, @Nullable InetAddress pinned) throws IOException {
      List<InetAddress> addresses = pinned != null ? List.of(pinned) : resolve(family);
      Socket socket = connect(addresses);
      try (Watchdog ignored = Watchdog.guard(socket, deadline)) {
        Socket plain = socket;
        if (startTls != null) {
          long t0 = System.nanoTime();
          Dialogue d = new Dialogue(plain, deadline);
          try {
            startTls.upgrade(d, host, plain.getLocalAddress());
          } finally {
            heard = d.heard();
          }
          upgrade = Duration.ofNanos(System.nanoTime() - t0);
        }
        long t0 = System.nanoTime();
        ChainCapture c = new ChainCapture(trust);
        capture = c;
        SSLSocket secure = (SSLSocket) context(c).getSocketFactory().createSocket(plain, host, port, true);
        socket = secure;
        SSLParameters params = secure.getSSLParameters();
        String sni = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (!HostNames.isIpLiteral(sni)) {
          try {
            params.setServerNames(List.of(new SNIHostName(sni)));
          } catch (IllegalArgumentException e) {
            // not a name SNI can carry: the handshake goes without it, as a browser's would
          }
        }
        secure.setSSLParameters(params);
        secure.setSoTimeout(Dialogue.remainingMillis(deadline));
        secure.startHandshake();
        SSLSession session = secure.getSession();
        protocol = session.getProtocol();
        cipher = session.getCipherSuite();
        tls = Duration.ofNanos(System.nanoTime() - t0);
      } finally {
        try {
          socket.close();
        } catch (IOException e) {
          // the handshake's result is what matters; a close that fails changes nothing of it
        }
      }
    }

    private List<InetAddress> resolve(IpVersion family) throws UnknownHostException {
      long t0 = System.nanoTime();
      try {
        return FamilyLookup.resolve(resolver, host, family, deadline, "argos-tls-dns");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // addresses() and the probe read the flag
        UnknownHostException u = new UnknownHostException("interrupted while resolving " + host);
        u.initCause(e);
        throw u;
      } finally {
        if (!FamilyLookup.isLiteral(host)) {
          dns = Duration.ofNanos(System.nanoTime() - t0);
        }
      }
    }

    private Socket connect(List<InetAddress> addresses) throws IOException {
      long t0 = System.nanoTime();
      IOException last = null;
      for (InetAddress candidate : addresses) {
        Socket socket = new Socket();
        try {
          address = candidate;
          socket.connect(new InetSocketAddress(candidate, port), Dialogue.remainingMillis(deadline));
          socket.setTcpNoDelay(true);
          connect = Duration.ofNanos(System.nanoTime() - t0);
          return socket;
        } catch (IOException e) {
          socket.close();
          if (last != null) {
            e.addSuppressed(last);
          }
          last = e;
          if (Thread.currentThread().isInterrupted() || deadline - System.nanoTime() <= 0) {
            break;
          }
        }
      }
      throw last != null ? last : new IOException("no address to connect to");
    }

    TlsOutcome outcome(@Nullable Throwable error, @Nullable String kind) {
      ChainCapture c = capture;
      List<X509Certificate> chain = c == null ? List.of() : c.chain();
      boolean match = !chain.isEmpty() && HostNames.matches(chain.get(0), host);
      String message = null;
      if (error != null) {
        String m = error.getMessage();
        message = m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
        if (m != null && m.length() > 500) {
          message = m.substring(0, 500) + "…";
        }
      }
      return new TlsOutcome(address, port, startTls, heard, protocol, cipher, chain, c != null && c.valid(),
          c == null ? null : c.error(), match, dns, connect, upgrade, tls, Duration.ofNanos(System.nanoTime() - start),
          kind, error == null ? "" : error.getClass().getName(), message);
    }
  }

  private static SSLContext context(ChainCapture capture) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {capture}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }


  /** Closes a socket at the deadline unless the run ends first; a virtual thread, so nothing outlives the run. */
  private static final class Watchdog implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);

    static Watchdog guard(Socket socket, long deadline) {
      Watchdog w = new Watchdog();
      Thread.ofVirtual().name("argos-tls-watchdog").start(() -> {
        try {
          if (!w.done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            socket.close();
          }
        } catch (InterruptedException | IOException e) {
          // nothing to do: the run ends by itself or its thread is interrupted too
        }
      });
      return w;
    }

    @Override
    public void close() {
      done.countDown();
    }
  }
}
