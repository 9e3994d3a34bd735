package org.argos.checks.http;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.Provider;
import java.util.List;
import org.argos.api.InvalidValueException;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP(S) probe. Immutable and thread-safe: one instance serves every request group, from many virtual threads at
 * once. It speaks HTTP/1.1 itself over one new connection per probe (OkHttp's {@code HttpUrl} parses and resolves URLs
 * and encodes request bodies). Conscrypt's TLS (BoringSSL) does the handshakes where its jar is on the class path and
 * its native library loads, else the JDK's; {@link Builder#tlsProvider} chooses another JSSE provider, or the JDK's.
 *
 * <p>What it guarantees for each {@link #execute} call:
 * <ul>
 *   <li>it resolves and connects only over {@link ProbeRequest#ipVersion()}; a host without an address of that family
 *       fails at once with the transport error kind {@code no-address}; addresses are tried in the resolver's order;</li>
 *   <li>{@link ProbeRequest#timeout()} bounds the whole probe (name resolution, connect, TLS, headers, body and every
 *       redirect hop); a server that trickles bytes cannot extend it ({@code timeout});</li>
 *   <li>redirects are followed only when the request asks, up to {@link ProbeRequest#maxRedirects()}, as
 *       {@code curl -L} follows them (any 3xx with a Location; 303, and 301/302 after a POST, become a GET without
 *       a body); a loop fails with {@code redirect-loop}, a longer chain with {@code too-many-redirects}.
 *       {@link ProbeResponse#redirects()} lists the URLs that answered with a redirect, in order, and
 *       {@link ProbeResponse#finalUrl()} the one that answered last. A hop to another origin (scheme, host and port)
 *       is sent none of the request's own headers: they are meant for the origin it names;</li>
 *   <li>at most the body cap is read (the rest is never read, so memory stays bounded whatever the server sends) and
 *       {@link ProbeResponse#bodyTruncated()} says so; gzip, x-gzip and deflate bodies are decoded whoever asked for
 *       them, the cap applies to the decoded bytes, and a coded body stops after about the cap's worth of wire bytes;
 *       </li>
 *   <li>the response is read as curl reads it ({@code docs/checks.md}): header values in UTF-8 where valid, else
 *       ISO-8859-1; continuation lines joined with a space; lists of equal Content-Lengths accepted;</li>
 *   <li>transport failures come back as {@link ProbeResponse#error()} with kind {@code dns}, {@code no-address},
 *       {@code connect}, {@code tls}, {@code timeout}, {@code reset}, {@code redirect-loop},
 *       {@code too-many-redirects}, {@code invalid-request} or {@code io}. When the failure happens while reading the
 *       body, the status and headers already received are kept in the response.</li>
 * </ul>
 * Connections are neither pooled nor resumed: a fleet probes many distinct hosts once per period, so an idle
 * connection would only hold a socket, and a resumed TLS session would report the certificate of an earlier handshake
 * rather than the one the server presents now. HTTP/2 is not negotiated; every server that speaks it also speaks
 * HTTP/1.1.
 *
 * <p>Its parts, each package-private: {@code Hops} follows a request through its redirects, {@code OutgoingRequests}
 * writes what is sent, {@code Http1Exchange} speaks HTTP/1.1 on one connection, {@code BodyReading} keeps the body
 * within the cap, {@code ProbeTls} makes each connection's TLS context, {@code TransportErrors} names failures.
 */
public final class HttpProbe implements Probe {
  /** The default body cap: 10 MiB. */
  public static final long DEFAULT_BODY_CAP = 10L * 1024 * 1024;

  private final ProbeTls tls;
  private final Hops hops;
  private final long bodyCap;
  private final String userAgent;

  /**
   * A probe with the defaults (system resolver, 10 MiB body cap, Argos user agent, JVM trust store). This is the
   * instance {@link java.util.ServiceLoader} gives an engine that is not handed a probe; use {@link #builder()} to
   * configure one.
   */
  public HttpProbe() {
    this(new Builder());
  }

  private HttpProbe(Builder b) {
    this.bodyCap = b.bodyCap;
    this.userAgent = b.userAgent;
    this.tls = new ProbeTls(b.trustAll, b.trustStore, b.tlsProviderChosen, b.tlsProvider);
    this.hops = new Hops(b.resolver, tls, !b.trustAll, b.userAgent, b.bodyCap);
  }

  /** @return a builder with the defaults: system resolver, 10 MiB body cap, Argos user agent, JVM trust store */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the default {@code User-Agent}: {@code Argos/<version> (+https://github.com/argos-monitoring/argos)} */
  public static String defaultUserAgent() {
    return "Argos/" + ArgosVersion.VALUE + " (+https://github.com/argos-monitoring/argos)";
  }

  /**
   * @return the JSSE provider making this probe's TLS connections and why, for a log line: for example
   *     {@code Conscrypt (org.conscrypt.OpenSSLProvider)} or
   *     {@code the JDK's (org.conscrypt.OpenSSLProvider is not on the class path)}
   */
  public String tlsProvider() {
    return tls.description();
  }

  /**
   * @return the JSSE provider a probe built without {@link Builder#tlsProvider} uses, and why: Conscrypt's where it
   *     loads, else the JDK's with the reason (looked for once per JVM)
   */
  public static String defaultTlsProvider() {
    return PreferredTls.choice().why();
  }

  /** @return the body cap in bytes */
  public long bodyCap() {
    return bodyCap;
  }

  /** @return the {@code User-Agent} sent when the request does not set one */
  public String userAgent() {
    return userAgent;
  }

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + request.timeout().toNanos();
    PhaseRecorder recorder = new PhaseRecorder(start);
    try {
      String pin = pinnedOption(request);
      InetAddress pinned = pin == null ? null : HostResolver.literal(pin, request.ipVersion());
      if (pin != null && pinned == null) {
        return TransportErrors.fail(request, recorder, "invalid-request", null, "option " + ADDRESS_OPTION
            + " must be an IPv" + request.ipVersion().label() + " literal, got '"
            + TransportErrors.abbreviate(pin, 80) + "'");
      }
      return hops.run(request, pinned, deadline, recorder);
    } catch (IOException e) {
      // Only reached when the thread was interrupted mid-I/O and the interrupt was consumed by a socket read.
      throw TransportErrors.interrupted(e);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw TransportErrors.interrupted(e);
      }
      return ProbeResponse.failed(request,
          new TransportError("io", e.getClass().getName(), "probe failed unexpectedly: " + e.getMessage()),
          recorder.timings());
    }
  }

  /**
   * The addresses of the request's host of its IP family, resolved as {@link #execute} resolves them (this probe's
   * {@link HostResolver}, within the request's timeout); a literal host as it is. {@link #execute} honours
   * {@link #ADDRESS_OPTION} for the request's own host (redirects to another host resolve it).
   */
  @Override
  public List<InetAddress> addresses(ProbeRequest request) throws InterruptedException {
    List<InetAddress> found = hops.addresses(request);
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted while resolving " + request.url());
    }
    return found;
  }

  private static @Nullable String pinnedOption(ProbeRequest request) {
    return request.option(ADDRESS_OPTION);
  }

  /** Nothing to release: every connection is closed by the probe call that opened it. */
  @Override
  public void close() {}
  /** Configures an {@link HttpProbe}. Not thread-safe; the probe it builds is. */
  public static final class Builder {
    private HostResolver resolver = HostResolver.system();
    private long bodyCap = DEFAULT_BODY_CAP;
    private String userAgent = defaultUserAgent();
    private @Nullable KeyStore trustStore;
    private boolean trustAll;
    private @Nullable Provider tlsProvider;
    private boolean tlsProviderChosen;

    private Builder() {}

    /**
     * @param resolver maps host names to addresses; the probe keeps only the family a request asks for
     * @return this builder
     */
    public Builder resolver(HostResolver resolver) {
      if (resolver == null) {
        throw new InvalidValueException("HttpProbe", "resolver", null, "must not be null", null);
      }
      this.resolver = resolver;
      return this;
    }

    /**
     * @param bytes the most body bytes kept per response (default 10 MiB); the rest is not read
     * @return this builder
     */
    public Builder bodyCap(long bytes) {
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new InvalidValueException("HttpProbe", "bodyCap", null, "must be between 0 and " + (Integer.MAX_VALUE - 8) + ", got " + bytes, null);
      }
      this.bodyCap = bytes;
      return this;
    }

    /**
     * @param userAgent the {@code User-Agent} sent when a request does not set its own
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      if (userAgent == null || userAgent.isBlank()) {
        throw new InvalidValueException("HttpProbe", "userAgent", null, "must not be empty", null);
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Trusts the certificates of this key store instead of the JVM's default trust store.
     *
     * @param trustStore the trusted certificates
     * @return this builder
     */
    public Builder trustStore(KeyStore trustStore) {
      if (trustStore == null) {
        throw new InvalidValueException("HttpProbe", "trustStore", null, "must not be null", null);
      }
      this.trustStore = trustStore;
      return this;
    }

    /**
     * Accepts every certificate and host name (tests, fleets of self-signed servers). The peer chain is still
     * captured, so {@code ssl-certificate-expiration} keeps working.
     *
     * @param trustAll true to skip certificate and host name verification
     * @return this builder
     */
    public Builder trustAllCertificates(boolean trustAll) {
      this.trustAll = trustAll;
      return this;
    }

    /**
     * The JSSE provider that makes the probe's TLS connections. A fleet that is largely HTTPS spends most of the
     * probe's CPU in handshakes; Conscrypt's provider ({@code org.conscrypt.OpenSSLProvider}, the
     * {@code org.conscrypt:conscrypt-openjdk-uber} jar, BoringSSL underneath) does a TLS 1.3 handshake with about half
     * the CPU of the JDK's on x86-64 (docs/benchmarks.md). Without this call the probe takes Conscrypt's where that
     * jar is on the class path and its native library loads ({@link HttpProbe#tlsProvider()} says which), else the
     * JVM's default ({@code SunJSSE}). The provider must offer an {@code SSLContext} of type {@code TLS}; trust, host
     * name checks and the captured chain behave the same with each.
     *
     * @param provider the provider, or null for the JVM's default even where Conscrypt would load
     * @return this builder
     */
    public Builder tlsProvider(@Nullable Provider provider) {
      this.tlsProvider = provider;
      this.tlsProviderChosen = true;
      return this;
    }

    /** @return the probe */
    public HttpProbe build() {
      return new HttpProbe(this);
    }
  }
}
