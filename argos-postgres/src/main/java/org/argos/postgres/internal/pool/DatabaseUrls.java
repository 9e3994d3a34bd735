package org.argos.postgres.internal.pool;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.argos.api.Redaction;
import org.jspecify.annotations.Nullable;

/** Argos database URLs ({@code postgresql://user:password@host:port/database}) read into what JDBC takes. */
public final class DatabaseUrls {
  private DatabaseUrls() {}

  /**
   * @param jdbcUrl the JDBC URL
   * @param user the user given in the URL, if any
   * @param password the password given in the URL, if any
   */
  public record Parsed(String jdbcUrl, @Nullable String user, @Nullable String password) {}

  /**
   * @param url {@code postgresql://…} or {@code postgres://…}
   * @throws IllegalArgumentException naming the URL (credentials redacted) when it is not one
   */
  public static Parsed postgres(String url) {
    String u = url.trim();
    if (!u.startsWith("postgresql://") && !u.startsWith("postgres://")) {
      throw new IllegalArgumentException(
          "database URL '" + redact(url) + "' must start with postgresql://, postgres:// or jdbc:postgresql:");
    }
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("database URL '" + redact(url) + "' is not a valid URL: " + e.getReason(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("database URL '" + redact(url) + "' has no host");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : uri.getRawPath();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("database URL '" + redact(url) + "' names no database (…/argos)");
    }
    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
        : uri.getHost();
    String jdbcUrl = "jdbc:postgresql://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null) {
      return new Parsed(jdbcUrl, null, null);
    }
    int colon = userInfo.indexOf(':');
    return new Parsed(jdbcUrl, decode(colon < 0 ? userInfo : userInfo.substring(0, colon)),
        colon < 0 ? null : decode(userInfo.substring(colon + 1)));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** @return the URL with its credentials redacted, for messages */
  public static String redact(String url) {
    return Redaction.url(url);
  }
}
