package org.argos.api.spi;

import java.time.Duration;
import org.argos.api.InvalidSiteException;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;

/**
 * One request a probe makes: the unit that checks share. Equal requests are one request group.
 *
 * @param url the absolute URL
 * @param method the HTTP method
 * @param requestData body and headers
 * @param ipVersion the IP family to resolve and connect over
 * @param timeout bound on the whole probe
 * @param followRedirects whether to follow redirects
 * @param maxRedirects bound on followed redirects
 */
public record ProbeRequest(
    String url,
    String method,
    RequestData requestData,
    IpVersion ipVersion,
    Duration timeout,
    boolean followRedirects,
    int maxRedirects) {

  /** Validates. */
  public ProbeRequest {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new InvalidSiteException("probe URL must be absolute http(s), got " + url);
    }
    if (method == null || method.isBlank()) {
      throw new InvalidSiteException("probe method must not be empty");
    }
    if (requestData == null || ipVersion == null || timeout == null) {
      throw new InvalidSiteException("probe request data, IP version and timeout are required");
    }
  }

  /** @param url another URL @return a copy of this request for that URL */
  public ProbeRequest withUrl(String url) {
    return new ProbeRequest(url, method, requestData, ipVersion, timeout, followRedirects, maxRedirects);
  }

  /** @param follow whether to follow redirects @return a copy */
  public ProbeRequest withFollowRedirects(boolean follow) {
    return new ProbeRequest(url, method, requestData, ipVersion, timeout, follow, maxRedirects);
  }

  /** @return a canonical text identifying this request; equal requests share a probe run */
  public String key() {
    return method + " " + url + " ipv" + ipVersion.label() + " " + requestData.canonical() + " t=" + timeout.toMillis()
        + (followRedirects ? " follow=" + maxRedirects : "");
  }
}
