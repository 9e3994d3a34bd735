package org.argos.checks.rdap;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real RDAP server on loopback (the JDK's HTTP server): answers {@code GET /rdap/domain/<name>} with what the test
 * set for that name (404 for others), and counts requests per name. Some answers are hostile on purpose.
 */
final class RdapServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Supplier<Reply>> replies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  volatile String lastUserAgent;
  volatile String lastAccept;

  record Reply(int status, byte[] body, boolean stall) {}

  RdapServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/rdap/domain/", exchange -> {
      String name = exchange.getRequestURI().getPath().substring("/rdap/domain/".length());
      hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      lastUserAgent = exchange.getRequestHeaders().getFirst("User-Agent");
      lastAccept = exchange.getRequestHeaders().getFirst("Accept");
      Supplier<Reply> r = replies.get(name);
      Reply reply = r == null ? new Reply(404, "{\"errorCode\":404}".getBytes(StandardCharsets.UTF_8), false) : r.get();
      if (reply.stall()) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "application/rdap+json");
      exchange.sendResponseHeaders(reply.status(), reply.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      } catch (IOException clientGone) {
        // the client gave up (a cap or a timeout): expected in some tests
      }
    });
    server.start();
  }

  /** @return the base URL of this server's RDAP service, {@code http://127.0.0.1:port/rdap/} */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rdap/");
  }

  void answer(String domain, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    replies.put(domain, () -> new Reply(200, body, false));
  }

  void answer(String domain, int status, byte[] body) {
    replies.put(domain, () -> new Reply(status, body, false));
  }

  /** Answers {@code domain} with {@code json} once {@code gate} is opened (counted down). */
  void answerWhenOpen(String domain, String json, CountDownLatch gate) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    replies.put(domain, () -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Reply(200, body, false);
    });
  }

  void stall(String domain) {
    replies.put(domain, () -> new Reply(200, new byte[0], true));
  }

  int hits(String domain) {
    AtomicInteger n = hits.get(domain);
    return n == null ? 0 : n.get();
  }

  /** A domain object as registries send it, with an expiry event and a registrar entity. */
  static String domainObject(String name, String expiration, String registrar) {
    return """
        {"objectClassName": "domain", "ldhName": "%s", "rdapConformance": ["rdap_level_0"],
         "events": [{"eventAction": "registration", "eventDate": "2001-01-01T00:00:00Z"},
                    {"eventAction": "expiration", "eventDate": "%s"},
                    {"eventAction": "last update of RDAP database", "eventDate": "2026-12-01T00:00:00Z"}],
         "entities": [{"objectClassName": "entity", "handle": "292", "roles": ["registrar"],
                       "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "%s"]]]}]}
        """.formatted(name, expiration, registrar);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
