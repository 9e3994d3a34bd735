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
import java.util.List;
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
 *
 * <p>Its parts: {@link WireInput} reads the socket through one buffer, {@link ResponseHeads} parses the head as curl
 * does, {@link BodyFraming} delimits the body, {@link ContentDecoding} decodes it.
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
  private BodyFraming.@Nullable WireCap wireCap;

  private Http1Exchange(Socket socket, WireInput in, Outgoing request, int status, String protocol,
      ResponseHeads.Head head, List<X509Certificate> chain) {
    this.socket = socket;
    this.in = in;
    this.request = request;
    this.status = status;
    this.protocol = protocol;
    this.headers = head.headers();
    this.location = head.location();
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
        ProbeTls.takePresentedLeaf(); // nothing of an earlier handshake of this thread
        try {
          secure.startHandshake();
        } finally {
          recorder.presented(ProbeTls.takePresentedLeaf()); // a refused certificate has a fingerprint too
        }
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
        int code = ResponseHeads.parseStatusLine(statusLine, version);
        budget -= in.lineBytes;
        ResponseHeads.Head head;
        try {
          head = ResponseHeads.readHeaders(in, budget);
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
      // chunked is framing, undone by BodyFraming.ChunkedBody when it comes last; a repeated one ("chunked, chunked") is
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
      framed = new BodyFraming.ChunkedBody(in);
    } else {
      long length = contentLength();
      framed = length >= 0 ? new BodyFraming.FixedBody(in, length) : new BodyFraming.CloseDelimitedBody(in);
    }
    List<String> codings = codings();
    if (codings.isEmpty()) {
      return framed;
    }
    BodyFraming.WireCap capped = new BodyFraming.WireCap(framed, wireCap);
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
        recorder.connecting(address, port);
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

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing to do: the exchange is over either way.
    }
  }
}
