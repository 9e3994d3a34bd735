package org.argos.checks.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 request over a connection of its own: resolve, connect, TLS, send, read the head; then the caller reads
 * the body (or not, for a redirect) and closes. Blocking I/O, meant for virtual threads, where a blocked read parks
 * the thread and an interrupt closes the socket.
 *
 * <p>Why not a general-purpose client: a probe never reuses a connection (a fleet reaches each host once per period),
 * so pooling, multiplexing and asynchronous dispatch are pure cost. The benchmark (docs/benchmarks.md) measured
 * OkHttp's call machinery at about a third of the CPU of a probe; this path does the same work as a plain socket
 * exchange. Every read is bounded by the probe's deadline: the socket's read timeout is set to the time left before
 * each read, so a server trickling a byte at a time cannot extend it.
 */
final class Http1Exchange implements AutoCloseable {
  /** The largest response head (status line and headers, line ends included), as curl 7.88: 300 KiB. */
  static final int MAX_HEAD_BYTES = 300 * 1024;
  /** The longest line of a response head, as curl's {@code CURL_MAX_HTTP_HEADER}: 100 KiB. */
  static final int MAX_LINE_BYTES = 100 * 1024;

  /**
   * What a hop sends. {@code body} is null when the request has none.
   *
   * @param acceptEncoding whether to send the probe's own {@code Accept-Encoding} (the headers do not name one)
   */
  record Outgoing(String method, String scheme, String host, int port, String target, List<String[]> headers,
      byte @Nullable [] body, @Nullable String contentType, boolean acceptEncoding) {}

  /** The head could not be read after its status line: the status is known, the response is not usable. */
  static final class HeadException extends ProtocolException {
    private final int status;

