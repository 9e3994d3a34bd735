package org.argos.checks.tls;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.InvalidValueException;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import org.argos.checks.http.HostResolver;
import org.jspecify.annotations.Nullable;

/**
 * The TLS probe, for {@code tls://host:port} (port 443 when none is given): connects over the request's IP family,
 * speaks a STARTTLS upgrade first where one is asked for, makes the handshake with SNI set to the host and reports the
 * chain and the session, without failing on a certificate the trust would refuse: the checks judge it. Immutable and
 * thread-safe; one instance serves every request.
 *
 * <p>The upgrade is, in order of precedence: the request's option {@code starttls}; the URL's path ({@code /smtp},
 * {@code /imap}, {@code /pop3}, {@code /xmpp}, {@code /none}), so that a site's path can name it; else the port
 * (25 and 587 SMTP, 143 IMAP, 110 POP3, 5222 XMPP; any other port is TLS from the first byte).
 *
 * <p>What a response carries: status 0; the chain in {@link ProbeResponse#peerCertificates()} (leaf first);
 * {@link ProbeResponse#protocol()} and the attribute {@code tls.protocol} the negotiated version ({@code TLSv1.3});
 * the attributes {@code tls.cipher}, {@code tls.chain-valid} and {@code tls.hostname-match} ({@code true} or
 * {@code false}), {@code tls.chain-error} (why the trust refused the chain) and {@code tls.starttls} (the upgrade
 * spoken); in the body, what the server said before the upgrade, at most {@value #BODY_CAP} bytes; the peer with the
 * leaf's SHA-256 fingerprint.
 *
 * <p>Every address of a name ({@code addresses: all}): {@link #addresses} gives the host's addresses of the request's
 * family, and a request with the option {@link #ADDRESS_OPTION} connects to that IP literal instead of resolving the
 * host, keeping the host's name for SNI, the STARTTLS greeting and the certificate's host name check.
 *
 * <p>Transport error kinds: {@code dns}, {@code no-address}, {@code connect},
 * {@code timeout}, {@code starttls} (the server did not agree to the upgrade), {@code tls}, {@code reset},
 * {@code io}, {@code invalid-request} (a URL or option the probe cannot read).
 */
public final class TlsProbe implements Probe {
  /** The most bytes of the plain-text dialogue kept (and read) before the upgrade. */
  public static final int BODY_CAP = Dialogue.MAX_BYTES;

  private final TlsConnection connection;

  /** A probe with the defaults: the system resolver and the JVM's default trust store. */
  public TlsProbe() {
    this(new Builder());
  }

  private TlsProbe(Builder b) {
    this.connection = new TlsConnection(b.resolver, ChainCapture.trustOf(b.trustStore));
  }

  /** @return a builder with the defaults: the system resolver and the JVM's default trust store */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    URI uri;
    StartTls startTls;
    try {
      uri = new URI(request.url());
      if (uri.getHost() == null) {
        throw new URISyntaxException(request.url(), "no host");
      }
      startTls = startTls(request, uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return ProbeResponse.failed(request, new TransportError("invalid-request", e.getClass().getName(),
          "the TLS probe cannot read " + request.url() + ": " + e.getMessage()),
          ProbeTimings.ofTotal(java.time.Duration.ofNanos(System.nanoTime() - start)));
    }
    InetAddress pinned = null;
    String pin = request.option(ADDRESS_OPTION); // addresses: all, one run per address
    if (pin != null) {
      pinned = HostResolver.literal(pin, request.ipVersion());
      if (pinned == null) {
        return ProbeResponse.failed(request, new TransportError("invalid-request", IllegalArgumentException.class
            .getName(), "option " + ADDRESS_OPTION + " must be an IPv" + request.ipVersion().label() + " literal, got '"
            + (pin.length() > 80 ? pin.substring(0, 80) : pin) + "'"),
            ProbeTimings.ofTotal(java.time.Duration.ofNanos(System.nanoTime() - start)));
      }
    }
    int port = uri.getPort() < 0 ? 443 : uri.getPort();
    // a pinned address replaces the lookup only: SNI and the certificate's host name check keep the URL's host
    TlsOutcome o = connection.run(uri.getHost(), pinned, port, request.ipVersion(), startTls, request.timeout());
    return response(request, o);
  }

