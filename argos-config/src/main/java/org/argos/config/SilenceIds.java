package org.argos.config;

/**
 * What a silence id may be, the same for a silence in the config file and one posted to the API, and how client text
 * is quoted in an error about it.
 */
public final class SilenceIds {
  private SilenceIds() {}

  /** @return whether {@code id} is 1 to {@link org.argos.api.Silence#MAX_ID} letters, digits and {@code . _ : -} */
  public static boolean valid(String id) {
    return !id.isEmpty() && id.length() <= org.argos.api.Silence.MAX_ID && id.matches("[A-Za-z0-9._:-]+");
  }

  /** @return client text quoted in an error: printable and short */
  public static String shown(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(60).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return s.codePointCount(0, s.length()) > 60 ? b + "..." : b.toString();
  }
}