    HeadException(int status, IOException cause) {
      super(cause.getMessage());
      initCause(cause);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private final Socket socket;
  private final WireInput in;
  private final Outgoing request;
  private final int status;
  private final String protocol;
  private final Map<String, List<String>> headers;
  private final @Nullable String location;
  private final List<X509Certificate> chain;
  private @Nullable WireCap wireCap;

  private Http1Exchange(Socket socket, WireInput in, Outgoing request, int status, String protocol, Head head,
      List<X509Certificate> chain) {
    this.socket = socket;
    this.in = in;
    this.request = request;
    this.status = status;
    this.protocol = protocol;
    this.headers = head.headers;
    this.location = head.location;
    this.chain = chain;
  }

  /**
   * Connects to one of {@code addresses} (in order), sends the request and reads the response head.
   *
   * @param tls the socket factory for {@code https}, or null for plain HTTP
   * @param verifyHost whether TLS checks that the certificate names the host
   */
  static Http1Exchange open(Outgoing request, List<InetAddress> addresses, @Nullable SSLSocketFactory tls,
      boolean verifyHost, long deadline, PhaseRecorder recorder) throws IOException {
    Socket socket = connect(addresses, request.port(), deadline, recorder);
    try {
      List<X509Certificate> chain = List.of();
      if (tls != null) {
        recorder.tlsStarted();
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, request.host(), request.port(), true);
        socket = secure;
        SSLParameters params = secure.getSSLParameters();
        if (verifyHost) {
          params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        params.setApplicationProtocols(new String[] {"http/1.1"});
        secure.setSSLParameters(params);
        secure.setSoTimeout(remainingMillis(deadline));
        secure.startHandshake();
        chain = peerChain(secure);
        recorder.tlsEnded(chain);
      }
      OutputStream out = socket.getOutputStream();
      out.write(head(request));
      if (request.body() != null) {
        out.write(request.body());
      }
      out.flush();
      WireInput in = new WireInput(socket, deadline);
      int budget = MAX_HEAD_BYTES; // shared by the interim heads and the final one, as curl counts them
      int interim = 0;
      while (true) {
        String statusLine;
        try {
          statusLine = in.readLine(Math.min(MAX_LINE_BYTES, budget), budget < MAX_LINE_BYTES ? "response head"
              : "response status line");
          if (statusLine == null) {
            throw new EOFException("unexpected end of stream: the connection closed before a response");
          }
        } catch (IOException e) {
          throw interim == 0 ? e : new HeadException(interim, e); // the last status read, as curl reports it
        }
        recorder.firstByte();
        int[] version = new int[1];
        int code = parseStatusLine(statusLine, version);
        budget -= in.lineBytes;
        Head head;
        try {
          head = readHeaders(in, budget);
        } catch (IOException e) {
          throw new HeadException(code, e);
        }
        budget = head.left();
        if (code >= 100 && code < 200 && code != 101) {
          interim = code;
          continue; // 100 Continue, 102 Processing, 103 Early Hints: an interim head; the real one follows.
        }
        return new Http1Exchange(socket, in, request, code, version[0] == 0 ? "http/1.0" : "http/1.1", head, chain);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  int status() {
    return status;
  }

  String protocol() {
    return protocol;
  }

  Map<String, List<String>> headers() {
    return headers;
  }

  @Nullable String header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * @return the first {@code Location}, made a URI reference as curl makes it: its raw bytes of 0x80 and more are
   *     percent-encoded once ({@code %xx}), and so are spaces ({@code %20} before the query, {@code +} in it); what is
   *     already percent-encoded stays as it is. Null when there is none.
   */
  @Nullable String location() {
    return location;
  }

  List<X509Certificate> chain() {
    return chain;
  }

  /** @return the body length the server announced (when it is the length read), or -1 */
  long announcedLength() {
    if (!bodyExpected() || isChunked()) {
      return -1;
    }
    try {
      return contentLength();
    } catch (ProtocolException e) {
      return -1; // body() reports it
    }
  }

  /**
   * @return the Content-Length: one value, or a list of equal values on one line or several ({@code 95, 95}), as RFC
   *     9110 §8.6 allows; -1 when absent
   * @throws ProtocolException when it is not a number, or the values differ (RFC 9112 §6.3: an unrecoverable error)
   */
  private long contentLength() throws ProtocolException {
    List<String> lengths = headers.get("content-length");
    if (lengths == null) {
      return -1;
    }
    long length = -1;
    for (String line : lengths) {
      int start = 0;
      for (int i = 0; i <= line.length(); i++) {
        if (i < line.length() && line.charAt(i) != ',') {
          continue;
        }
        String one = line.substring(start, i).trim();
        start = i + 1;
        if (one.isEmpty()) {
          continue;
        }
        long parsed;
        try {
          parsed = Long.parseLong(one);
        } catch (NumberFormatException e) {
          if (one.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1; // digits past 2^63: no usable length, so the body ends with the connection (as curl reads it)
          }
          throw new ProtocolException("invalid Content-Length: " + String.join(", ", lengths));
        }
        if (parsed < 0 || (length >= 0 && parsed != length)) {
          throw new ProtocolException("invalid Content-Length: " + String.join(", ", lengths));
        }
        length = parsed;
      }
    }
    if (length < 0) {
      throw new ProtocolException("invalid Content-Length: " + String.join(", ", lengths));
    }
    return length;
  }

  /**
   * @return the codings applied to the body, in the order the server applied them: those of Content-Encoding, then
   *     the transfer codings other than the final {@code chunked} (curl undoes both)
   */
  private List<String> codings() {
    List<String> ce = headers.get("content-encoding");
    List<String> te = headers.get("transfer-encoding");
    if (ce == null && te == null) {
      return List.of();
    }
    List<String> codings = new ArrayList<>(2);
    if (ce != null) {
      ContentDecoding.split(ce, codings);
    }
    if (te != null) {
      // Transfer codings are applied after the content codings, so they come last and are undone first.
      int from = codings.size();
      ContentDecoding.split(te, codings);
      // chunked is framing, undone by ChunkedBody when it comes last; a repeated one ("chunked, chunked") is
      // tolerated, as curl does
      codings.subList(from, codings.size()).removeIf(c -> c.equals("chunked"));
    }
    return codings;
  }

  /** @return whether {@link #body} decodes the bytes, so the announced length is not the length read */
  boolean decoded() {
    return bodyExpected() && !codings().isEmpty();
  }

  /** @return whether a decoded body stopped because more than its wire cap arrived (see {@link #body}) */
  boolean wireCapReached() {
    return wireCap != null && wireCap.reached;
  }

  /**
   * @param wireCap the most bytes read off the wire for a decoded body, so a stream that decodes to little or nothing
   *     cannot keep the probe reading; past it the body ends and {@link #wireCapReached} says so
   * @return the body as the server framed it, with every content and transfer coding undone; close the exchange
   */
  InputStream body(long wireCap) throws IOException {
    if (!bodyExpected()) {
      return InputStream.nullInputStream();
    }
    InputStream framed;
    if (isChunked()) {
      framed = new ChunkedBody(in);
    } else {
      long length = contentLength();
      framed = length >= 0 ? new FixedBody(in, length) : new CloseDelimitedBody(in);
    }
    List<String> codings = codings();
    if (codings.isEmpty()) {
      return framed;
    }
    WireCap capped = new WireCap(framed, wireCap);
    this.wireCap = capped;
    return ContentDecoding.decode(capped, codings);
  }

  private boolean bodyExpected() {
    return !request.method().equals("HEAD") && status >= 200 && status != 204 && status != 304;
  }

  private boolean isChunked() {
    List<String> te = headers.get("transfer-encoding");
    if (te == null || te.isEmpty()) {
      return false;
    }
    String last = te.get(te.size() - 1);
    int comma = last.lastIndexOf(',');
    return last.substring(comma + 1).trim().equalsIgnoreCase("chunked");
  }

  /** Counts the framed bytes under a decoder and ends the stream past a cap. */
  private static final class WireCap extends InputStream {
    private final InputStream in;
    private long left;
    boolean reached;

    WireCap(InputStream in, long cap) {
      this.in = in;
      this.left = cap;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        if (!reached && in.read() < 0) {
          return -1; // the body ended right at the cap: nothing was cut
        }
        reached = true;
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static Socket connect(List<InetAddress> addresses, int port, long deadline, PhaseRecorder recorder)
      throws IOException {
    recorder.connectStarted();
    IOException last = null;
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
        recorder.connectEnded();
        return socket;
      } catch (IOException e) {
        closeQuietly(socket);
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
        if (Thread.currentThread().isInterrupted() || deadline - System.nanoTime() <= 0) {
          break;
        }
      }
    }
    throw last != null ? last : new IOException("no address to connect to");
  }

  /** @return the milliseconds left (at least 1, since 0 means "forever" to a socket), or throws when none are */
  static int remainingMillis(long deadline) throws SocketTimeoutException {
    long nanos = deadline - System.nanoTime();
    if (nanos <= 0) {
      throw new SocketTimeoutException("the probe's deadline passed");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
  }

  private static byte[] head(Outgoing r) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
    boolean host = false;
    boolean accept = false;
    for (String[] h : r.headers()) {
      host |= h[0].equalsIgnoreCase("Host");
      accept |= h[0].equalsIgnoreCase("Accept");
    }
    if (!host) {
      sb.append("Host: ").append(hostHeader(r.scheme(), r.host(), r.port())).append("\r\n");
    }
    for (String[] h : r.headers()) {
      if (h[0].equalsIgnoreCase("Content-Length") || h[0].equalsIgnoreCase("Transfer-Encoding")
          || h[0].equalsIgnoreCase("Connection")
          || (r.contentType() != null && h[0].equalsIgnoreCase("Content-Type"))) {
        continue; // Framing and connection headers are the probe's; the body's type is set once below.
      }
      sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    if (!accept) {
      sb.append("Accept: */*\r\n");
    }
    if (r.acceptEncoding()) {
      sb.append("Accept-Encoding: gzip\r\n");
    }
    sb.append("Connection: close\r\n");
    if (r.body() != null) {
      if (r.contentType() != null) {
        sb.append("Content-Type: ").append(r.contentType()).append("\r\n");
      }
      sb.append("Content-Length: ").append(r.body().length).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String hostHeader(String scheme, String host, int port) {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    int defaultPort = scheme.equals("https") ? 443 : 80;
    return port == defaultPort ? h : h + ":" + port;
  }

  private static int parseStatusLine(String line, int[] minorVersion) throws ProtocolException {
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
  private record Head(Map<String, List<String>> headers, @Nullable String location, int left) {}

  /**
   * Reads header lines up to the empty one. A value is decoded as UTF-8 where its bytes are valid UTF-8, else as
   * ISO-8859-1 (as curl shows them on a UTF-8 terminal, and as browsers do); a continuation line (obs-fold, RFC 9112
   * §5.2) is joined to the value before it with one space.
   */
  private static Head readHeaders(WireInput in, int budget) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> last = null;
    String location = null;
    boolean locationLatin1 = false;
    int left = budget;
    while (true) {
      String line = in.readLine(Math.min(MAX_LINE_BYTES, left), left < MAX_LINE_BYTES ? "response head"
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

  private static List<X509Certificate> peerChain(SSLSocket socket) {
    try {
      Certificate[] certs = socket.getSession().getPeerCertificates();
      List<X509Certificate> chain = new ArrayList<>(certs.length);
      for (Certificate c : certs) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
      return List.copyOf(chain);
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

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

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing to do: the exchange is over either way.
    }
  }

  /** The socket's bytes through one buffer, every read bounded by the deadline. */
  static final class WireInput {
    private final Socket socket;
    private final InputStream raw;
    private final long deadline;
    private final byte[] buf = new byte[8 * 1024];
    private int pos;
    private int limit;

    WireInput(Socket socket, long deadline) throws IOException {
      this.socket = socket;
      this.raw = socket.getInputStream();
      this.deadline = deadline;
    }

    /** @return false at the end of the stream */
    private boolean fill() throws IOException {
      socket.setSoTimeout(remainingMillis(deadline));
      int n = raw.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }

    int read() throws IOException {
      if (pos == limit && !fill()) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos == limit) {
        if (len >= buf.length) {
          socket.setSoTimeout(remainingMillis(deadline));
          return raw.read(b, off, len);
        }
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    /** The bytes of the last line read, its line end included. */
    int lineBytes;
    /** Whether the last line read was decoded as ISO-8859-1 (it has bytes of 0x80 and more, not valid UTF-8). */
    boolean lineLatin1;
    private byte @Nullable [] spill;

    /**
     * Reads a line ended by LF (a CR before it is dropped): as US-ASCII when it is, else as UTF-8 when valid, else as
     * ISO-8859-1. A NUL byte is refused, as curl does.
     *
     * @param max the longest line accepted
     * @param what what the line is part of, for the error when it is longer
     * @return the line, or null when the stream ends before its first byte
     */
    @Nullable String readLine(int max, String what) throws IOException {
      int spilled = 0;
      int start = pos;
      while (true) {
        for (int i = pos; i < limit; i++) {
          if (buf[i] == '\n') {
            pos = i + 1;
            int n = i - start;
            if (spilled + n > max) {
              throw tooLong(max, what);
            }
            lineBytes = spilled + n + 1;
            if (spilled == 0) {
              int len = n > 0 && buf[i - 1] == '\r' ? n - 1 : n;
              return decode(buf, start, len, what);
            }
            byte[] line = spillRoom(spilled + n);
            System.arraycopy(buf, start, line, spilled, n);
            int len = spilled + n;
            if (len > 0 && line[len - 1] == '\r') {
              len--;
            }
            return decode(line, 0, len, what);
          }
        }
        int n = limit - start;
        if (spilled + n > max) {
          throw tooLong(max, what);
        }
        if (n > 0) {
          byte[] line = spillRoom(spilled + n);
          System.arraycopy(buf, start, line, spilled, n);
          spilled += n;
        }
        pos = limit;
        if (!fill()) {
          if (spilled == 0) {
            return null;
          }
          throw new EOFException("unexpected end of stream in the middle of a line");
        }
        start = 0;
      }
    }

    private String decode(byte[] b, int from, int len, String what) throws ProtocolException {
      // The JDK decodes ASCII (the common case) with one vectorised check and one copy; a replacement character
      // means malformed UTF-8, unless the bytes really held one.
      String line = new String(b, from, len, StandardCharsets.UTF_8);
      lineLatin1 = line.indexOf('\uFFFD') >= 0 && !isUtf8(b, from, from + len);
      if (lineLatin1) {
        line = new String(b, from, len, StandardCharsets.ISO_8859_1);
      }
      if (line.indexOf('\0') >= 0) {
        throw new ProtocolException("NUL byte in the " + what);
      }
      return line;
    }

    private byte[] spillRoom(int size) {
      byte[] s = spill;
      if (s == null || s.length < size) {
        byte[] bigger = new byte[Math.max(size, s == null ? 256 : Math.min(2 * s.length, MAX_LINE_BYTES + 1))];
        if (s != null) {
          System.arraycopy(s, 0, bigger, 0, s.length);
        }
        spill = bigger;
        return bigger;
      }
      return s;
    }

    private static ProtocolException tooLong(int max, String what) {
      return new ProtocolException(what + " longer than " + (what.equals("response head") ? MAX_HEAD_BYTES : max)
          + " bytes");
    }
  }

  /** A body stream that reads in blocks; a single byte is a block of one (only read past the body cap). */
  private abstract static class FramedBody extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }
  }

  /** A body of a known length; ending early is an error. */
  private static final class FixedBody extends FramedBody {
    private final WireInput in;
    private final long length;
    private long left;

    FixedBody(WireInput in, long length) {
      this.in = in;
      this.length = length;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("unexpected end of stream: " + (length - left) + " of " + length + " body bytes");
      }
      left -= n;
      return n;
    }
  }

  /** A body that ends when the server closes the connection. */
  private static final class CloseDelimitedBody extends InputStream {
    private final WireInput in;

    CloseDelimitedBody(WireInput in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }
  }

  /** A chunked body (RFC 9112 §7.1); trailers are read and dropped. */
  private static final class ChunkedBody extends FramedBody {
    private static final int MAX_LINE = 8 * 1024;
    /** Trailers are not read by any check; more than this is a server that will not stop (curl has no bound). */
    static final int MAX_TRAILER_BYTES = 1024 * 1024;
    private final WireInput in;
    private long chunkLeft = -1; // -1: before the first chunk's size line
    private boolean done;

    ChunkedBody(WireInput in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (chunkLeft <= 0) {
        if (chunkLeft == 0) {
          String crlf = in.readLine(MAX_LINE, "chunked body");
          if (crlf == null || !crlf.isEmpty()) {
            throw new ProtocolException("malformed chunked body: no line end after a chunk");
          }
        }
        String sizeLine = in.readLine(MAX_LINE, "chunk size line");
        if (sizeLine == null) {
          throw new EOFException("unexpected end of stream in a chunked body");
        }
        int semi = sizeLine.indexOf(';');
        String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
        try {
          chunkLeft = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new ProtocolException("malformed chunk size: " + abbreviate(sizeLine));
        }
        if (chunkLeft < 0) {
          throw new ProtocolException("malformed chunk size: " + abbreviate(sizeLine));
        }
        if (chunkLeft == 0) {
          done = true;
          // Trailers carry nothing a check reads; they are skipped, up to a bound, as the body is.
          int left = MAX_TRAILER_BYTES;
          String trailer;
          while ((trailer = in.readLine(Math.min(MAX_LINE, left), "chunked trailers")) != null && !trailer.isEmpty()) {
            left -= in.lineBytes;
            if (left <= 0) {
              throw new ProtocolException("chunked trailers longer than " + MAX_TRAILER_BYTES + " bytes");
            }
          }
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("unexpected end of stream in a chunked body");
      }
      chunkLeft -= n;
      return n;
    }
  }
}
