package org.argos.testkit;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * Factories for {@link ProbeResponse}s made up in tests, so a check can be evaluated without a server:
 * {@code SyntheticResponses.response(200).header("Content-Type", "application/json").body("{}").build()}.
 */
public final class SyntheticResponses {
  /** The URL synthetic requests use unless told otherwise. */
  public static final String DEFAULT_URL = "https://synthetic.example/";

  private SyntheticResponses() {}

  /**
   * @param url an absolute URL: http(s), or any other scheme ({@code tcp://synthetic.example:25/})
   * @return a GET over IPv4 (for http(s)), 10 s timeout, redirects not followed, no option
   */
  public static ProbeRequest request(String url) {
    return new ProbeRequest(url, "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(10), false, 0);
  }

  /** @param status the HTTP status @return a builder of a response with that status */
  public static Builder response(int status) {
    return new Builder(status);
  }

  /** @return a 200 response with a small JSON body and a few usual headers */
  public static ProbeResponse ok() {
    return response(200)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Cache-Control", "max-age=60")
        .body("{\"status\":\"ok\",\"count\":2,\"items\":[{\"id\":1},{\"id\":2}]}")
        .build();
  }

  /** @param body the body text (UTF-8) @return a 200 {@code text/html} response with that body */
  public static ProbeResponse html(String body) {
    return response(200).header("Content-Type", "text/html; charset=utf-8").body(body).build();
  }

  /**
   * @param kind the transport error kind ({@code connect}, {@code timeout}, {@code tls}...)
   * @param message a readable message
   * @return a response that only carries a transport error, as a probe returns when nothing came back
   */
  public static ProbeResponse failed(String kind, String message) {
    return ProbeResponse.failed(request(DEFAULT_URL),
        new ProbeResponse.TransportError(kind, "java.io.IOException", message), ProbeTimings.ofTotal(Duration.ofMillis(5)));
  }

  /** @return a response as a refused connection gives */
  public static ProbeResponse connectionRefused() {
    return failed("connect", "Connection refused");
  }

  /** Builds a synthetic response; defaults: GET {@link #DEFAULT_URL}, no headers, empty body, 42 ms total. */
  public static final class Builder {
    private final int status;
    private ProbeRequest request = SyntheticResponses.request(DEFAULT_URL);
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private boolean truncated;
    private final List<X509Certificate> certificates = new ArrayList<>();
    private @Nullable String protocol = "http/1.1";
    private @Nullable String finalUrl;
    private final List<String> redirects = new ArrayList<>();
    private ProbeTimings timings = new ProbeTimings(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(30), Duration.ofMillis(42));

    private Builder(int status) {
      this.status = status;
    }

    /** @param request the request the response answers @return this builder */
    public Builder request(ProbeRequest request) {
      this.request = request;
      return this;
    }

    /** @param url the request URL (a GET with defaults) @return this builder */
    public Builder url(String url) {
      this.request = SyntheticResponses.request(url);
      return this;
    }

    /** @param name a header name @param value one value (repeat the call for more) @return this builder */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** @param text the body, UTF-8 @return this builder */
    public Builder body(String text) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** @param bytes the body @return this builder */
    public Builder body(byte[] bytes) {
      this.body = bytes.clone();
      return this;
    }

    /** @param truncated whether the probe's body cap cut the body @return this builder */
    public Builder truncated(boolean truncated) {
      this.truncated = truncated;
      return this;
    }

    /** @param chain the TLS peer chain, leaf first @return this builder */
    public Builder certificates(List<X509Certificate> chain) {
      certificates.clear();
      certificates.addAll(chain);
      return this;
    }

    /** @param protocol the negotiated protocol, or null @return this builder */
    public Builder protocol(@Nullable String protocol) {
      this.protocol = protocol;
      return this;
    }

    /**
     * @param finalUrl the URL that answered last
     * @param redirectedThrough the URLs that answered with a redirect before it
     * @return this builder
     */
    public Builder redirected(String finalUrl, List<String> redirectedThrough) {
      this.finalUrl = finalUrl;
      redirects.clear();
      redirects.addAll(redirectedThrough);
      return this;
    }

    /** @param total the total probe time (other phases are left as they are) @return this builder */
    public Builder took(Duration total) {
      this.timings = new ProbeTimings(timings.dns(), timings.connect(), timings.tls(), timings.firstByte(), total);
      return this;
    }

    /** @param timings every phase @return this builder */
    public Builder timings(ProbeTimings timings) {
      this.timings = timings;
      return this;
    }

    /** @return the response */
    public ProbeResponse build() {
      return new ProbeResponse(request, status, headers, body.clone(), truncated, certificates, protocol,
          finalUrl == null ? request.url() : finalUrl, redirects, timings, null);
    }
  }
}
