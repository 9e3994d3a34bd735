package org.argos.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Sessions kept in the browser: {@code user.issued.expiry.nonce.remember.signature}, signed with HMAC-SHA256 under
 * {@code general.cookie_secret}, so the server keeps no session table and any node of a cluster accepts them. What
 * ends a session early (a logout, a password change, "log out everywhere") is kept by {@link SessionRevocations}: the
 * nonce names the session, the issue time is compared with the user's "sessions valid after" stamp.
 * CSRF tokens are an HMAC of the session's nonce (or of an anonymous nonce before login): a token only works with the
 * cookie it was issued for, and a fresh login gets a fresh nonce.
 */
public final class Sessions {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A valid session.
   *
   * @param issued when it was issued (millisecond precision), compared with the user's "sessions valid after" stamp
   */
  public record Session(String user, Instant issued, Instant expires, String nonce, boolean remember) {}

  private final SecretKeySpec key;

  public Sessions(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("general.cookie_secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public static String randomNonce() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  private byte[] mac(String data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the cookie value of a new session for this user */
  public String issue(String user, Instant now, Duration length, boolean remember) {
    String body = B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + now.toEpochMilli() + "."
        + now.plus(length).getEpochSecond() + "." + randomNonce() + "." + (remember ? "1" : "0");
    return body + "." + B64.encodeToString(mac("session|" + body));
  }

  /** @return the session the cookie holds, or null when it is absent, forged, malformed or expired */
  public @Nullable Session read(@Nullable String cookie, Instant now) {
    if (cookie == null || cookie.length() > 1000) {
      return null;
    }
    int sig = cookie.lastIndexOf('.');
    if (sig < 0) {
      return null;
    }
    String body = cookie.substring(0, sig);
    byte[] given;
    try {
      given = B64D.decode(cookie.substring(sig + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!MessageDigest.isEqual(given, mac("session|" + body))) {
      return null;
    }
    String[] parts = body.split("\\.", -1);
    if (parts.length != 5) {
      return null; // also a cookie of the format before the issue time was added: it cannot be revoked, so it ends
    }
    try {
      Instant issued = Instant.ofEpochMilli(Long.parseLong(parts[1]));
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
      if (!now.isBefore(expires)) {
        return null;
      }
      return new Session(new String(B64D.decode(parts[0]), StandardCharsets.UTF_8), issued, expires, parts[3],
          "1".equals(parts[4]));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return null;
    }
  }

  /** @return the CSRF token forms carry for this nonce */
  public String csrfToken(String nonce) {
    return B64.encodeToString(mac("csrf|" + nonce));
  }

  /** Constant-time comparison of a submitted token with the expected one. */
  public boolean csrfValid(String nonce, @Nullable String submitted) {
    if (submitted == null || submitted.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(csrfToken(nonce).getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
  }
}
