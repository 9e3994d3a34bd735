package org.argos.checks.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.argos.api.IpVersion;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import org.argos.checks.http.HostResolver;
import org.argos.checks.internal.FamilyLookup;
import org.jspecify.annotations.Nullable;

/**
 * Probes {@code tcp://host:port}: resolves the host in the request's IP family, connects within the request's timeout,
 * then, when the request carries the option {@code send}, writes it ({@code \r}, {@code \n}, {@code \t} and
 * {@code \\} are unescaped), and when it carries {@code expect}, reads until that text is seen, the server closes, the
 * cap ({@value #MAX_READ} bytes) is reached or the time is up. The response has status 0, the bytes read as its body,
 * the address as its peer, the attributes {@code tcp.connected} ({@code true}) and {@code tcp.read-end}
 * ({@code expect}, {@code cap}, or absent when nothing was read), and transport failures with the HTTP probe's kinds:
 * {@code dns}, {@code no-address}, {@code connect}, {@code timeout} (also when the expected text did not come in
 * time), {@code reset} (also when the server closed before sending it), {@code io}. Without {@code expect} nothing is
 * read: connecting (and sending) is the whole probe.
 * Thread-safe; holds no resource between runs.
 */
public final class TcpProbe implements Probe {
  /** The most bytes read from a server. */
  public static final int MAX_READ = 64 * 1024;
  /** The option holding the bytes to send. */
  public static final String SEND = "send";
  /** The option holding the text to read until. */
  public static final String EXPECT = "expect";

  private final HostResolver resolver;

  /** A probe using the JVM's resolver. */
  public TcpProbe() {
    this(HostResolver.system());
  }

