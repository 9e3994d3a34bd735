package org.argos.checks.http;

import static org.argos.checks.http.TransportErrors.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * One probe's way from the request's URL to the response that answers it: each hop resolves the host over the
 * request's address family, opens an {@link Http1Exchange}, and follows a redirect as {@code curl -L} does (within
 * the request's limit, refusing loops, sending the request's own headers to its origin only).
 */
final class Hops {
  private final HostResolver resolver;
  private final ProbeTls tls;
  private final boolean verifyHost;
  private final String userAgent;
  private final long bodyCap;

  Hops(HostResolver resolver, ProbeTls tls, boolean verifyHost, String userAgent, long bodyCap) {
    this.resolver = resolver;
    this.tls = tls;
    this.verifyHost = verifyHost;
    this.userAgent = userAgent;
    this.bodyCap = bodyCap;
  }

  /**
   * @param pinned the address to connect to instead of resolving the request's own host ({@code addresses: all}), or
   *     null; a redirect to another host resolves that host
   */
  ProbeResponse run(ProbeRequest request, @Nullable InetAddress pinned, long deadline, PhaseRecorder recorder)
      throws InterruptedException, IOException {
    HttpUrl url = HttpUrl.parse(request.url());
    if (url == null) {
      return fail(request, recorder, "invalid-request", null, "not a valid URL: " + request.url());
    }
    String method = request.method().trim().toUpperCase(Locale.ROOT);
    if (!OutgoingRequests.isToken(method)) {
      return fail(request, recorder, "invalid-request", null, "not an HTTP method: " + request.method());
    }
    RequestBody body;
    Headers userHeaders;
    try {
      body = OutgoingRequests.body(method, request.requestData());
      userHeaders = Headers.of(request.requestData().headers());
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return fail(request, recorder, "invalid-request", e, e.getMessage());
    }
    List<String> redirects = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(url.toString());
    HttpUrl origin = url; // the origin the config's headers are meant for: scheme, host and port
    String pinnedHost = url.host();
    while (true) {
      String family = OutgoingRequests.literalFamilyMismatch(url.host(), request.ipVersion());
      if (family != null) {
        return fail(request, recorder, "no-address", null, family);
      }
      if (deadline - System.nanoTime() <= 0) {
        return fail(request, recorder, "timeout", null, "no complete response within " + request.timeout());
      }
      recorder.hopStarted();
      Http1Exchange exchange;
      try {
        List<InetAddress> addresses = pinned != null && url.host().equals(pinnedHost) ? List.of(pinned)
            : addresses(url.host(), request.ipVersion(), deadline, recorder);
        exchange = Http1Exchange.open(
            OutgoingRequests.outgoing(url, method, body, userHeaders, sameOrigin(url, origin), userAgent),
            addresses, url.isHttps() ? tls.newSocketFactory() : null, verifyHost, deadline, recorder);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw TransportErrors.interrupted(e);
        }
        int status = 0;
        IOException cause = e;
        if (e instanceof Http1Exchange.HeadException h && h.getCause() instanceof IOException c) {
          status = h.status(); // the status line arrived, the rest of the head did not
          cause = c;
        }
        return fail(request, recorder, status, url, redirects, TransportErrors.classify(cause, deadline), cause,
            TransportErrors.message(cause, request));
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
              "cannot follow the redirect to " + TransportErrors.abbreviate(location, 200) + ": not an http(s) URL");
        }
        return BodyReading.read(request, exchange, url, redirects, deadline, recorder, bodyCap);
      }
    }
  }

  /**
   * @return the addresses a probe of this request connects to first, in order: its host's addresses of the request's
   *     family (a literal as it is); none when the URL is not valid or the name does not resolve in time
   */
  List<InetAddress> addresses(ProbeRequest request) {
    HttpUrl url = HttpUrl.parse(request.url());
    if (url == null || OutgoingRequests.literalFamilyMismatch(url.host(), request.ipVersion()) != null) {
      return List.of();
    }
    try {
      if (OutgoingRequests.isIpLiteral(url.host())) {
        return List.of(InetAddress.getByName(url.host()));
      }
      return new FamilyDns(resolver, request.ipVersion(), System.nanoTime() + request.timeout().toNanos())
          .lookup(url.host());
    } catch (IOException e) {
      return List.of(); // the probe run says why
    }
  }

  private List<InetAddress> addresses(String host, IpVersion version, long deadline, PhaseRecorder recorder)
      throws IOException {
    if (OutgoingRequests.isIpLiteral(host)) {
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
}
