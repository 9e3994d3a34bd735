package org.argos.api;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a probe sends beyond the method and URL (Argos {@code request_data}).
 *
 * @param data the body: a map sent as a form (or as JSON when {@code json}), a string sent as is, or null for none
 * @param json true to send {@code data} as JSON ({@code Content-Type: application/json})
 * @param headers extra request headers (names are case-insensitive; stored as given)
 */
public record RequestData(@Nullable Object data, boolean json, Map<String, String> headers) {
  /** No body, no extra header. */
  public static final RequestData NONE = new RequestData(null, false, Map.of());

  /** Validates the body shape and copies everything. */
  public RequestData {
    try {
      data = JsonLike.copyOf(data, "request_data.data");
    } catch (InvalidValueException e) {
      throw new InvalidSiteException(e.subject(), e.path(), null, e.problem(), e);
    }
    if (data != null && !json && !(data instanceof Map) && !(data instanceof String)) {
      throw new InvalidSiteException("request_data.data: a form body must be a map or a string, got " + data);
    }
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      if (headers.size() > MAX_HEADERS) {
        throw new InvalidSiteException("request_data.headers: at most " + MAX_HEADERS + " headers, got "
            + headers.size());
      }
      headers.forEach((k, v) -> {
        if (k == null || k.isBlank() || v == null) {
          throw new InvalidSiteException("request_data.headers: header name and value must not be empty (" + k + ")");
        }
        String problem = headerProblem(k, v);
        if (problem != null) {
          throw new InvalidSiteException("request_data.headers." + printable(k) + ": " + problem);
        }
        h.put(k, v);
      });
    }
    headers = java.util.Collections.unmodifiableMap(h);
  }

  /** The most extra headers a request may carry. */
  public static final int MAX_HEADERS = 100;
  /** The longest header value, in characters. */
  public static final int MAX_HEADER_VALUE = 8192;

  /**
   * A header goes on the wire as written: a line break in it would end the header and start another one (or the body),
   * so names are tokens (RFC 9110 section 5.1) and values hold no control character but a tab.
   *
   * @return what is wrong with this header, or null when it can be sent
   */
  private static @Nullable String headerProblem(String name, String value) {
    if (name.length() > 256) {
      return "a header name is at most 256 characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) {
        return "a header name may only hold letters, digits and !#$%&'*+-.^_`|~ (got " + describe(c) + ")";
      }
    }
    if (value.length() > MAX_HEADER_VALUE) {
      return "a header value is at most " + MAX_HEADER_VALUE + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029)) {
        return "a header value must not hold control characters such as CR or LF (got " + describe(c) + " at "
            + (i + 1) + ")";
      }
    }
    return null;
  }

  private static String describe(char c) {
    return c == '\r' ? "CR" : c == '\n' ? "LF" : c < 0x20 || c >= 0x7f && c < 0xa0 || c == 0x2028 || c == 0x2029
        ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().limit(100).forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
    return b.toString();
  }

  /** @return true when there is neither a body nor a header */
  public boolean isEmpty() {
    return data == null && headers.isEmpty();
  }

  /**
   * Shows the header names and whether there is a body, never their values: headers and bodies often hold credentials
   * (Authorization, API keys, cookies, a login form), and a record's {@code toString} ends up in logs and errors
   * through every {@code Site}, {@code PathSpec} and {@code ProbeRequest} that holds this.
   */
  @Override
  public String toString() {
    return "RequestData[data=" + (data == null ? "none" : "***") + ", json=" + json + ", headers="
        + (headers.isEmpty() ? "{}" : String.join("=***, ", headers.keySet()) + "=***") + "]";
  }

  /** @return a canonical text of this request data, equal for equal data (used to group requests) */
  public String canonical() {
    return (json ? "json:" : "form:") + JsonLike.canonical(data) + ":" + JsonLike.canonical(new TreeMap<>(headers));
  }
}
