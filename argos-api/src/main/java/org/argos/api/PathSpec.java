package org.argos.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One path of a site: the request to make and the checks that evaluate its response.
 *
 * @param path the path and query, starting with {@code /}
 * @param method the HTTP method, upper case (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, CONNECT, TRACE)
 * @param requestData body and headers to send ({@link RequestData#NONE} for none)
 * @param checks the checks, at least one
 * @param followRedirects whether the probe follows redirects (Argos never does; default false)
 * @param maxRedirects the bound on followed redirects when {@code followRedirects}
 * @param timeout a bound on the whole probe of this path, or null for the site's
 */
public record PathSpec(
    String path,
    String method,
    RequestData requestData,
    List<CheckSpec> checks,
    boolean followRedirects,
    int maxRedirects,
    @Nullable Duration timeout) {

  /** The methods Argos accepts. */
  public static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE");

  /** Validates every field; the message names the path and the field. */
  public PathSpec {
    if (path == null || !path.startsWith("/")) {
      throw new InvalidSiteException("path: must start with '/', got '" + path + "'");
    }
    if (path.chars().anyMatch(c -> c <= ' ')) {
      throw new InvalidSiteException("path '" + path + "': must not contain spaces or control characters");
    }
    method = method == null ? "GET" : method.trim().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new InvalidSiteException("path '" + path + "': method '" + method + "' is not one of " + METHODS);
    }
    requestData = requestData == null ? RequestData.NONE : requestData;
    if (checks == null || checks.isEmpty()) {
      throw new InvalidSiteException("path '" + path + "': needs at least one check");
    }
    checks = List.copyOf(checks);
    if (maxRedirects < 0 || maxRedirects > 50) {
      throw new InvalidSiteException("path '" + path + "': max redirects must be between 0 and 50, got " + maxRedirects);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new InvalidSiteException("path '" + path + "': timeout must be positive, got " + timeout);
    }
  }

  /**
   * @param path the path, starting with {@code /}
   * @return a builder for a GET of that path
   */
  public static Builder builder(String path) {
    return new Builder(path);
  }

  /** Builds a {@link PathSpec}. Not thread-safe. */
  public static final class Builder {
    private final String path;
    private String method = "GET";
    private RequestData requestData = RequestData.NONE;
    private final List<CheckSpec> checks = new ArrayList<>();
    private boolean followRedirects;
    private int maxRedirects = 10;
    private @Nullable Duration timeout;

    private Builder(String path) {
      this.path = path;
    }

    /** @param method the HTTP method @return this */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /** @param requestData body and headers @return this */
    public Builder requestData(RequestData requestData) {
      this.requestData = requestData;
      return this;
    }

    /** @param type check type @param parameter its parameter @return this */
    public Builder check(String type, @Nullable Object parameter) {
      checks.add(new CheckSpec(type, parameter));
      return this;
    }

    /** @param check a check @return this */
    public Builder check(CheckSpec check) {
      checks.add(check);
      return this;
    }

    /** @param maxRedirects follow up to this many redirects @return this */
    public Builder followRedirects(int maxRedirects) {
      this.followRedirects = true;
      this.maxRedirects = maxRedirects;
      return this;
    }

    /** @param timeout bound on the whole probe @return this */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** @return the validated path */
    public PathSpec build() {
      return new PathSpec(path, method, requestData, checks, followRedirects, maxRedirects, timeout);
    }
  }
}
