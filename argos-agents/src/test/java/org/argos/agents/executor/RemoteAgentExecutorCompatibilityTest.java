package org.argos.agents.executor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.argos.agents.agent.Agent;
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
    AgentEndpoints server = new AgentEndpoints(executor, JUDGE, n -> Objects.requireNonNull(store).reserveResultIds(n));
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
