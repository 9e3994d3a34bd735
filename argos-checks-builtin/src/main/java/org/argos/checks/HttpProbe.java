package org.argos.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.argos.api.InvalidValueException;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import okio.Buffer;
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
 */
public final class HttpProbe implements Probe {
  /** The default body cap: 10 MiB. */
  public static final long DEFAULT_BODY_CAP = 10L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final byte[] EMPTY = new byte[0];

  private final TrustManager[] trust;
  private final @Nullable Provider tlsProvider;
  private final String tlsDescription;
  private final boolean verifyHost;
  private final HostResolver resolver;
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
    this.resolver = b.resolver;
    this.bodyCap = b.bodyCap;
    this.userAgent = b.userAgent;
    this.verifyHost = !b.trustAll;
    // trustManagerFor(null) is the JVM's default trust, built once rather than at each connection
    this.trust = new TrustManager[] {b.trustAll ? new TrustEverything() : trustManagerFor(b.trustStore)};
    if (b.tlsProviderChosen) {
      this.tlsProvider = b.tlsProvider;
      this.tlsDescription = b.tlsProvider == null ? "the JDK's (chosen)" : b.tlsProvider.getName() + " (chosen)";
    } else {
      PreferredTls.Choice c = PreferredTls.choice();
      this.tlsProvider = c.provider();
      this.tlsDescription = c.why();
    }
    SSLContext first = newTlsContext(); // fails now, not at the first HTTPS probe, when the provider has no TLS
    // the JVM's default trust: the one just built when the probe uses it, else read once for the warm-up
    X509TrustManager own = (X509TrustManager) trust[0];
    TlsWarmUp.once(first, b.trustAll || b.trustStore != null ? () -> trustManagerFor(null) : () -> own);
  }

  /** @return a builder with the defaults: system resolver, 10 MiB body cap, Argos user agent, JVM trust store */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the default {@code User-Agent}: {@code Argos/<version> (+https://github.com/argos-monitoring/argos)} */
  public static String defaultUserAgent() {
    return "Argos/" + Version.VALUE + " (+https://github.com/argos-monitoring/argos)";
  }

  /**
   * @return the JSSE provider making this probe's TLS connections and why, for a log line: for example
   *     {@code Conscrypt (org.conscrypt.OpenSSLProvider)} or
   *     {@code the JDK's (org.conscrypt.OpenSSLProvider is not on the class path)}
   */
  public String tlsProvider() {
    return tlsDescription;
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
      return run(request, deadline, recorder);
    } catch (IOException e) {
      // Only reached when the thread was interrupted mid-I/O and the interrupt was consumed by a socket read.
      throw interrupted(e);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(e);
      }
      return ProbeResponse.failed(request,
          new TransportError("io", e.getClass().getName(), "probe failed unexpectedly: " + e.getMessage()),
          recorder.timings());
    }
  }

  private static InterruptedException interrupted(Exception cause) {
    InterruptedException ie = new InterruptedException("probe interrupted");
    ie.initCause(cause);
    return ie;
  }

  private ProbeResponse run(ProbeRequest request, long deadline, PhaseRecorder recorder)
      throws InterruptedException, IOException {
    HttpUrl url = HttpUrl.parse(request.url());
    if (url == null) {
      return fail(request, recorder, "invalid-request", null, "not a valid URL: " + request.url());
    }
    String method = request.method().trim().toUpperCase(Locale.ROOT);
    if (!isToken(method)) {
      return fail(request, recorder, "invalid-request", null, "not an HTTP method: " + request.method());
    }
    RequestBody body;
    Headers userHeaders;
    try {
      body = body(method, request.requestData());
      userHeaders = Headers.of(request.requestData().headers());
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return fail(request, recorder, "invalid-request", e, e.getMessage());
    }
    List<String> redirects = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(url.toString());
    HttpUrl origin = url; // the origin the config's headers are meant for: scheme, host and port
    while (true) {
      String family = literalFamilyMismatch(url.host(), request.ipVersion());
      if (family != null) {
        return fail(request, recorder, "no-address", null, family);
      }
      if (deadline - System.nanoTime() <= 0) {
        return fail(request, recorder, "timeout", null, "no complete response within " + request.timeout());
      }
      recorder.hopStarted();
      Http1Exchange exchange;
      try {
        List<InetAddress> addresses = addresses(url.host(), request.ipVersion(), deadline, recorder);
        exchange = Http1Exchange.open(outgoing(url, method, body, userHeaders, sameOrigin(url, origin)),
            addresses, url.isHttps() ? newTlsSocketFactory() : null, verifyHost, deadline, recorder);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(e);
        }
        int status = 0;
        IOException cause = e;
        if (e instanceof Http1Exchange.HeadException h && h.getCause() instanceof IOException c) {
          status = h.status(); // the status line arrived, the rest of the head did not
          cause = c;
        }
        return fail(request, recorder, status, url, redirects, classify(cause, deadline), cause,
            message(cause, request));
      }
      try (exchange) {
        String location = exchange.location();
        int code = exchange.status();
        // As curl -L: any 3xx with a Location is followed (300, and the odd 304 or 399 too).
        if (request.followRedirects() && code >= 300 && code < 400 && location != null) {
          HttpUrl next = url.resolve(location);
          if (next != null) {
            redirects.add(url.toString());
            if (redirects.size() > request.maxRedirects()) {
              return fail(request, recorder, code, url, redirects, "too-many-redirects", null, "more than "
                  + request.maxRedirects() + " redirects: " + String.join(" -> ", redirects) + " -> " + next);
            }
            if (!seen.add(next.toString())) {
              return fail(request, recorder, code, url, redirects, "redirect-loop", null,
                  "redirect loop: " + String.join(" -> ", redirects) + " -> " + next);
            }
            if (code == 303 || ((code == 301 || code == 302) && method.equals("POST"))) {
              // As curl -L and browsers: a 303, or a 301/302 answering a POST, is followed with a GET (a HEAD stays a
              // HEAD) without a body; every other redirect repeats the method and its body (307, 308).
              method = method.equals("HEAD") ? "HEAD" : "GET";
              body = null;
            }
            url = next;
            continue;
          }
          // As curl, which fails on such a redirect too: the final page of this path cannot be reached.
          return fail(request, recorder, code, url, redirects, "io", null,
              "cannot follow the redirect to " + Params.abbreviate(location, 200) + ": not an http(s) URL");
        }
        return read(request, exchange, url, redirects, deadline, recorder);
      }
    }
  }

  private List<InetAddress> addresses(String host, IpVersion version, long deadline, PhaseRecorder recorder)
      throws IOException {
    if (isIpLiteral(host)) {
      return List.of(InetAddress.getByName(host)); // a literal: parsed, never looked up
    }
    recorder.dnsStarted();
    List<InetAddress> found = new FamilyDns(resolver, version, deadline).lookup(host);
    recorder.dnsEnded();
    return found;
  }

  /** @return whether two URLs have the same origin: scheme, host and port (RFC 6454) */
  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  private Http1Exchange.Outgoing outgoing(HttpUrl url, String method, @Nullable RequestBody body, Headers userHeaders,
      boolean sameOrigin) throws IOException {
    List<String[]> headers = new ArrayList<>(userHeaders.size() + 1);
    boolean ownAgent = false;
    boolean ownEncoding = false;
    boolean ownAuthorization = false;
    for (int i = 0; i < userHeaders.size(); i++) {
      String name = userHeaders.name(i);
      // Every header of the config (credentials, API keys, Host, cookies...) is meant for the origin the config
      // names, not for wherever it redirects: curl drops Authorization and Cookie there (CVE-2022-27776); we drop all.
      if (!sameOrigin) {
        continue;
      }
      ownAgent |= name.equalsIgnoreCase("User-Agent");
      ownEncoding |= name.equalsIgnoreCase("Accept-Encoding");
      ownAuthorization |= name.equalsIgnoreCase("Authorization");
      headers.add(new String[] {name, userHeaders.value(i)});
    }
    if (!ownAgent) {
      headers.add(0, new String[] {"User-Agent", userAgent});
    }
    if (!ownAuthorization && !url.username().isEmpty()) {
      // As curl and httpx: the user info of the URL (https://user:password@host/) is sent as Basic credentials, to
      // the URL it is written in only (a redirect elsewhere does not carry it).
      String pair = url.username() + ":" + url.password();
      headers.add(new String[] {"Authorization",
          "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))});
    }
    byte[] bytes = null;
    String contentType = null;
    if (body != null) {
      Buffer buffer = new Buffer();
      body.writeTo(buffer);
      bytes = buffer.readByteArray();
      MediaType type = body.contentType();
      contentType = type == null ? null : type.toString();
    }
    String target = url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
    // The probe offers gzip unless the request names its own codings; the body is decoded either way.
    return new Http1Exchange.Outgoing(method, url.scheme(), url.host(), url.port(), target, headers, bytes,
        contentType, !ownEncoding);
  }

  private ProbeResponse read(ProbeRequest request, Http1Exchange exchange, HttpUrl url, List<String> redirects,
      long deadline, PhaseRecorder recorder) throws IOException {
    long announced = exchange.announcedLength();
    byte[] body = EMPTY;
    boolean truncated = false;
    TransportError error = null;
    // A decoded body may read a little more off the wire than it delivers (headers, incompressible data), never much.
    long wireCap = bodyCap + bodyCap / 16 + 64 * 1024;
    try (InputStream in = exchange.body(wireCap)) {
      if (announced >= 0 && announced <= bodyCap && !exchange.decoded()) {
        // The common case, a small page of announced length: one array of the exact size, no copies.
        byte[] exact = new byte[(int) announced];
        int n = 0;
        try {
          while (n < exact.length) {
            int r = in.read(exact, n, exact.length - n);
            if (r < 0) {
              break;
            }
            n += r;
          }
        } finally {
          body = n == exact.length ? exact : Arrays.copyOf(exact, n); // what arrived before a failure is kept
        }
      } else {
        // Sized from Content-Length when announced (saves regrowing for big pages), but never trusted past 1 MiB.
        long initial = Math.min(bodyCap, announced > 0 ? Math.min(announced, 1024 * 1024) : 8 * 1024);
        Accumulator out = new Accumulator((int) initial);
        try {
          truncated = out.readFrom(in, bodyCap) || exchange.wireCapReached();
        } finally {
          body = out.toByteArray();
        }
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      error = new TransportError(classify(e, deadline), e.getClass().getName(),
          "while reading the body: " + message(e, request));
    }
    return new ProbeResponse(request, exchange.status(), exchange.headers(), body, truncated,
        exchange.chain(), exchange.protocol(), url.toString(), redirects, recorder.timings(), error);
  }

  private static @Nullable RequestBody body(String method, RequestData data) throws JsonProcessingException {
    Object value = data.data();
    if (value == null) {
      boolean needsBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
      return needsBody ? RequestBody.create(new byte[0], (MediaType) null) : null;
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      throw new IllegalArgumentException(method + " requests cannot carry request_data.data");
    }
    String contentType = data.headers().get("Content-Type");
    MediaType declared = contentType == null ? null : MediaType.parse(contentType);
    if (data.json()) {
      String text = value instanceof String s ? s : JSON.writeValueAsString(value);
      return RequestBody.create(text, declared != null ? declared : JSON_TYPE);
    }
    if (value instanceof Map<?, ?> map) {
      FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
      map.forEach((k, v) -> {
        if (v instanceof List<?> list) {
          list.forEach(item -> form.add(String.valueOf(k), item == null ? "" : String.valueOf(item)));
        } else {
          form.add(String.valueOf(k), v == null ? "" : String.valueOf(v));
        }
      });
      return form.build();
    }
    return RequestBody.create(String.valueOf(value), declared);
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || isIpv4Literal(host);
  }

  /** @return whether the host is a dotted quad (HttpUrl has already canonicalized it) */
  private static boolean isIpv4Literal(String host) {
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  /** @return whether the method is an upper-case HTTP token: letters first, then letters, digits, '-' or '_' */
  private static boolean isToken(String method) {
    if (method.isEmpty() || method.charAt(0) < 'A' || method.charAt(0) > 'Z') {
      return false;
    }
    for (int i = 1; i < method.length(); i++) {
      char c = method.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** @return why the literal host cannot be reached over the family, or null when it can (or is a name) */
  private static @Nullable String literalFamilyMismatch(String host, IpVersion version) {
    boolean v6 = host.indexOf(':') >= 0;
    boolean v4 = !v6 && isIpv4Literal(host);
    if (v6 && version == IpVersion.IPV4) {
      return host + " is an IPv6 address; this request must use IPv4";
    }
    if (v4 && version == IpVersion.IPV6) {
      return host + " is an IPv4 address; this request must use IPv6";
    }
    return null;
  }

  private static ProbeResponse fail(ProbeRequest request, PhaseRecorder recorder, String kind,
      @Nullable Throwable e, @Nullable String message) {
    String cls = e == null ? "" : e.getClass().getName();
    return ProbeResponse.failed(request, new TransportError(kind, cls, message == null ? kind : message),
        recorder.timings());
  }

  /** A failure after a status line arrived: the status is kept, as curl reports it with its error. */
  private static ProbeResponse fail(ProbeRequest request, PhaseRecorder recorder, int status, HttpUrl url,
      List<String> redirects, String kind, @Nullable Throwable e, @Nullable String message) {
    if (status == 0) {
      return fail(request, recorder, kind, e, message);
    }
    String cls = e == null ? "" : e.getClass().getName();
    return new ProbeResponse(request, status, Map.of(), EMPTY, false, List.of(), null, url.toString(), redirects,
        recorder.timings(), new TransportError(kind, cls, message == null ? kind : message));
  }

  static String classify(Throwable e, long deadline) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FamilyDns.NoAddressException) {
        return "no-address";
      }
      if (t instanceof FamilyDns.DnsTimeoutException) {
        return "timeout";
      }
    }
    if (System.nanoTime() - deadline >= 0) {
      return "timeout";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException) {
        return "timeout";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "dns";
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "tls";
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException) {
        return "connect";
      }
      if (m.contains("reset") || m.contains("unexpected end of stream") || m.contains("broken pipe")
          || t instanceof java.io.EOFException) {
        return "reset";
      }
    }
    return "io";
  }

  private static String message(Throwable e, ProbeRequest request) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    if (e instanceof java.io.InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
      return "no complete response within " + request.timeout() + " (" + text + ")";
    }
    return text;
  }

  /** Nothing to release: every connection is closed by the probe call that opened it. */
  @Override
  public void close() {}

  /**
   * A new TLS context for each connection. No session, hence no certificate, outlives the probe that made it: each
   * probe makes a full handshake and sees the certificate the server presents now, where a resumed session would
   * report the one of an earlier handshake. (A shared context cannot be made to forget: its session cache keeps at
   * least one session for at least a second, and a site's paths are often probed within a second.) A context costs
   * about 3 µs with the JDK's provider and 35 µs with Conscrypt's, against 1.6 and 0.75 ms for the handshake.
   */
  private SSLSocketFactory newTlsSocketFactory() {
    return newTlsContext().getSocketFactory();
  }

  private SSLContext newTlsContext() {
    try {
      SSLContext ctx = tlsProvider == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", tlsProvider);
      ctx.init(null, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for the probe"
          + (tlsProvider == null ? "" : " with provider " + tlsProvider.getName()) + ": " + e.getMessage(), e);
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

  /** A growable byte array that keeps what it read when the read fails half-way. */
  private static final class Accumulator extends ByteArrayOutputStream {
    Accumulator(int initial) {
      super(initial);
    }

    /** Reads up to {@code cap} bytes straight into the array, then one more to tell whether there was more. */
    boolean readFrom(InputStream in, long cap) throws IOException {
      while (count < cap) {
        if (count == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(16L, 2L * buf.length)));
        }
        int n = in.read(buf, count, (int) Math.min(buf.length - count, cap - count));
        if (n < 0) {
          return false;
        }
        count += n;
      }
      return in.read() != -1;
    }
  }

  /** The release version, read once from a resource Maven filters. */
  static final class Version {
    static final String VALUE = load();

    private Version() {}

    private static String load() {
      try (InputStream in = HttpProbe.class.getResourceAsStream("argos-checks.properties")) {
        if (in == null) {
          return "dev";
        }
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        String v = p.getProperty("version", "dev").trim();
        return v.isEmpty() || v.startsWith("${") ? "dev" : v;
      } catch (IOException e) {
        return "dev";
      }
    }
  }

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
