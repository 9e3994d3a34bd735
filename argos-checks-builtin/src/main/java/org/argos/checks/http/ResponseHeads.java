package org.argos.checks.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A response head read as curl reads it (docs/checks.md): the status line in any case of its protocol name, header
 * values in UTF-8 where valid and else ISO-8859-1, continuation lines joined with a space, the Location kept as a URI
 * reference, every line and the whole head bounded.
 */
final class ResponseHeads {
  private ResponseHeads() {}

  static int parseStatusLine(String line, int[] minorVersion) throws ProtocolException {
    // "HTTP/1.1 200 OK"; the reason phrase may be empty or absent. As curl, the protocol name is read in any case,
    // and "HTTP/2" and "HTTP/2.0" are taken for HTTP/1.1 framing; HTTP/0.9 (no status line) and 1.2 are refused.
    if (line.length() < 10 || !line.regionMatches(true, 0, "HTTP/", 0, 5)) {
      throw new ProtocolException("unexpected status line (not HTTP/1.x): " + abbreviate(line));
    }
    int codeAt;
    if (line.startsWith("1.0 ", 5) || line.startsWith("1.1 ", 5)) {
      minorVersion[0] = line.charAt(7) - '0';
      codeAt = 9;
    } else if (line.startsWith("2 ", 5)) {
      minorVersion[0] = 1;
      codeAt = 7;
    } else if (line.startsWith("2.0 ", 5)) {
      minorVersion[0] = 1;
      codeAt = 9;
    } else {
      throw new ProtocolException("unsupported HTTP version in the status line: " + abbreviate(line));
    }
    if (line.length() < codeAt + 3) {
      throw new ProtocolException("unexpected status line: " + abbreviate(line));
    }
    int code = 0;
    int end = codeAt + 3;
    for (int i = codeAt; i < end; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("unexpected status line: " + abbreviate(line));
      }
      code = code * 10 + (c - '0');
    }
    if ((line.length() > end && line.charAt(end) != ' ') || code < 100) {
      throw new ProtocolException("unexpected status line: " + abbreviate(line));
    }
    return code;
  }

  /** A response head: its headers, and the Location as a URI reference (see {@link #location()}). */
  record Head(Map<String, List<String>> headers, @Nullable String location, int left) {}

  /**
   * Reads header lines up to the empty one. A value is decoded as UTF-8 where its bytes are valid UTF-8, else as
   * ISO-8859-1 (as curl shows them on a UTF-8 terminal, and as browsers do); a continuation line (obs-fold, RFC 9112
   * §5.2) is joined to the value before it with one space.
   */
  static Head readHeaders(WireInput in, int budget) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> last = null;
    String location = null;
    boolean locationLatin1 = false;
    int left = budget;
    while (true) {
      String line = in.readLine(Math.min(Http1Exchange.MAX_LINE_BYTES, left), left < Http1Exchange.MAX_LINE_BYTES ? "response head"
          : "response header line");
      if (line == null) {
        throw new EOFException("unexpected end of stream while reading the response headers");
      }
      left -= in.lineBytes;
      if (line.isEmpty()) {
        if (location != null) {
          location = uriReference(location, locationLatin1);
        }
        return new Head(headers, location, left);
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        if (last == null) {
          throw new ProtocolException("malformed response head: a continuation line before the first header: "
              + abbreviate(line));
        }
        String more = line.trim();
        String before = last.get(last.size() - 1);
        last.set(last.size() - 1, more.isEmpty() ? before : before.isEmpty() ? more : before + " " + more);
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed response header (no colon): " + abbreviate(line));
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      last = headers.computeIfAbsent(name, k -> new ArrayList<>(1));
      last.add(value);
      if (location == null && name.equals("location")) {
        location = value;
        locationLatin1 = in.lineLatin1;
      }
    }
  }

  /** Percent-encodes a Location's raw bytes that a URL cannot hold, as curl does when it follows one. */
  static String uriReference(String value, boolean latin1) {
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > ' ' && c < 0x7f;
    }
    if (plain) {
      return value;
    }
    byte[] raw = value.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(raw.length + 16);
    boolean query = false;
    for (byte b : raw) {
      int c = b & 0xff;
      if (c == '?') {
        query = true;
      }
      if (c == ' ') {
        sb.append(query ? "+" : "%20");
      } else if (c >= 0x80) {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * @return whether the bytes are well-formed UTF-8 (RFC 3629: no overlong form, no surrogate, nothing past
   *     U+10FFFF)
   */
  static boolean isUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + n >= to) {
        return false; // cut short
      }
      int cp = c & (0x3F >> n);
      for (int k = 1; k <= n; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += n + 1;
    }
    return true;
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
