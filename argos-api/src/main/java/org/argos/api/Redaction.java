package org.argos.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in URLs before they reach an error message or a log line: the password of a URL's user info
 * ({@code postgresql://argos:***@db/argos}) and the values of parameters that carry secrets ({@code password=***},
 * {@code ;PASSWORD=***}, {@code token=***}...). Database URLs, notifier URLs and any other URL a message quotes go
 * through here, so one rule decides what is shown.
 *
 * <p>It errs on the side of masking: a URL too malformed to read is masked from its user info to its end rather than
 * shown.
 */
public final class Redaction {
  /** What replaces a secret. */
  public static final String MASK = "***";

  // Parameter names whose values are secrets: in query strings (?a=b&c=d) and in JDBC option lists (;A=B).
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i)((?:^|[?&;])(?:password|passwd|pwd|pass|sslpassword|secret|client_secret|token|access_token|auth_token|"
          + "apikey|api_key|api-key|key|sig|signature|credentials)=)[^&;#\\s'\"]*");
  // A URL inside free text: scheme://... or jdbc:..., up to whitespace or a quote.
  private static final Pattern URL_IN_TEXT =
      Pattern.compile("(?i)\\b(?:jdbc:[a-z0-9]+:[^\\s'\"<>]*|[a-z][a-z0-9+.-]*://[^\\s'\"<>]+)");

  private Redaction() {}

  /**
   * @param url a URL as written (it need not be valid)
   * @return the URL with the password of its user info and secret parameter values replaced by {@value #MASK}; the
   *     user name, host, port and path are kept so the message still says where
   */
  public static String url(String url) {
    if (url == null) {
      return "null";
    }
    return SECRET_PARAM.matcher(maskUserInfo(url)).replaceAll("$1" + Matcher.quoteReplacement(MASK));
  }

  /**
   * @param text a message that may quote URLs (an exception message, a driver's error)
   * @return the text with every URL in it masked as {@link #url(String)} does
   */
  public static String text(String text) {
    if (text == null) {
      return "null";
    }
    Matcher m = URL_IN_TEXT.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(url(m.group())));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String maskUserInfo(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && !Character.isWhitespace(url.charAt(end))) {
      end++;
    }
    // The authority ends at the first / ? # ... unless a password holds one of them: then the '@' that ends the user
    // info comes later. The last '@' before the path wins; failing that, the last '@' of the URL preceded by a ':'.
    int pathStart = start;
    while (pathStart < end && "/?#".indexOf(url.charAt(pathStart)) < 0) {
      pathStart++;
    }
    int at = url.lastIndexOf('@', pathStart - 1);
    if (at < start) {
      int later = url.lastIndexOf('@', end - 1);
      at = later >= start && url.substring(start, later).indexOf(':') >= 0 ? later : -1;
    }
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url; // a user name alone, no password
    }
    return url.substring(0, colon + 1) + MASK + url.substring(at);
  }
}