  /** @param resolver maps host names to addresses (tests map any name to loopback) */
  public TcpProbe(HostResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + request.timeout().toNanos();
    Timer timer = new Timer(start);
    URI uri;
    try {
      uri = URI.create(request.url());
    } catch (IllegalArgumentException e) {
      return failed(request, timer, "io", e, "not a valid URI: " + request.url(), null);
    }
    String host = uri.getHost();
    int port = uri.getPort();
    if (host == null || port < 1) {
      return failed(request, timer, "io", null, request.url() + " has no host and port (tcp://host:port)", null);
    }
    List<InetAddress> addresses;
    String pin = request.option(ADDRESS_OPTION); // addresses: all, one run per address
    try {
      if (pin != null) {
        InetAddress pinned = HostResolver.literal(pin, request.ipVersion());
        if (pinned == null) {
          return failed(request, timer, "invalid-request", null, "option " + ADDRESS_OPTION + " must be an IPv"
              + request.ipVersion().label() + " literal, got '" + (pin.length() > 80 ? pin.substring(0, 80) : pin)
              + "'", null);
        }
        addresses = List.of(pinned);
      } else {
        addresses = resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, request.ipVersion(),
            deadline);
      }
      timer.dns = timer.since();
    } catch (FamilyLookup.NoAddressException e) {
      return failed(request, timer, "no-address", e, e.getMessage(), null);
    } catch (FamilyLookup.DnsTimeoutException e) {
      return failed(request, timer, "timeout", e, e.getMessage(), null);
    } catch (UnknownHostException e) {
      throwIfInterrupted(e);
      return failed(request, timer, "dns", e, "could not resolve " + host + ": " + e.getMessage(), null);
    }
    IOException last = null;
    ProbePeer peer = null;
    for (InetAddress address : addresses) {
      peer = new ProbePeer(address.getHostAddress(), port, null);
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        timer.connect = timer.since();
        return talk(request, socket, timer, deadline, peer);
      } catch (IOException e) {
        throwIfInterrupted(e);
        last = e;
      } finally {
        closeQuietly(socket);
      }
    }
    if (last == null) {
      return failed(request, timer, "timeout", null, "no time left to connect to " + host + ":" + port, peer);
    }
    String kind = System.nanoTime() - deadline >= 0 ? "timeout" : kind(last);
    return failed(request, timer, kind, last, "could not connect to " + peer.endpoint() + ": " + last.getMessage(),
        peer);
  }

  private ProbeResponse talk(ProbeRequest request, Socket socket, Timer timer, long deadline, ProbePeer peer)
      throws InterruptedException {
    String send = request.option(SEND);
    String expect = request.option(EXPECT);
    Reading reading = new Reading();
    try {
      if (send != null) {
        socket.getOutputStream().write(unescape(send).getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
      }
      if (expect != null) {
        reading.until(socket, unescape(expect).getBytes(StandardCharsets.UTF_8), deadline, timer);
      }
    } catch (SocketTimeoutException e) {
      return timer.response(request, reading, new TransportError("timeout", e.getClass().getName(),
          "expected '" + expect + "' not received within " + request.timeout().toMillis() + " ms (got "
              + reading.size() + " bytes)"), peer);
    } catch (IOException e) {
      throwIfInterrupted(e);
      return timer.response(request, reading, new TransportError(kind(e), e.getClass().getName(),
          "connection to " + peer.endpoint() + ": " + e.getMessage()), peer);
    }
    if ("eof".equals(reading.end)) {
      return timer.response(request, reading, new TransportError("reset", "", "the server closed the connection after "
          + reading.size() + " bytes without sending '" + expect + "'" + excerpt(reading.bytes())), peer);
    }
    return timer.response(request, reading, null, peer);
  }

  /** The start of what a server sent, printable, for a message. */
  private static String excerpt(byte[] bytes) {
    if (bytes.length == 0) {
      return "";
    }
    String text = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(": ");
    text.codePoints().forEach(c -> b.append(c == '\r' ? "\\r" : c == '\n' ? "\\n" : Character.isISOControl(c) ? "?"
        : Character.toString(c)));
    return b.append(bytes.length > 120 ? "..." : "").toString();
  }

  /**
   * @param s an option as written ({@code PING\r\n})
   * @return it with {@code \r}, {@code \n}, {@code \t} and {@code \\} turned into their characters; other
   *     backslashes stay
   */
  public static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        String r = switch (n) {
          case 'r' -> "\r";
          case 'n' -> "\n";
          case 't' -> "\t";
          case '\\' -> "\\";
          default -> null;
        };
        if (r != null) {
          b.append(r);
          i++;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * The addresses of the host of the request's family, resolved as {@link #execute} resolves them, within the request's
   * timeout; none when the URI has no host or the name does not resolve. {@link #execute} honours
   * {@link #ADDRESS_OPTION}.
   */
  @Override
  public List<InetAddress> addresses(ProbeRequest request) throws InterruptedException {
    try {
      String host = URI.create(request.url()).getHost();
      if (host == null) {
        return List.of();
      }
      return resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, request.ipVersion(),
          System.nanoTime() + request.timeout().toNanos());
    } catch (IllegalArgumentException | UnknownHostException e) {
      return List.of(); // the probe run says why
    }
  }

  private List<InetAddress> resolve(String host, IpVersion version, long deadline)
      throws UnknownHostException, InterruptedException {
    return FamilyLookup.resolve(resolver, host, version, deadline, "argos-tcp-dns");
  }

  static String kind(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
        return "timeout";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "connect";
      }
      if (m.contains("reset") || m.contains("broken pipe") || t instanceof java.io.EOFException) {
        return "reset";
      }
    }
    return "io";
  }

  private static void throwIfInterrupted(Exception e) throws InterruptedException {
    if (Thread.currentThread().isInterrupted() || e instanceof java.nio.channels.ClosedByInterruptException) {
      InterruptedException ie = new InterruptedException("probe interrupted");
      ie.initCause(e);
      throw ie;
    }
  }

  private static ProbeResponse failed(ProbeRequest request, Timer timer, String kind, @Nullable Throwable e,
      @Nullable String message, @Nullable ProbePeer peer) {
    return ProbeResponse.failed(request, new TransportError(kind, e == null ? "" : e.getClass().getName(),
        message == null ? kind : message), timer.timings(), peer);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing was pending on it that matters
    }
  }

  /** Where the time went, measured from the probe's start. */
  private static final class Timer {
    final long start;
    @Nullable Duration dns;
    @Nullable Duration connect;
    @Nullable Duration firstByte;

    Timer(long start) {
      this.start = start;
    }

    Duration since() {
      return Duration.ofNanos(System.nanoTime() - start);
    }

    ProbeTimings timings() {
      return new ProbeTimings(dns, connect, null, firstByte, since());
    }

    ProbeResponse response(ProbeRequest request, Reading reading, @Nullable TransportError error, ProbePeer peer) {
      Map<String, List<String>> attributes = reading.end == null ? Map.of("tcp.connected", List.of("true"))
          : Map.of("tcp.connected", List.of("true"), "tcp.read-end", List.of(reading.end));
      return ProbeResponse.of(request, reading.bytes(), "cap".equals(reading.end), List.of(), null, timings(), error,
          peer, attributes);
    }
  }

  /** The bytes read so far, bounded by {@link #MAX_READ}. */
  private static final class Reading {
    private byte[] buffer = new byte[0];
    private int size;
    @Nullable String end;

    int size() {
      return size;
    }

    byte[] bytes() {
      return java.util.Arrays.copyOf(buffer, size);
    }

    void until(Socket socket, byte[] expect, long deadline, Timer timer) throws IOException {
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[4096];
      while (true) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new SocketTimeoutException("read timed out");
        }
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        int n = in.read(chunk, 0, Math.min(chunk.length, MAX_READ - size));
        if (n < 0) {
          end = "eof";
          return;
        }
        if (timer.firstByte == null) {
          timer.firstByte = timer.since();
        }
        int searchFrom = Math.max(0, size - expect.length + 1);
        append(chunk, n);
        if (indexOf(buffer, size, expect, searchFrom) >= 0) {
          end = "expect";
          return;
        }
        if (size >= MAX_READ) {
          end = "cap";
          return;
        }
      }
    }

    private void append(byte[] chunk, int n) {
      if (size + n > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_READ, Math.max(size + n, buffer.length * 2)));
      }
      System.arraycopy(chunk, 0, buffer, size, n);
      size += n;
    }

    private static int indexOf(byte[] hay, int length, byte[] needle, int from) {
      outer:
      for (int i = from; i + needle.length <= length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
