package com.example.argos.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.argos.api.IpVersion;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import org.jspecify.annotations.Nullable;

/**
 * Talks SMTP (RFC 5321) just far enough to see a mail server is up: reads the 220 greeting, says {@code EHLO}, reads
 * the extensions it lists, says {@code QUIT}. The response's body is what the server said (at most
 * {@value #MAX_TRANSCRIPT} bytes), its attributes {@code smtp.banner}, {@code smtp.banner.code},
 * {@code smtp.ehlo.code} and {@code smtp.extensions} (one value per extension line, such as {@code SIZE 35882577}
 * or {@code STARTTLS}). Failures to talk are transport errors ({@code dns}, {@code no-address}, {@code connect},
 * {@code timeout}, {@code reset}, {@code protocol}). The request's timeout bounds the whole exchange. The option
 * {@code helo} sets the name said in {@code EHLO} ({@code argos.invalid} by default).
 */
final class SmtpProbe implements Probe {
  /** The most bytes of server replies kept (and read). */
  static final int MAX_TRANSCRIPT = 64 * 1024;
  /** The most lines one reply may have. */
  static final int MAX_LINES = 100;

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + request.timeout().toNanos();
    URI uri = URI.create(request.url());
    String host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : 25;
    if (host == null) {
      return failed(request, start, "protocol", "no host in " + request.url(), null);
    }
    InetAddress address;
    try {
      address = resolve(host.replace("[", "").replace("]", ""), request.ipVersion());
    } catch (UnknownHostException e) {
      return failed(request, start, e.getMessage() != null && e.getMessage().contains("no IPv") ? "no-address" : "dns",
          "could not resolve " + host + ": " + e.getMessage(), null);
    }
    ProbePeer peer = new ProbePeer(address.getHostAddress(), port, null);
    Transcript t = new Transcript();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
      Duration connected = Duration.ofNanos(System.nanoTime() - start);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Map<String, List<String>> attributes = new LinkedHashMap<>();
      Reply banner = t.reply(socket, in, deadline);
      attributes.put("smtp.banner.code", List.of(Integer.toString(banner.code())));
      attributes.put("smtp.banner", List.of(String.join(" ", banner.lines())));
      if (banner.code() == 220) {
        String helo = request.option("helo") != null ? request.option("helo") : "argos.invalid";
        out.write(("EHLO " + helo + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Reply ehlo = t.reply(socket, in, deadline);
        attributes.put("smtp.ehlo.code", List.of(Integer.toString(ehlo.code())));
        if (ehlo.code() == 250) {
          attributes.put("smtp.extensions", ehlo.lines().subList(1, ehlo.lines().size()));
        }
        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
          t.reply(socket, in, deadline); // 221, or a server that just closes: both fine
        } catch (IOException | ProtocolException ignored) {
          // the answer to QUIT does not change the verdict
        }
      }
      ProbeTimings timings = new ProbeTimings(null, connected, null, null, Duration.ofNanos(System.nanoTime() - start));
      return ProbeResponse.of(request, t.bytes(), t.truncated, List.of(), "smtp", timings, null, peer, attributes);
    } catch (ProtocolException e) {
      ProbeTimings timings = ProbeTimings.ofTotal(Duration.ofNanos(System.nanoTime() - start));
      return ProbeResponse.of(request, t.bytes(), t.truncated, List.of(), "smtp", timings,
          new TransportError("protocol", ProtocolException.class.getName(), e.getMessage()), peer, Map.of());
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("probe interrupted");
      }
      String kind = System.nanoTime() - deadline >= 0 || e instanceof SocketTimeoutException ? "timeout"
          : e instanceof ConnectException ? "connect" : "reset";
      return failed(request, start, kind, "smtp to " + peer.endpoint() + ": " + e.getMessage(), peer);
    }
  }

  private static InetAddress resolve(String host, IpVersion version) throws UnknownHostException {
    List<InetAddress> kept = new ArrayList<>();
    for (InetAddress a : InetAddress.getAllByName(host)) {
      if (version == IpVersion.IPV4 ? a instanceof Inet4Address : a instanceof Inet6Address) {
        kept.add(a);
      }
    }
    if (kept.isEmpty()) {
      throw new UnknownHostException(host + " has no IPv" + version.label() + " address");
    }
    return kept.get(0);
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (ms <= 0) {
      throw new SocketTimeoutException("no time left");
    }
    return (int) ms;
  }

  private static ProbeResponse failed(ProbeRequest request, long start, String kind, String message,
      @Nullable ProbePeer peer) {
    return ProbeResponse.failed(request, new TransportError(kind, "", message),
        ProbeTimings.ofTotal(Duration.ofNanos(System.nanoTime() - start)), peer);
  }

  /** One SMTP reply: its code and the text of each line. */
  record Reply(int code, List<String> lines) {}

  /** A reply that is not SMTP, too long, or cut short. */
  static final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message);
    }
  }

  /** What the server said, bounded; reads one reply at a time. */
  private static final class Transcript {
    private final byte[] buffer = new byte[MAX_TRANSCRIPT];
    private int size;
    boolean truncated;

    byte[] bytes() {
      return java.util.Arrays.copyOf(buffer, size);
    }

    Reply reply(Socket socket, InputStream in, long deadline) throws IOException, ProtocolException {
      List<String> lines = new ArrayList<>();
      int code = -1;
      while (lines.size() < MAX_LINES) {
        String line = line(socket, in, deadline);
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)
            || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
          throw new ProtocolException("not an SMTP reply: " + abbreviate(line));
        }
        code = Integer.parseInt(line.substring(0, 3));
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (line.length() == 3 || line.charAt(3) == ' ') {
          return new Reply(code, List.copyOf(lines));
        }
      }
      throw new ProtocolException("a reply of more than " + MAX_LINES + " lines (last code " + code + ")");
    }

    private String line(Socket socket, InputStream in, long deadline) throws IOException, ProtocolException {
      int from = size;
      while (true) {
        if (size == buffer.length) {
          truncated = true;
          throw new ProtocolException("the server said more than " + MAX_TRANSCRIPT + " bytes");
        }
        socket.setSoTimeout(remainingMillis(deadline));
        int b = in.read();
        if (b < 0) {
          throw new java.io.EOFException("the server closed the connection");
        }
        buffer[size++] = (byte) b;
        if (b == '\n') {
          int end = size - 1 > from && buffer[size - 2] == '\r' ? size - 2 : size - 1;
          return new String(buffer, from, end - from, StandardCharsets.UTF_8);
        }
      }
    }

    private static String abbreviate(String s) {
      return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
  }
}
