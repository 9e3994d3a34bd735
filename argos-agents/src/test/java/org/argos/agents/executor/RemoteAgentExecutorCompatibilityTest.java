package org.argos.agents.executor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.argos.agents.agent.Agent;
import org.argos.agents.protocol.AgentProtocol;
import org.argos.agents.protocol.Json;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.Store;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.ExecutorCompatibilityKit;
import org.jspecify.annotations.Nullable;

/**
 * The remote-agent executor keeps the executor contract with a real agent: each test starts, in this JVM, our
 * {@link Agent} running the kit's runner, polling over real HTTP on loopback a minimal server that answers
 * {@code GET /api/tasks} and {@code POST /api/results} with the transport-independent protocol classes (as the
 * daemon's routes do). The server cannot interrupt an agent's run, and results come back one polling interval late
 * at worst.
 */
class RemoteAgentExecutorCompatibilityTest extends ExecutorCompatibilityKit {
  /** How long the agent sleeps after a poll that brought nothing. */
  private static final Duration POLL = Duration.ofMillis(50);
  /**
   * Takes the agent's word, as a check that does not override {@code Check#judgeReport} does: the kit's sites carry
   * placeholder parameters ({@code body-contains 200}) that the real checks would refuse, and the kit compares the
   * runner's verdicts with what came back.
   */
  private static final RemoteAgentExecutor.Judge JUDGE = (check, report) -> report.defaultResult();

  private @Nullable Store store;

  @Override
  protected ProbeExecutor createExecutor(GroupRunner runner) throws IOException {
    RemoteAgentExecutor executor = new RemoteAgentExecutor(grace(), 1_000);
    AgentEndpoints server = new AgentEndpoints(executor, n -> Objects.requireNonNull(store).reserveResultIds(n));
    // Asks for more tasks than the kit runs at once (each group has two), so one poll can take them all.
    Agent agent = new Agent(server.url(), "kit-token", "kit-agent", 4 * concurrency() * 2, POLL, runner,
        Clock.systemUTC());
    Thread polling = Thread.ofPlatform().name("kit-agent").start(agent::run);
    return new WithAgent(executor, agent, polling, server);
  }

  @Override
  protected Store createStore() {
    InMemoryStore s = new InMemoryStore();
    store = s;
    return s;
  }

  @Override
  protected Duration grace() {
    return Duration.ofMillis(500);
  }

  @Override
  protected Duration slack() {
    return super.slack().plus(POLL);
  }

  @Override
  protected boolean interruptsAbandonedRuns() {
    return false; // the agent abandons a run on its own clock; the server cannot reach it
  }

  /** {@code GET /api/tasks} and {@code POST /api/results} on loopback, as the daemon serves them, without auth. */
  static final class AgentEndpoints implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    AgentEndpoints(RemoteAgentExecutor executor, java.util.function.IntFunction<List<Long>> reserve)
        throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.setExecutor(handlers);
      http.createContext("/api/tasks", ex -> {
        Map<String, String> q = query(ex);
        var handed = executor.take(q.get("agent_id"), credential(ex), Integer.parseInt(q.get("limit")));
        send(ex, 200, Json.write(AgentProtocol.tasks(handed, id -> 0)));
      });
      http.createContext("/api/results", ex -> {
        List<AgentProtocol.Posted> posted;
        try {
          posted = AgentProtocol.parseResults(Json.MAPPER.readTree(ex.getRequestBody()));
        } catch (AgentProtocol.BadPayload e) {
          send(ex, 400, Json.write(Map.of("field", e.field, "message", e.getMessage())));
          return;
        }
        RemoteAgentExecutor.Completion c = executor.complete(query(ex).get("agent_id"), credential(ex), posted,
            JUDGE, reserve);
        send(ex, 201, Json.write(Map.of("result_ids", c.accepted().stream()
            .map(RemoteAgentExecutor.Accepted::resultId).filter(Objects::nonNull).toList())));
      });
      http.start();
    }

    String url() {
      return "http://" + http.getAddress().getHostString() + ":" + http.getAddress().getPort() + "/";
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

  /** The executor, whose {@code close} also stops the agent and then the server. */
  private record WithAgent(RemoteAgentExecutor executor, Agent agent, Thread polling, AgentEndpoints server)
      implements ProbeExecutor {
    @Override
    public void start(ExecutorContext context) {
      executor.start(context);
    }

    @Override
    public int capacity() {
      return executor.capacity();
    }

    @Override
    public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
      return executor.execute(group);
    }

    @Override
    public void close() {
      executor.close();
      agent.close();
      try {
        polling.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.close();
    }
  }
}
