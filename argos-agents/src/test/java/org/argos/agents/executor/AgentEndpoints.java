package org.argos.agents.executor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.argos.agents.protocol.AgentProtocol;
import org.argos.agents.protocol.Json;

/** {@code GET /api/tasks} and {@code POST /api/results} on loopback, as the daemon serves them, without auth. */
final class AgentEndpoints implements AutoCloseable {
  private final HttpServer http;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  /** The {@code POST /api/results} received. */
  final AtomicInteger posts = new AtomicInteger();
  /** How long each {@code POST /api/results} takes before it is read (a slow server, a long way). */
  volatile Duration postDelay = Duration.ZERO;

  AgentEndpoints(RemoteAgentExecutor executor, RemoteAgentExecutor.Judge judge, IntFunction<List<Long>> reserve)
      throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.setExecutor(handlers);
    http.createContext("/api/tasks", ex -> {
      Map<String, String> q = query(ex);
      var handed = executor.take(q.get("agent_id"), location(q), credential(ex), Integer.parseInt(q.get("limit")),
          AgentSchemes.parse(q.get("schemes")));
      send(ex, 200, Json.write(AgentProtocol.tasks(handed, id -> 0)));
    });
    http.createContext("/api/results", ex -> {
      posts.incrementAndGet();
      try {
        Thread.sleep(postDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<AgentProtocol.Posted> posted;
      try {
        posted = AgentProtocol.parseResults(Json.MAPPER.readTree(ex.getRequestBody()));
      } catch (AgentProtocol.BadPayload e) {
        send(ex, 400, Json.write(Map.of("field", e.field, "message", e.getMessage())));
        return;
      }
      RemoteAgentExecutor.Completion c = executor.complete(query(ex).get("agent_id"), location(query(ex)),
          credential(ex), posted, judge, reserve);
      send(ex, 201, Json.write(Map.of("result_ids", c.accepted().stream()
          .map(RemoteAgentExecutor.Accepted::resultId).filter(Objects::nonNull).toList())));
    });
    http.start();
  }

  String url() {
    return "http://" + http.getAddress().getHostString() + ":" + http.getAddress().getPort() + "/";
  }

  /** As the server's routes read it: upstream agents send no location and are in {@code default}. */
  private static String location(Map<String, String> q) {
    return q.getOrDefault("location", org.argos.api.Quorum.DEFAULT_LOCATION);
  }

  private static String credential(HttpExchange ex) {
    return String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    handlers.close();
  }
}