  /**
   * The addresses of the URL's host in the request's family, resolved as {@link #execute} resolves them, within the
   * request's timeout; none when the URL has no host or the name does not resolve (the probe run says why).
   * {@link #execute} honours {@link #ADDRESS_OPTION}.
   */
  @Override
  public List<InetAddress> addresses(ProbeRequest request) throws InterruptedException {
    try {
      String host = new URI(request.url()).getHost();
      return host == null ? List.of() : connection.addresses(host, request.ipVersion(), request.timeout());
    } catch (URISyntaxException | UnknownHostException e) {
      return List.of();
    }
  }

  private static @Nullable StartTls startTls(ProbeRequest request, URI uri) {
    String option = request.option("starttls");
    if (option != null) {
      return StartTls.parse(option);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.isEmpty() && !path.equals("/")) {
      return StartTls.parse(path.substring(1));
    }
    return StartTls.forPort(uri.getPort() < 0 ? 443 : uri.getPort());
  }

  private static ProbeResponse response(ProbeRequest request, TlsOutcome o) {
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    if (o.startTls() != null) {
      attributes.put("tls.starttls", List.of(o.startTls().label()));
    }
    if (o.protocol() != null) {
      attributes.put("tls.protocol", List.of(o.protocol()));
    }
    if (o.cipher() != null) {
      attributes.put("tls.cipher", List.of(o.cipher()));
    }
    if (!o.chain().isEmpty()) {
      attributes.put("tls.chain-valid", List.of(String.valueOf(o.chainValid())));
      attributes.put("tls.hostname-match", List.of(String.valueOf(o.hostnameMatch())));
      if (o.chainError() != null) {
        attributes.put("tls.chain-error", List.of(o.chainError()));
      }
    }
    ProbeTimings timings = new ProbeTimings(o.dns(), o.connect(), o.tls(), null, o.total());
    TransportError error = o.errorKind() == null ? null
        : new TransportError(o.errorKind(), o.errorClass(), o.errorMessage() == null ? o.errorKind() : o.errorMessage());
    boolean truncated = o.heard().length >= Dialogue.MAX_BYTES;
    return ProbeResponse.of(request, o.heard(), truncated, o.chain(), o.protocol(), timings, error, peer(o),
        attributes);
  }

  private static @Nullable ProbePeer peer(TlsOutcome o) {
    if (o.address() == null) {
      return null;
    }
    String address = o.address().getHostAddress();
    int zone = address.indexOf('%');
    return new ProbePeer(zone >= 0 ? address.substring(0, zone) : address, o.port(),
        o.chain().isEmpty() ? null : fingerprint(o.chain().get(0)));
  }

  private static @Nullable String fingerprint(X509Certificate leaf) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      return null; // SHA-256 is in every JVM; a certificate that cannot be encoded has no fingerprint
    }
  }

  /** Nothing to release: each connection is closed by the call that opened it. */
  @Override
  public void close() {}

  /** Configures a {@link TlsProbe}. Not thread-safe; the probe it builds is. */
  public static final class Builder {
    private HostResolver resolver = HostResolver.system();
    private @Nullable KeyStore trustStore;

    private Builder() {}

    /**
     * @param resolver maps host names to addresses; the probe keeps only the family a request asks for
     * @return this builder
     */
    public Builder resolver(HostResolver resolver) {
      if (resolver == null) {
        throw new InvalidValueException("TlsProbe", "resolver", null, "must not be null", null);
      }
      this.resolver = resolver;
      return this;
    }

    /**
     * Judges chains against these certificates instead of the JVM's default trust store ({@code tls.chain-valid}).
     * The handshake completes either way.
     *
     * @param trustStore the trusted certificates
     * @return this builder
     */
    public Builder trustStore(KeyStore trustStore) {
      if (trustStore == null) {
        throw new InvalidValueException("TlsProbe", "trustStore", null, "must not be null", null);
      }
      this.trustStore = trustStore;
      return this;
    }

    /** @return the probe */
    public TlsProbe build() {
      return new TlsProbe(this);
    }
  }
}
