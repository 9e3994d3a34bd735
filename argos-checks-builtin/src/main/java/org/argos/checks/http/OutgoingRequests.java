package org.argos.checks.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.jspecify.annotations.Nullable;

/**
 * What a hop sends: the method and host checked, the request's body encoded (JSON, a form or text), and its headers
 * with the probe's own (User-Agent, Basic credentials of the URL, Accept-Encoding).
 */
final class OutgoingRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private OutgoingRequests() {}

  static Http1Exchange.Outgoing outgoing(HttpUrl url, String method, @Nullable RequestBody body, Headers userHeaders,
      boolean sameOrigin, String userAgent) throws IOException {
    List<String[]> headers = new ArrayList<>(userHeaders.size() + 1);
    boolean ownAgent = false;
    boolean ownEncoding = false;
    boolean ownAuthorization = false;
    for (int i = 0; i < userHeaders.size(); i++) {
      String name = userHeaders.name(i);
      // Every header of the config (credentials, API keys, Host, cookies...) is meant for the origin the config
      // names, not for wherever it redirects: curl drops Authorization and Cookie there (CVE-2022-27776); we drop all.
      if (!sameOrigin) {
        continue;
      }
      ownAgent |= name.equalsIgnoreCase("User-Agent");
      ownEncoding |= name.equalsIgnoreCase("Accept-Encoding");
      ownAuthorization |= name.equalsIgnoreCase("Authorization");
      headers.add(new String[] {name, userHeaders.value(i)});
    }
    if (!ownAgent) {
      headers.add(0, new String[] {"User-Agent", userAgent});
    }
    if (!ownAuthorization && !url.username().isEmpty()) {
      // As curl and httpx: the user info of the URL (https://user:password@host/) is sent as Basic credentials, to
      // the URL it is written in only (a redirect elsewhere does not carry it).
      String pair = url.username() + ":" + url.password();
      headers.add(new String[] {"Authorization",
          "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))});
    }
    byte[] bytes = null;
    String contentType = null;
    if (body != null) {
      Buffer buffer = new Buffer();
      body.writeTo(buffer);
      bytes = buffer.readByteArray();
      MediaType type = body.contentType();
      contentType = type == null ? null : type.toString();
    }
    String target = url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
    // The probe offers gzip unless the request names its own codings; the body is decoded either way.
    return new Http1Exchange.Outgoing(method, url.scheme(), url.host(), url.port(), target, headers, bytes,
        contentType, !ownEncoding);
  }

  static @Nullable RequestBody body(String method, RequestData data) throws JsonProcessingException {
    Object value = data.data();
    if (value == null) {
      boolean needsBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
      return needsBody ? RequestBody.create(new byte[0], (MediaType) null) : null;
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      throw new IllegalArgumentException(method + " requests cannot carry request_data.data");
    }
    String contentType = data.headers().get("Content-Type");
    MediaType declared = contentType == null ? null : MediaType.parse(contentType);
    if (data.json()) {
      String text = value instanceof String s ? s : JSON.writeValueAsString(value);
      return RequestBody.create(text, declared != null ? declared : JSON_TYPE);
    }
    if (value instanceof Map<?, ?> map) {
      FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
      map.forEach((k, v) -> {
        if (v instanceof List<?> list) {
          list.forEach(item -> form.add(String.valueOf(k), item == null ? "" : String.valueOf(item)));
        } else {
          form.add(String.valueOf(k), v == null ? "" : String.valueOf(v));
        }
      });
      return form.build();
    }
    return RequestBody.create(String.valueOf(value), declared);
  }

  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || isIpv4Literal(host);
  }

  /** @return whether the host is a dotted quad (HttpUrl has already canonicalized it) */
  private static boolean isIpv4Literal(String host) {
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  /** @return whether the method is an upper-case HTTP token: letters first, then letters, digits, '-' or '_' */
  static boolean isToken(String method) {
    if (method.isEmpty() || method.charAt(0) < 'A' || method.charAt(0) > 'Z') {
      return false;
    }
    for (int i = 1; i < method.length(); i++) {
      char c = method.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** @return why the literal host cannot be reached over the family, or null when it can (or is a name) */
  static @Nullable String literalFamilyMismatch(String host, IpVersion version) {
    boolean v6 = host.indexOf(':') >= 0;
    boolean v4 = !v6 && isIpv4Literal(host);
    if (v6 && version == IpVersion.IPV4) {
      return host + " is an IPv6 address; this request must use IPv4";
    }
    if (v4 && version == IpVersion.IPV6) {
      return host + " is an IPv4 address; this request must use IPv6";
    }
    return null;
  }
}
