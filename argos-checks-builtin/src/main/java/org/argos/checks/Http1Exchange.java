package org.argos.checks;

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
import java.util.zip.GZIPInputStream;
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
  /** The largest response head (status line and headers) read before giving up, as OkHttp: 256 KiB. */
  static final int MAX_HEAD_BYTES = 256 * 1024;

  /** What a hop sends. {@code body} is null when the request has none. */
  record Outgoing(String method, String scheme, String host, int port, String target, List<String[]> headers,
      byte @Nullable [] body, @Nullable String contentType, boolean transparentGzip) {}

  private final Socket socket;
  private final WireInput in;
  private final Outgoing request;
  private final int status;
  private final String protocol;
  private final Map<String, List<String>> headers;
  private final List<X509Certificate> chain;

  private Http1Exchange(Socket socket, WireInput in, Outgoing request, int status, String protocol,
      Map<String, List<String>> headers, List<X509Certificate> chain) {
    this.socket = socket;
    this.in = in;
    this.request = request;
    this.status = status;
    this.protocol = protocol;
    this.headers = headers;
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
      while (true) {
        String statusLine = in.readLine(MAX_HEAD_BYTES);
        if (statusLine == null) {
          throw new EOFException("unexpected end of stream: the connection closed before a response");
        }
        recorder.firstByte();
        int[] version = new int[1];
        int code = parseStatusLine(statusLine, version);
        Map<String, List<String>> headers = readHeaders(in, MAX_HEAD_BYTES - statusLine.length());
        if (code >= 100 && code < 200 && code != 101) {
          continue; // 100 Continue, 102 Processing, 103 Early Hints: an interim head; the real one follows.
        }
        return new Http1Exchange(socket, in, request, code, version[0] == 0 ? "http/1.0" : "http/1.1", headers,
            chain);
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

  List<X509Certificate> chain() {
    return chain;
  }

  /** @return the body length the server announced, or -1 */
  long announcedLength() {
    if (!bodyExpected() || isChunked()) {
      return -1;
    }
    String length = header("content-length");
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** @return whether {@link #body()} decodes gzip, so the announced length is not the length read */
  boolean decoded() {
    String encoding = header("content-encoding");
    return request.transparentGzip() && encoding != null && encoding.trim().equalsIgnoreCase("gzip")
        && bodyExpected() && announcedLength() != 0;
  }

  /** @return the body as the server framed it, decoded from gzip when the probe asked for it; close the exchange */
  InputStream body() throws IOException {
    InputStream framed;
    if (!bodyExpected()) {
      framed = InputStream.nullInputStream();
    } else if (isChunked()) {
      framed = new ChunkedBody(in);
    } else {
      List<String> lengths = headers.get("content-length");
      if (lengths != null && !lengths.isEmpty()) {
        long length = -1;
        for (String l : lengths) {
          long parsed;
          try {
            parsed = Long.parseLong(l.trim());
          } catch (NumberFormatException e) {
            throw new ProtocolException("invalid Content-Length: " + l);
          }
          if (parsed < 0 || (length >= 0 && parsed != length)) {
            throw new ProtocolException("invalid Content-Length: " + lengths);
          }
          length = parsed;
        }
        framed = new FixedBody(in, length);
      } else {
        framed = new CloseDelimitedBody(in);
      }
    }
    if (decoded()) {
      return new GZIPInputStream(framed, 8 * 1024);
    }
    return framed;
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
    if (r.transparentGzip()) {
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
    // "HTTP/1.1 200 OK"; the reason phrase may be empty or absent.
    if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' ') {
      throw new ProtocolException("unexpected status line: " + abbreviate(line));
    }
    char minor = line.charAt(7);
    if (minor != '0' && minor != '1') {
      throw new ProtocolException("unexpected status line: " + abbreviate(line));
    }
    minorVersion[0] = minor - '0';
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("unexpected status line: " + abbreviate(line));
      }
      code = code * 10 + (c - '0');
    }
    if (line.length() > 12 && line.charAt(12) != ' ') {
      throw new ProtocolException("unexpected status line: " + abbreviate(line));
    }
    return code;
  }

  private static Map<String, List<String>> readHeaders(WireInput in, int budget) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int left = budget;
    while (true) {
      String line = in.readLine(left);
      if (line == null) {
        throw new EOFException("unexpected end of stream while reading the response headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      left -= line.length() + 2;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
          continue; // obsolete line folding: ignored, as most clients do
        }
        throw new ProtocolException("malformed response header: " + abbreviate(line));
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
  }

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

    /**
     * Reads a line ended by LF (a CR before it is dropped), in ISO-8859-1.
     *
     * @param max the longest line accepted
     * @return the line, or null when the stream ends before its first byte
     */
    @Nullable String readLine(int max) throws IOException {
      StringBuilder sb = null;
      int start = pos;
      while (true) {
        for (int i = pos; i < limit; i++) {
          if (buf[i] == '\n') {
            int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
            String part = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
            pos = i + 1;
            if (sb == null) {
              return part;
            }
            sb.append(part);
            int len = sb.length();
            if (len > 0 && sb.charAt(len - 1) == '\r' && end == i) {
              sb.setLength(len - 1); // the CR arrived in the previous read
            }
            return sb.toString();
          }
        }
        if (sb == null) {
          sb = new StringBuilder(Math.max(64, limit - start));
        }
        sb.append(new String(buf, start, limit - start, StandardCharsets.ISO_8859_1));
        if (sb.length() > max) {
          throw new ProtocolException("response head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        pos = limit;
        if (!fill()) {
          if (sb.isEmpty()) {
            return null;
          }
          throw new EOFException("unexpected end of stream in the middle of a line");
        }
        start = 0;
      }
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
          String crlf = in.readLine(MAX_LINE);
          if (crlf == null || !crlf.isEmpty()) {
            throw new ProtocolException("malformed chunked body: no line end after a chunk");
          }
        }
        String sizeLine = in.readLine(MAX_LINE);
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
          String trailer;
          while ((trailer = in.readLine(MAX_LINE)) != null && !trailer.isEmpty()) {
            // Trailers carry nothing a check reads.
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
