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
    } catch (IllegalArgumentException e) {
      throw new InvalidSiteException(e.getMessage(), e);
    }
    if (data != null && !json && !(data instanceof Map) && !(data instanceof String)) {
      throw new InvalidSiteException("request_data.data: a form body must be a map or a string, got " + data);
    }
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((k, v) -> {
        if (k == null || k.isBlank() || v == null) {
          throw new InvalidSiteException("request_data.headers: header name and value must not be empty (" + k + ")");
        }
        h.put(k, v);
      });
    }
    headers = java.util.Collections.unmodifiableMap(h);
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
