package org.argos.benchmarks.scenario;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** Small HTTP servers on loopback addresses (127.0.0.0/8), each answering every request; stopped to "kill" them. */
final class Backends implements AutoCloseable {
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final java.util.Set<Integer> hanging = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
  final AtomicLong requests = new AtomicLong();

  /**
   * Starts one server.
   *
   * @param address the IP literal to bind
   * @param port the port
   * @param status the status of each response (called once per request)
   * @return its index
   */
  int start(String address, int port, IntSupplier status) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 1024);
    s.setExecutor(threads);
    int index = servers.size();
    s.createContext("/", ex -> {
      if (hanging.contains(index)) {
        hang();
      }
      answer(ex, status.getAsInt());
    });
    s.start();
    servers.add(s);
    addresses.add(address + ":" + port);
    return servers.size() - 1;
  }

  private void answer(HttpExchange ex, int status) throws IOException {
    requests.incrementAndGet();
    byte[] body = ("<html><body>argos-scenario " + status + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html");
    ex.getResponseHeaders().set("Connection", "close");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** @return "address:port" of server i */
  String address(int i) {
    return addresses.get(i);
  }

  /** Holds the request until the servers close: the client connected, and waits for an answer that never comes. */
  private void hang() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes server i hang: it accepts connections and never answers (the probe times out). */
  void hang(int i) {
    hanging.add(i);
  }

  /** Stops server i at once: new connections are refused. */
  void kill(int i) {
    servers.get(i).stop(0);
  }

  @Override
  public void close() {
    closed.countDown();
    servers.forEach(s -> s.stop(0));
    threads.close();
  }
}
