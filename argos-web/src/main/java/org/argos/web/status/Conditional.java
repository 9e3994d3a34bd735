package org.argos.web.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Conditional GETs for public pages: a strong validator made from the body, so a page that did not change answers 304
 * with no body to a client or proxy that has it (RFC 9110 §8.8.3 and §13.1.2).
 */
public final class Conditional {
  private Conditional() {}

  /**
   * @param body the representation
   * @return its strong entity tag, quoted: the first 128 bits of its SHA-256, base64url
   */
  public static String etag(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** @return {@link #etag(byte[])} of the text's UTF-8 bytes */
  public static String etag(String body) {
    return etag(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether an {@code If-None-Match} header matches a tag, by the weak comparison GET uses: {@code *}, or any listed
   * tag with the same opaque value, {@code W/} or not.
   *
   * @param ifNoneMatch the header, or null
   * @param etag the current tag, quoted
   * @return true when the client's copy is current (answer 304)
   */
  public static boolean notModified(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    if (ifNoneMatch.length() > 8_192) {
      return false; // a header this long is no cache's: answer in full
    }
    String mine = opaque(etag);
    for (String part : ifNoneMatch.split(",")) {
      String t = part.strip();
      if (t.equals("*") || opaque(t).equals(mine)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    String t = tag.startsWith("W/") ? tag.substring(2) : tag;
    return t.strip();
  }
}
