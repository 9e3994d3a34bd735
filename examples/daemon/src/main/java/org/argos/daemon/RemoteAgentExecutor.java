package org.argos.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.argos.api.CheckResult;
import org.argos.api.JsonLike;
import org.argos.api.spi.ClaimedGroup;
import org.argos.api.spi.ExecutorContext;
import org.argos.api.spi.GroupOutcome;
import org.argos.api.spi.GroupRunner;
import org.argos.api.spi.ProbeExecutor;
import org.argos.api.spi.TaskOutcome;
import org.argos.api.spi.TaskRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves probing to remote agents: {@link #execute} parks a claimed group until an agent takes it
 * ({@code GET /api/tasks}) and posts a result for each of its tasks ({@code POST /api/results}). A group nobody takes,
 * or nobody answers, within its request timeout plus a grace is completed with {@link GroupRunner#abandoned}, so the
 * scheduler never waits for ever.
 */
final class RemoteAgentExecutor implements ProbeExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteAgentExecutor.class);

  private final Duration grace;
  private final int capacity;
  private final Object lock = new Object();
  private final LinkedHashMap<Long, Pending> waiting = new LinkedHashMap<>(); // every parked group, by group id
  private final ArrayDeque<Pending> untaken = new ArrayDeque<>(); // those no agent has taken yet, oldest first
  private final Map<Long, Pending> byTask = new HashMap<>();
  private final Map<String, Instant> agentsSeen = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private volatile @Nullable GroupRunner runner;
  private volatile Clock clock = Clock.systemUTC();
  private volatile boolean closed;

  RemoteAgentExecutor(Duration grace, int capacity) {
    this.grace = grace;
    this.capacity = capacity;
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "argos-agent-timeouts");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
  }

  /** A group parked for agents, and what they answered so far. */
  static final class Pending {
    final ClaimedGroup group;
    final CompletableFuture<GroupOutcome> future = new CompletableFuture<>();
    final Map<Long, CheckResult> results = new HashMap<>();
    @Nullable Instant handedAt;
    @Nullable String agent;

    Pending(ClaimedGroup group) {
      this.group = group;
    }
  }

  /** A task handed to an agent. */
  record Handed(TaskRef task, ClaimedGroup group, Instant at, String agent) {}

  @Override
  public void start(ExecutorContext context) {
    this.runner = context.runner();
    this.clock = context.clock();
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
    Pending p = new Pending(group);
    if (closed) {
      p.future.complete(runner().abandoned(group, clock.instant(), CheckResult.error("server shutting down")));
      return p.future;
    }
    synchronized (lock) {
      waiting.put(group.groupId(), p);
      untaken.add(p);
      for (TaskRef t : group.tasks()) {
        byTask.put(t.taskId(), p);
      }
    }
    schedule(p, "no agent took the task within " + limit(group).toSeconds() + " s");
    return p.future;
  }

  private Duration limit(ClaimedGroup g) {
    return g.request().timeout().plus(grace);
  }

  private void schedule(Pending p, String why) {
    Instant handed = p.handedAt;
    timer.schedule(() -> {
      synchronized (lock) {
        if (p.future.isDone() || p.handedAt != handed) {
          return; // answered, or handed out since: a later timer watches it
        }
      }
      abandon(p, why);
    }, limit(p.group).toMillis(), TimeUnit.MILLISECONDS);
  }

  private void abandon(Pending p, String why) {
    synchronized (lock) {
      forget(p);
    }
    Instant started = p.handedAt != null ? p.handedAt : clock.instant();
    CheckResult r = CheckResult.error(why).with("error", Map.of("kind", "agent-timeout", "class", "", "message", why));
    if (p.future.complete(runner().abandoned(p.group, started, r))) {
      LOG.info("group {} ({}) abandoned: {}", p.group.groupId(), p.group.request().url(), why);
    }
  }

  private void forget(Pending p) {
    waiting.remove(p.group.groupId()); // an abandoned untaken group leaves the queue lazily, in take()
    for (TaskRef t : p.group.tasks()) {
      byTask.remove(t.taskId(), p);
    }
  }

  private GroupRunner runner() {
    GroupRunner r = runner;
    if (r == null) {
      throw new IllegalStateException("executor not started");
    }
    return r;
  }

  /**
   * Hands out up to {@code limit} waiting groups to an agent.
   *
   * @return the tasks of those groups
   */
  List<Handed> take(String agent, int limit) {
    Instant now = clock.instant();
    agentsSeen.put(agent, now);
    List<Pending> taken = new ArrayList<>();
    synchronized (lock) {
      while (taken.size() < limit && !untaken.isEmpty()) {
        Pending p = untaken.poll();
        if (p.future.isDone()) {
          continue;
        }
        p.handedAt = now;
        p.agent = agent;
        taken.add(p);
      }
    }
    List<Handed> out = new ArrayList<>();
    for (Pending p : taken) {
      schedule(p, "agent " + agent + " did not post a result within " + limit(p.group).toSeconds() + " s");
      for (TaskRef t : p.group.tasks()) {
        out.add(new Handed(t, p.group, now, agent));
      }
    }
    return out;
  }

  /** @return true when the task is waiting for a result (so a posted result for it is accepted) */
  boolean knows(long taskId) {
    synchronized (lock) {
      return byTask.containsKey(taskId);
    }
  }

  /**
   * Records results posted by an agent; completes each group whose tasks all have a result.
   *
   * @return how many results matched a waiting task (results for tasks abandoned meanwhile are dropped)
   */
  int complete(String agent, Map<Long, CheckResult> results) {
    agentsSeen.put(agent, clock.instant());
    List<Pending> done = new ArrayList<>();
    int accepted = 0;
    synchronized (lock) {
      for (var e : results.entrySet()) {
        Pending p = byTask.get(e.getKey());
        if (p == null || p.future.isDone()) {
          continue;
        }
        accepted++;
        p.results.put(e.getKey(), e.getValue());
        if (p.results.size() == p.group.tasks().size() && !done.contains(p)) {
          done.add(p);
          forget(p);
        }
      }
    }
    Instant now = clock.instant();
    for (Pending p : done) {
      List<TaskOutcome> outcomes = p.group.tasks().stream().map(t -> new TaskOutcome(t.taskId(), p.results.get(t.taskId())))
          .toList();
      p.future.complete(new GroupOutcome(p.group.groupId(), p.handedAt != null ? p.handedAt : now, now, outcomes));
    }
    return accepted;
  }

  /** @return groups waiting for an agent to take them */
  int waitingGroups() {
    synchronized (lock) {
      return (int) untaken.stream().filter(p -> !p.future.isDone()).count();
    }
  }

  /** @return tasks handed out and not answered yet */
  int selectedTasks() {
    synchronized (lock) {
      return waiting.values().stream().filter(p -> p.handedAt != null).mapToInt(p -> p.group.tasks().size()).sum();
    }
  }

  /** @return when each agent was last seen */
  Map<String, Instant> agents() {
    return Map.copyOf(agentsSeen);
  }

  @Override
  public void close() {
    closed = true;
    List<Pending> all;
    synchronized (lock) {
      all = new ArrayList<>(waiting.values());
    }
    if (runner != null) {
      all.forEach(p -> abandon(p, "server shutting down"));
    }
    timer.shutdownNow();
  }

  static String canonical(@Nullable Object o) {
    return JsonLike.canonical(o);
  }
}
