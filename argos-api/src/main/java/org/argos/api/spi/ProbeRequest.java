package org.argos.api.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.argos.api.InvalidSiteException;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.jspecify.annotations.Nullable;

/**
 * One request a probe makes: the unit that checks share. Equal requests are one request group. The target is a URI of
 * any scheme ({@code https://example.org/health}, {@code tcp://mail.example.org:25}, {@code dns://example.org}); the
 * engine runs it with the probe that serves its {@link #scheme()} ({@link ProbeProvider}).
 *
 * @param url the absolute target, {@code scheme://host[:port][/path]}
 * @param http what an HTTP probe sends (method, body and headers, redirects); other probes ignore it, and leave it
 *     {@link Http#GET}
 * @param ipVersion the IP family to resolve and connect over
 * @param timeout bound on the whole probe
 * @param options per-scheme parameters ({@code send}, {@code expect}, {@code type}, {@code server}...), sorted; at
 *     most {@value #MAX_OPTIONS} entries, names of at most {@value #MAX_OPTION_NAME} characters ({@code [a-z0-9._-]},
 *     starting with a letter or digit), values of at most {@value #MAX_OPTION_VALUE}. Checks set them in
 *     {@link Check#request}, so checks that need the same query share one probe run.
 */
public record ProbeRequest(
    String url,
    Http http,
    IpVersion ipVersion,
    Duration timeout,
    SortedMap<String, String> options) {

  /** The most options a request carries. */
  public static final int MAX_OPTIONS = 32;
  /** The longest option name, in characters. */
  public static final int MAX_OPTION_NAME = 64;
  /** The longest option value, in characters. */
  public static final int MAX_OPTION_VALUE = 4096;

  private static final SortedMap<String, String> NO_OPTIONS = Collections.unmodifiableSortedMap(new TreeMap<>());

  /** Validates, and copies the options. */
  public ProbeRequest {
    if (url == null || schemeEnd(url) < 0) {
      throw new InvalidSiteException("probe URL must be absolute (scheme://host...), got " + url);
    }
    String scheme = url.substring(0, schemeEnd(url)).toLowerCase(Locale.ROOT);
    if ((scheme.equals("http") || scheme.equals("https")) && !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new InvalidSiteException("probe URL must be absolute http(s), got " + url);
    }
    if (http == null || ipVersion == null || timeout == null) {
      throw new InvalidSiteException("probe request data, IP version and timeout are required");
    }
    options = copyOptions(options);
  }

  /**
   * An HTTP request (the constructor Argos had before other schemes).
   *
   * @param url the absolute URL
   * @param method the HTTP method
   * @param requestData body and headers
   * @param ipVersion the IP family to resolve and connect over
   * @param timeout bound on the whole probe
   * @param followRedirects whether to follow redirects
   * @param maxRedirects bound on followed redirects
   */
  public ProbeRequest(String url, String method, RequestData requestData, IpVersion ipVersion, Duration timeout,
      boolean followRedirects, int maxRedirects) {
    this(url, new Http(method, requestData, followRedirects, maxRedirects), ipVersion, timeout, NO_OPTIONS);
  }

  /**
   * A request of any scheme with no HTTP part and no option.
   *
   * @param url the absolute target
   * @param ipVersion the IP family
   * @param timeout bound on the whole probe
   * @return the request
   */
  public static ProbeRequest of(String url, IpVersion ipVersion, Duration timeout) {
    return new ProbeRequest(url, Http.GET, ipVersion, timeout, NO_OPTIONS);
  }

  /** @return the scheme of {@link #url()}, lower case ({@code https}, {@code tcp}) */
  public String scheme() {
    return url.substring(0, schemeEnd(url)).toLowerCase(Locale.ROOT);
  }

  /** @return the HTTP method ({@code http().method()}) */
  public String method() {
    return http.method();
  }

  /** @return the body and headers ({@code http().requestData()}) */
  public RequestData requestData() {
    return http.requestData();
  }

  /** @return whether to follow redirects ({@code http().followRedirects()}) */
  public boolean followRedirects() {
    return http.followRedirects();
  }

  /** @return the bound on followed redirects ({@code http().maxRedirects()}) */
  public int maxRedirects() {
    return http.maxRedirects();
  }

  /** @param name an option name @return its value, or null when the request does not carry it */
  public @Nullable String option(String name) {
    return options.get(name);
  }

  /** @param url another URL @return a copy of this request for that URL */
  public ProbeRequest withUrl(String url) {
    return new ProbeRequest(url, http, ipVersion, timeout, options);
  }

  /** @param follow whether to follow redirects @return a copy */
  public ProbeRequest withFollowRedirects(boolean follow) {
    return new ProbeRequest(url, new Http(http.method(), http.requestData(), follow, http.maxRedirects()), ipVersion,
        timeout, options);
  }

  /**
   * @param name an option name
   * @param value its value
   * @return a copy of this request with that option set (replacing any value it had)
   * @throws InvalidSiteException when the option is out of bounds
   */
  public ProbeRequest withOption(String name, String value) {
    TreeMap<String, String> o = new TreeMap<>(options);
    o.put(name, value);
    return new ProbeRequest(url, http, ipVersion, timeout, o);
  }

  /**
   * @param options the options
   * @return a copy of this request with exactly these options
   * @throws InvalidSiteException when an option is out of bounds
   */
  public ProbeRequest withOptions(SortedMap<String, String> options) {
    return new ProbeRequest(url, http, ipVersion, timeout, options);
  }

  /** @return a canonical text identifying this request; equal requests share a probe run */
  public String key() {
    String k = http.method() + " " + url + " ipv" + ipVersion.label() + " " + http.requestData().canonical() + " t="
        + timeout.toMillis() + (http.followRedirects() ? " follow=" + http.maxRedirects() : "");
    if (options.isEmpty()) {
      return k;
    }
    StringBuilder b = new StringBuilder(k).append(" options:");
    options.forEach((n, v) -> b.append(' ').append(n).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  /** @return the index of {@code ://} after a valid scheme, or -1 */
  private static int schemeEnd(String url) {
    int i = url.indexOf("://");
    if (i <= 0 || i + 3 >= url.length()) {
      return -1;
    }
    for (int j = 0; j < i; j++) {
      char c = url.charAt(j);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!(letter || (j > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
        return -1;
      }
    }
    return i;
  }

  private static SortedMap<String, String> copyOptions(@Nullable SortedMap<String, String> options) {
    if (options == null || options.isEmpty()) {
      return NO_OPTIONS;
    }
    if (options.size() > MAX_OPTIONS) {
      throw new InvalidSiteException("probe options: at most " + MAX_OPTIONS + ", got " + options.size());
    }
    TreeMap<String, String> o = new TreeMap<>();
    options.forEach((n, v) -> {
      if (n == null || n.isEmpty() || n.length() > MAX_OPTION_NAME || !n.matches("[a-z0-9][a-z0-9._-]*")) {
        throw new InvalidSiteException("probe option name must be 1 to " + MAX_OPTION_NAME
            + " characters of a-z, 0-9, '.', '_', '-', got '" + n + "'");
      }
      if (v == null || v.length() > MAX_OPTION_VALUE) {
        throw new InvalidSiteException("probe option " + n + ": the value must be present and at most "
            + MAX_OPTION_VALUE + " characters");
      }
      o.put(n, v);
    });
    return Collections.unmodifiableSortedMap(o);
  }

  /**
   * The part of a request only HTTP probes read.
   *
   * @param method the HTTP method
   * @param requestData body and headers
   * @param followRedirects whether to follow redirects
   * @param maxRedirects bound on followed redirects
   */
  public record Http(String method, RequestData requestData, boolean followRedirects, int maxRedirects) {
    /** A plain GET that does not follow redirects: what non-HTTP requests carry. */
    public static final Http GET = new Http("GET", RequestData.NONE, false, 0);

    /** Validates. */
    public Http {
      if (method == null || method.isBlank()) {
        throw new InvalidSiteException("probe method must not be empty");
      }
      if (requestData == null) {
        throw new InvalidSiteException("probe request data, IP version and timeout are required");
      }
    }
  }
}
