package org.argos.api.spi;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of what a probe fetched, shared by every check of the request group. Immutable (do not modify the body
 * array).
 *
 * @param request the request made
 * @param status the final HTTP status, or 0 when there was a transport error before any response
 * @param headers response headers, names lower-cased, values in order received
 * @param body the body, at most the probe's cap
 * @param bodyTruncated true when the server sent more than the cap
 * @param peerCertificates the TLS peer chain, leaf first; empty over plain HTTP
 * @param protocol the negotiated protocol ({@code http/1.1}, {@code h2}), or null
 * @param finalUrl the URL of the final response (differs from the request's when redirects were followed)
 * @param redirects the URLs redirected through, in order (empty when none were followed)
 * @param timings where the time went
 * @param error the transport error, or null when a response was received
 * @param peer the address and port the probe connected to last (or tried to, on a transport error) and the TLS leaf
 *     certificate's fingerprint; null when unknown (no address was resolved, or a probe that does not say)
 * @param attributes what a non-HTTP probe found, by name namespaced by its scheme ({@code dns.rcode},
 *     {@code dns.records.MX}, {@code tls.protocol}, {@code smtp.extensions}), values in order; empty for HTTP. Such
 *     probes answer with status 0, the bytes received in {@code body} (a TCP banner), the TLS chain in
 *     {@code peerCertificates}, a transport failure in {@code error} and the address in {@code peer}.
 */
public record ProbeResponse(
    ProbeRequest request,
    int status,
    Map<String, List<String>> headers,
    byte[] body,
    boolean bodyTruncated,
    List<X509Certificate> peerCertificates,
    @Nullable String protocol,
    String finalUrl,
    List<String> redirects,
    ProbeTimings timings,
    @Nullable TransportError error,
    @Nullable ProbePeer peer,
    Map<String, List<String>> attributes) {

  /** Copies collections and lower-cases header names. */
  public ProbeResponse {
    Map<String, List<String>> a = new TreeMap<>();
    if (attributes != null) {
      attributes.forEach((k, v) -> a.put(java.util.Objects.requireNonNull(k, "attribute name"), List.copyOf(v)));
    }
    attributes = java.util.Collections.unmodifiableMap(a);
    Map<String, List<String>> h = new TreeMap<>();
    headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>()).addAll(v));
    h.replaceAll((k, v) -> List.copyOf(v));
    headers = java.util.Collections.unmodifiableMap(h);
    peerCertificates = List.copyOf(peerCertificates);
    redirects = List.copyOf(redirects);
  }

  /**
   * A response without attributes (an HTTP response, or probes written before {@link #attributes()} existed).
   *
   * @param request the request made
   * @param status the final HTTP status, or 0 on a transport error before any response
   * @param headers response headers
   * @param body the body
   * @param bodyTruncated true when the server sent more than the cap
   * @param peerCertificates the TLS peer chain, leaf first
   * @param protocol the negotiated protocol, or null
   * @param finalUrl the URL of the final response
   * @param redirects the URLs redirected through
   * @param timings where the time went
   * @param error the transport error, or null
   * @param peer the address connected to, or null
   */
  public ProbeResponse(ProbeRequest request, int status, Map<String, List<String>> headers, byte[] body,
      boolean bodyTruncated, List<X509Certificate> peerCertificates, @Nullable String protocol, String finalUrl,
      List<String> redirects, ProbeTimings timings, @Nullable TransportError error, @Nullable ProbePeer peer) {
    this(request, status, headers, body, bodyTruncated, peerCertificates, protocol, finalUrl, redirects, timings, error,
        peer, Map.of());
  }

  /**
   * What a non-HTTP probe received: status 0, no header, no redirect.
   *
   * @param request the request made
   * @param body the bytes received (a banner), at most the probe's cap
   * @param bodyTruncated true when there was more than the cap
   * @param peerCertificates the TLS peer chain, leaf first; empty without TLS
   * @param protocol the negotiated protocol ({@code TLSv1.3}), or null
   * @param timings where the time went
   * @param error the transport error, or null
   * @param peer the address connected to, or null
   * @param attributes what the probe found, names namespaced by scheme
   * @return the response
   */
  public static ProbeResponse of(ProbeRequest request, byte[] body, boolean bodyTruncated,
      List<X509Certificate> peerCertificates, @Nullable String protocol, ProbeTimings timings,
      @Nullable TransportError error, @Nullable ProbePeer peer, Map<String, List<String>> attributes) {
    return new ProbeResponse(request, 0, Map.of(), body, bodyTruncated, peerCertificates, protocol, request.url(),
        List.of(), timings, error, peer, attributes);
  }

  /**
   * A response without the peer it came from (probes written before {@link #peer()} existed).
   *
   * @param request the request made
   * @param status the final HTTP status, or 0 on a transport error before any response
   * @param headers response headers
   * @param body the body
   * @param bodyTruncated true when the server sent more than the cap
   * @param peerCertificates the TLS peer chain, leaf first
   * @param protocol the negotiated protocol, or null
   * @param finalUrl the URL of the final response
   * @param redirects the URLs redirected through
   * @param timings where the time went
   * @param error the transport error, or null
   */
  public ProbeResponse(ProbeRequest request, int status, Map<String, List<String>> headers, byte[] body,
      boolean bodyTruncated, List<X509Certificate> peerCertificates, @Nullable String protocol, String finalUrl,
      List<String> redirects, ProbeTimings timings, @Nullable TransportError error) {
    this(request, status, headers, body, bodyTruncated, peerCertificates, protocol, finalUrl, redirects, timings, error,
        null);
  }

  /**
   * @param request the request made
   * @param error what went wrong
   * @param timings how long it took
   * @return a response that carries only a transport error
   */
  public static ProbeResponse failed(ProbeRequest request, TransportError error, ProbeTimings timings) {
    return failed(request, error, timings, null);
  }

  /**
   * @param request the request made
   * @param error what went wrong
   * @param timings how long it took
   * @param peer the address the probe tried last, or null when none was resolved
   * @return a response that carries only a transport error
   */
  public static ProbeResponse failed(ProbeRequest request, TransportError error, ProbeTimings timings,
      @Nullable ProbePeer peer) {
    return new ProbeResponse(request, 0, Map.of(), new byte[0], false, List.of(), null, request.url(), List.of(), timings,
        error, peer);
  }

  /** @param name an attribute name ({@code dns.rcode}) @return its first value, or null */
  public @Nullable String attribute(String name) {
    List<String> v = attributes.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** @param name a header name, any case @return its first value, or null */
  public @Nullable String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** @return the body decoded with the charset of {@code Content-Type}, UTF-8 by default */
  public String bodyText() {
    return new String(body, charset());
  }

  private Charset charset() {
    String ct = header("content-type");
    if (ct != null) {
      for (String part : ct.split(";")) {
        String p = part.trim();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").trim());
          } catch (RuntimeException ignored) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * A failure to get a response: DNS, refused, reset, TLS handshake, timeout...
   *
   * @param kind a short stable name ({@code dns}, {@code connect}, {@code tls}, {@code timeout}, {@code reset},
   *     {@code redirect-loop}, {@code no-address}, {@code io})
   * @param exceptionClass the class of the underlying exception, if any
   * @param message a readable message
   */
  public record TransportError(String kind, String exceptionClass, String message) {}
}
