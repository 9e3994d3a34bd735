package org.argos.checks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP backends on several loopback addresses (127.0.0.2, 127.0.0.3...) sharing one port, as a round-robin name's
 * servers do: each answers 200 after holding the connection a while, and counts its connections, the concurrent ones
 * (from the accept to the answer) and the most at once. Public for the probe's tests in {@code org.argos.checks.http}.
 */
public final class LoopbackBackends implements AutoCloseable {
  /** One backend's counts. */
  public static final class Counts {
    public final AtomicInteger served = new AtomicInteger();
    public final AtomicInteger current = new AtomicInteger();
    public final AtomicInteger max = new AtomicInteger();
    public final List<String> hosts = java.util.Collections.synchronizedList(new ArrayList<>());
  }

  private final List<ServerSocket> sockets = new ArrayList<>();
  public final Map<String, Counts> counts = new LinkedHashMap<>();
  public final int port;

  /**
   * @param hold how long each connection is held before the answer (so that probes overlap)
   * @param addresses the loopback addresses to serve on
   */
  public LoopbackBackends(Duration hold, String... addresses) throws IOException {
    int p = 0;
    for (int attempt = 0; attempt < 20 && sockets.isEmpty(); attempt++) {
      try {
        for (String a : addresses) {
          ServerSocket s = new ServerSocket();
          sockets.add(s);
          s.bind(new InetSocketAddress(InetAddress.getByName(a), p), 200);
          p = s.getLocalPort();
        }
      } catch (BindException e) { // the port of the first is taken on another address: try another one
        for (ServerSocket s : sockets) {
          s.close();
        }
        sockets.clear();
        p = 0;
      }
    }
    if (sockets.isEmpty()) {
      throw new IOException("no common free port on " + List.of(addresses));
    }
    this.port = p;
    for (ServerSocket s : sockets) {
      Counts c = new Counts();
      counts.put(s.getInetAddress().getHostAddress(), c);
      Thread.ofVirtual().name("backend-" + s.getInetAddress().getHostAddress()).start(() -> accept(s, c, hold));
    }
  }

  private static void accept(ServerSocket server, Counts c, Duration hold) {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread.ofVirtual().start(() -> {
        // counted from the accept to just before the answer: within the time the probe holds its permit whatever the
        // scheduling, so the most at once here never overstates the probes' concurrency
        int now = c.current.incrementAndGet();
        c.max.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try (s) {
          c.hosts.add(host(s));
          Thread.sleep(hold); // a slow backend, so that probes overlap (no time logic depends on it)
          c.current.decrementAndGet();
          counted = false;
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          c.served.incrementAndGet();
        } catch (IOException | InterruptedException e) {
          // the probe went away
        } finally {
          if (counted) {
            c.current.decrementAndGet();
          }
        }
      });
    }
  }

  /** Reads the request head and returns its Host header. */
  private static String host(Socket s) throws IOException {
    StringBuilder head = new StringBuilder();
    var in = s.getInputStream();
    while (!head.toString().endsWith("\r\n\r\n") && head.length() < 16_384) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    for (String line : head.toString().split("\r\n")) {
      if (line.regionMatches(true, 0, "host:", 0, 5)) {
        return line.substring(5).trim();
      }
    }
    return "";
  }

  public Counts at(String address) {
    return counts.get(address);
  }

  @Override
  public void close() throws IOException {
    for (ServerSocket s : sockets) {
      s.close();
    }
  }
}
