package org.argos.agents.executor;

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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.JsonLike;
import org.argos.api.Quorum;
import org.argos.api.executor.LocationUnavailable;
import org.argos.api.spi.AgentReport;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.GroupOutcome;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.agents.protocol.AgentProtocol;

/**
 * Leaves probing to remote agents: {@link #execute} parks a claimed group until an agent takes it
 * ({@code GET /api/tasks}) and posts a result for each of its tasks ({@code POST /api/results}). A group nobody takes,
 * or nobody answers, within its request timeout plus a grace is completed with {@link GroupRunner#abandoned} (results
 * already posted for some of its tasks are kept), so the scheduler never waits for ever.
 *
 * <p>Agents are offered only groups of the schemes they probe ({@link AgentSchemes}): upstream agents get
 * {@code http(s)} groups. A group of another scheme that no agent seen lately probes, or that no agent took in time,
 * runs in this process with the engine's runner (sites checked from the default location; a location's run waits for
 * an agent of that location as any other).
 *
 * <p>A result is accepted only from the agent holding its task: the agent id it was handed to, presenting the token
 * it was taken with. Agent ids are whatever agents say (a query parameter); tokens are the trust boundary, and binding
 * a task to its token keeps one token's holder from answering for tasks another token took.
 */
public final class RemoteAgentExecutor implements ProbeExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteAgentExecutor.class);
  /** How many agents the registry remembers; past it, the one seen longest ago is forgotten. */
  static final int AGENTS_CAP = 1_000;
  /** An agent not seen for this long is forgotten (Argos' no-agent alert fires long before). */
  static final Duration AGENTS_EXPIRY = Duration.ofDays(7);

  private final Duration grace;
  private final int capacity;
  private final Object lock = new Object();
  /** The lane of groups any agent may take: those checked from the default location alone. */
  static final String ANY = "*";
  // every parked group, by lane and group id (a group checked from several locations is parked once per location)
  private final LinkedHashMap<String, Pending> waiting = new LinkedHashMap<>();
  // per lane, those no agent has taken yet, oldest first
  private final Map<String, ArrayDeque<Pending>> untaken = new HashMap<>();
  private final Map<String, Pending> byTask = new HashMap<>(); // by lane and task id
  private final AgentRegistry agentsSeen;
  private final ScheduledExecutorService timer;
  private volatile @Nullable GroupRunner runner;
  private volatile Clock clock = Clock.systemUTC();
  private volatile boolean closed;
  /** Long polls waiting for a group right now (guarded by {@link #lock}); parking adds a wake-up only when some wait. */
  private int pollsWaiting;

  /** The longest a poll may wait for a group ({@link #take(String, String, String, int, java.util.Set, Duration)}). */
  public static final Duration MAX_POLL_WAIT = Duration.ofSeconds(20);
  /** How many polls may wait at once; past it a poll answers at once, as without a wait. */
  public static final int MAX_POLLS_WAITING = 64;

  /**
   * @param grace how long past its request's timeout a group may wait for an agent, or for its results
   * @param capacity how many groups may be parked at once (the scheduler hands no more)
   */
  public RemoteAgentExecutor(Duration grace, int capacity) {
    this(grace, capacity, AGENTS_CAP, AGENTS_EXPIRY);
  }

  /**
   * @param grace how long past its request's timeout a group may wait for an agent, or for its results
   * @param capacity how many groups may be parked at once (the scheduler hands no more)
   * @param agentsCap how many agents {@link #agents()} remembers at most
   * @param agentsExpiry how long an agent not seen is remembered
   */
  public RemoteAgentExecutor(Duration grace, int capacity, int agentsCap, Duration agentsExpiry) {
    this.grace = grace;
    this.capacity = capacity;
    this.agentsSeen = new AgentRegistry(agentsCap, agentsExpiry);
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "argos-agent-timeouts");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
  }

  /** A task handed to an agent. */
  public record Handed(TaskRef task, ClaimedGroup group, Instant at, String agent) {}

  /** Why a posted result was not recorded; {@link #code} is what the API answers. */
  public enum Refusal {
    NOT_WAITING("not-waiting", "no task with this id is waiting for a result: unknown, never handed out, answered, or "
        + "timed out"),
    NOT_HANDED_OUT("not-handed-out", "the task is waiting, but no agent took it yet"),
    HELD_BY_ANOTHER_AGENT("held-by-another-agent", "the task was handed to another agent"),
    TAKEN_WITH_ANOTHER_TOKEN("taken-with-another-token", "the task was taken with another token"),
    ALREADY_ANSWERED("already-answered", "the task already has a result from this run");

    /** The reason as the API names it ({@code not-waiting}...). */
    public final String code;
    /** The reason in a sentence, for the agent's operator. */
    public final String why;

    Refusal(String code, String why) {
      this.code = code;
      this.why = why;
    }
  }

  /** A posted result recorded for its task, under its result row's id (null when the store does not reserve ids). */
  public record Accepted(long taskId, @Nullable Long resultId) {}

  /** A posted result that was not recorded, and why. */
  public record Ignored(long taskId, Refusal reason) {}

  /** What became of each posted result. */
  public record Completion(List<Accepted> accepted, List<Ignored> ignored) {}

  /** Judges an agent's report with the task's check, as the server's engine configures it. */
  public interface Judge {
    /**
     * @param check the task's check
     * @param report what the agent posted for it
     * @return the result to record
     */
    CheckResult judge(CheckSpec check, AgentReport report);
  }

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
    String scheme = group.request().scheme();
    if (!closed && p.lane.equals(ANY) && !AgentSchemes.isHttp(scheme)
        && !agentsSeen.serves(scheme, clock.instant().minus(limit(group)))) {
      return runHere(group, p.future);
    }
    synchronized (lock) {
      if (closed) { // checked under the lock that close() takes its snapshot under, so no group slips past it
        p.future.complete(runner().abandoned(group, clock.instant(), CheckResult.error("server shutting down")));
        return p.future;
      }
      waiting.put(key(p.lane, group.groupId()), p);
      untaken.computeIfAbsent(p.queue, k -> new ArrayDeque<>()).add(p);
      for (TaskRef t : group.tasks()) {
        byTask.put(p.key(t.taskId()), p);
      }
      if (pollsWaiting > 0) {
        lock.notifyAll(); // a long poll waits: it looks at its queues again
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
    if (closed) {
      return; // close() abandons every parked group itself, and its timer takes no more tasks
    }
    try {
      scheduleTimeout(p, why, handed);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile: close() abandons the group
    }
  }

  private void scheduleTimeout(Pending p, String why, @Nullable Instant handed) {
    timer.schedule(() -> {
      synchronized (lock) {
        if (p.future.isDone() || p.handedAt != handed) {
          return; // answered, or handed out since: a later timer watches it
        }
      }
      abandon(p, why);
    }, limit(p.group).toMillis(), TimeUnit.MILLISECONDS);
  }

  static String key(String lane, long id) {
    return lane + "/" + id;
  }

  /**
   * Completes a group nobody finished: the results posted so far are kept, the other tasks get {@code why}. A run for
   * one location of several that no agent took leaves that location out of the verdict instead.
   */
  private void abandon(Pending p, String why) {
    Map<Long, TaskOutcome> answered;
    synchronized (lock) {
      forget(p);
      answered = Map.copyOf(p.results);
    }
    if (p.lane.equals(ANY) && p.handedAt == null && !closed && !AgentSchemes.isHttp(p.group.request().scheme())) {
      runHere(p.group, p.future); // no agent took it: this process probes it
      return;
    }
    if (!p.lane.equals(ANY) && p.handedAt == null && !closed) {
      if (p.future.completeExceptionally(new LocationUnavailable(p.lane, "no agent of location " + p.lane
          + " took the run within " + limit(p.group).toSeconds() + " s"))) {
        LOG.info("group {} ({}) not run in {}: no agent there took it", p.group.groupId(), p.group.request().url(),
            p.lane);
      }
      return;
    }
    Instant started = p.handedAt != null ? p.handedAt : clock.instant();
    CheckResult r = CheckResult.error(why).with("error", Map.of("kind", "agent-timeout", "class", "", "message", why));
    GroupOutcome all = runner().abandoned(p.group, started, r);
    List<TaskOutcome> outcomes = all.outcomes().stream().map(o -> answered.getOrDefault(o.taskId(), o)).toList();
    if (p.future.complete(new GroupOutcome(all.groupId(), all.startedAt(), all.finishedAt(), outcomes, p.peer))) {
      LOG.info("group {} ({}) abandoned: {}", p.group.groupId(), p.group.request().url(), why);
    }
  }

  private void forget(Pending p) {
    waiting.remove(key(p.lane, p.group.groupId()), p); // an abandoned untaken group leaves the queue lazily, in take()
    for (TaskRef t : p.group.tasks()) {
      byTask.remove(p.key(t.taskId()), p);
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
   * @param agent the agent's id
   * @param credential what identifies the token it presented (a digest, never the token): results must come with it
   * @return the tasks of those groups
   */
  public List<Handed> take(String agent, String credential, int limit) {
    return take(agent, Quorum.DEFAULT_LOCATION, credential, limit);
  }

  /**
   * Hands out up to {@code limit} waiting groups to an agent of a location: the runs for its location first, then
   * groups any agent may take (sites checked from the default location alone).
   *
   * @param agent the agent's id
   * @param location the agent's location ({@link Quorum#DEFAULT_LOCATION} for an agent that names none)
   * @param credential what identifies the token it presented (a digest, never the token): results must come with it
   * @param limit how many groups at most
   * @return the tasks of those groups
   */
  public List<Handed> take(String agent, String location, String credential, int limit) {
    return take(agent, location, credential, limit, AgentSchemes.HTTP);
  }

  /**
   * Hands out up to {@code limit} waiting groups of the given schemes to an agent of a location, as
   * {@link #take(String, String, String, int)} does.
   *
   * @param agent the agent's id
   * @param location the agent's location
   * @param credential what identifies the token it presented
   * @param limit how many groups at most
   * @param schemes the schemes its probes serve ({@link AgentSchemes#HTTP} for an agent that names none)
   * @return the tasks of those groups
   */
  public List<Handed> take(String agent, String location, String credential, int limit, java.util.Set<String> schemes) {
    return take(agent, location, credential, limit, schemes, Duration.ZERO).handed();
  }

  /**
   * What a poll got: the tasks handed out, and whether it was allowed to wait for them (a poll past
   * {@link #MAX_POLLS_WAITING} answers at once, and the agent should then sleep as after an empty poll).
   *
   * @param handed the tasks handed out, possibly none
   * @param waited true when the poll was allowed to wait (it waited unless tasks were there at once)
   */
  public record Poll(List<Handed> handed, boolean waited) {}

  /**
   * Hands out groups as {@link #take(String, String, String, int, java.util.Set)} does, but when none is waiting for
   * this agent, waits up to {@code wait} for one to come due (a long poll): an agent then starts a group when it comes
   * due instead of at its next poll, and polls far less often when there is little to do. At most
   * {@link #MAX_POLLS_WAITING} polls wait at once; the others answer at once.
   *
   * @param agent the agent's id
   * @param location the agent's location
   * @param credential what identifies the token it presented
   * @param limit how many groups at most
   * @param schemes the schemes its probes serve
   * @param wait how long to wait for a group when none is there, at most {@link #MAX_POLL_WAIT}; zero for none
   * @return the tasks handed out, and whether the poll could wait
   */
  public Poll take(String agent, String location, String credential, int limit, java.util.Set<String> schemes,
      Duration wait) {
    if (wait.isNegative() || wait.compareTo(MAX_POLL_WAIT) > 0) {
      throw new IllegalArgumentException("wait must be between 0 and " + MAX_POLL_WAIT.toSeconds() + " s, got "
          + wait);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    agentsSeen.seen(agent, location, schemes, clock.instant()); // before waiting: groups of its schemes come to it
    boolean mayWait = false;
    boolean counted = false;
    List<Pending> taken = new ArrayList<>();
    Instant now;
    try {
      synchronized (lock) {
        while (true) {
          now = clock.instant();
          takeFrom(location, schemes, limit, agent, credential, now, taken);
          long left = deadline - System.nanoTime();
          if (!taken.isEmpty() || closed || left <= 0) {
            break;
          }
          if (!counted) {
            if (pollsWaiting >= MAX_POLLS_WAITING) {
              break;
            }
            pollsWaiting++;
            counted = true;
            mayWait = true;
          }
          try {
            lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (counted) {
          pollsWaiting--;
        }
      }
    } finally {
      if (counted) {
        agentsSeen.seen(agent, location, schemes, clock.instant());
      }
    }
    List<Handed> out = new ArrayList<>();
    for (Pending p : taken) {
      schedule(p, "agent " + agent + " did not post a result within " + limit(p.group).toSeconds() + " s");
      for (TaskRef t : p.group.tasks()) {
        out.add(new Handed(t, p.group, now, agent));
      }
    }
    return new Poll(out, mayWait || (!taken.isEmpty() && !wait.isZero()));
  }

  /** @return how many long polls wait for a group now */
  public int pollsWaiting() {
    synchronized (lock) {
      return pollsWaiting;
    }
  }

  /** Moves up to {@code limit} untaken groups of the agent's lanes and schemes to {@code taken}; under the lock. */
  private void takeFrom(String location, java.util.Set<String> schemes, int limit, String agent, String credential,
      Instant now, List<Pending> taken) {
    for (String lane : new String[] {location, ANY}) {
      for (String key : AgentSchemes.queues(lane, schemes)) {
        ArrayDeque<Pending> queue = untaken.getOrDefault(key, new ArrayDeque<>());
        while (taken.size() < limit && !queue.isEmpty()) {
          Pending p = queue.poll();
          if (p.future.isDone()) {
            continue;
          }
          p.handedAt = now;
          p.agent = agent;
          p.credential = credential;
          taken.add(p);
        }
        if (queue.isEmpty()) {
          untaken.remove(key);
        }
      }
    }
  }

  /** @return true when the task is waiting for a result (from any agent, or from agents of any location) */
  public boolean knows(long taskId) {
    synchronized (lock) {
      return byTask.containsKey(key(ANY, taskId))
          || byTask.keySet().stream().anyMatch(k -> k.endsWith("/" + taskId));
    }
  }

  /** The run an agent of {@code location} answers for with this task id: its location's, else one any agent may take. */
  private @Nullable Pending pending(long taskId, String location) {
    Pending p = byTask.get(key(location, taskId));
    return p != null ? p : byTask.get(key(ANY, taskId));
  }

  /** @return why this agent's result for the task would be refused now, or null if it would be accepted */
  private @Nullable Refusal refusal(long taskId, String agent, String location, String credential) {
    Pending p = pending(taskId, location);
    if (p == null || p.future.isDone()) {
      return Refusal.NOT_WAITING;
    }
    if (p.agent == null) {
      return Refusal.NOT_HANDED_OUT;
    }
    if (!p.agent.equals(agent)) {
      return Refusal.HELD_BY_ANOTHER_AGENT;
    }
    if (!p.credential.equals(credential)) {
      return Refusal.TAKEN_WITH_ANOTHER_TOKEN;
    }
    return p.results.containsKey(taskId) ? Refusal.ALREADY_ANSWERED : null;
  }

  /**
   * Records results posted by an agent: those for tasks it holds are judged by their check ({@code judge}), get a
   * result id ({@code reserve}) and count for their group, which completes once every task has one; the others are
   * ignored, each with its reason.
   *
   * @param agent the posting agent's id
   * @param credential what identifies the token it presented, as given to {@link #take}
   * @param posted the results, in the order posted
   * @param judge decides the recorded status and severity of a report
   * @param reserve reserves that many result ids in the store (fewer, or none, when it cannot)
   * @return what became of each result
   */
  public Completion complete(String agent, String credential, List<AgentProtocol.Posted> posted, Judge judge,
      IntFunction<List<Long>> reserve) {
    return complete(agent, Quorum.DEFAULT_LOCATION, credential, posted, judge, reserve);
  }

  /**
   * Records results posted by an agent of a location, as {@link #complete(String, String, List, Judge, IntFunction)}
   * does; a task run in several locations takes the result for the agent's location.
   *
   * @param agent the posting agent's id
   * @param location the agent's location
   * @param credential what identifies the token it presented, as given to {@link #take}
   * @param posted the results, in the order posted
   * @param judge decides the recorded status and severity of a report
   * @param reserve reserves that many result ids in the store (fewer, or none, when it cannot)
   * @return what became of each result
   */
  public Completion complete(String agent, String location, String credential, List<AgentProtocol.Posted> posted,
      Judge judge, IntFunction<List<Long>> reserve) {
    agentsSeen.seen(agent, location, clock.instant());
    // First pass: which results this agent may post. Judging and reserving ids happen outside the lock (the store
    // is a database); the second pass checks again, as the tasks may have been answered or timed out meanwhile.
    List<AgentProtocol.Posted> candidates = new ArrayList<>();
    Map<Long, CheckSpec> checks = new HashMap<>();
    Map<Long, Pending> runs = new HashMap<>();
    Map<Long, Refusal> refused = new HashMap<>();
    synchronized (lock) {
      for (AgentProtocol.Posted r : posted) {
        Refusal why = refusal(r.taskId(), agent, location, credential);
        if (why != null) {
          refused.put(r.taskId(), why);
        } else {
          candidates.add(r);
          Pending p = pending(r.taskId(), location);
          runs.put(r.taskId(), p);
          p.group.tasks().stream().filter(t -> t.taskId() == r.taskId()).findFirst()
              .ifPresent(t -> checks.put(r.taskId(), t.check()));
        }
      }
    }
    List<Long> ids = candidates.isEmpty() ? List.of() : reserve.apply(candidates.size());
    Map<Long, TaskOutcome> judged = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      AgentProtocol.Posted r = candidates.get(i);
      CheckResult result = judge.judge(checks.get(r.taskId()), r.report()).withTimings(r.timings());
      judged.put(r.taskId(), new TaskOutcome(r.taskId(), result, i < ids.size() ? ids.get(i) : null, agent));
    }

    List<Accepted> accepted = new ArrayList<>();
    List<Ignored> ignored = new ArrayList<>();
    List<Pending> done = new ArrayList<>();
    synchronized (lock) {
      for (AgentProtocol.Posted r : posted) {
        // refused when posted, or since: answered by a concurrent post, or timed out
        Refusal why = refused.containsKey(r.taskId()) ? refused.get(r.taskId())
            : refusal(r.taskId(), agent, location, credential);
        if (why == null && pending(r.taskId(), location) != runs.get(r.taskId())) {
          why = Refusal.NOT_WAITING; // the run it was for timed out and its group runs again: a result for a past run
        }
        TaskOutcome o = judged.get(r.taskId());
        if (why != null) {
          ignored.add(new Ignored(r.taskId(), why));
          continue;
        }
        Pending p = pending(r.taskId(), location);
        p.results.put(r.taskId(), o);
        if (r.peer() != null) {
          p.peer = r.peer();
        }
        accepted.add(new Accepted(r.taskId(), o.resultId()));
        if (p.results.size() == p.group.tasks().size()) {
          done.add(p);
          forget(p);
        }
      }
    }
    Instant now = clock.instant();
    for (Pending p : done) {
      List<TaskOutcome> outcomes = p.group.tasks().stream().map(t -> p.results.get(t.taskId())).toList();
      p.future.complete(new GroupOutcome(p.group.groupId(), p.handedAt != null ? p.handedAt : now, now, outcomes, p.peer));
    }
    return new Completion(accepted, ignored);
  }

  /** @return groups waiting for an agent to take them */
  public int waitingGroups() {
    synchronized (lock) {
      return (int) untaken.values().stream().flatMap(ArrayDeque::stream).filter(p -> !p.future.isDone()).count();
    }
  }

  /** @return tasks handed out and not answered yet */
  public int selectedTasks() {
    synchronized (lock) {
      return waiting.values().stream().filter(p -> p.handedAt != null).mapToInt(p -> p.group.tasks().size()).sum();
    }
  }

  /** @return when each agent still remembered was last seen */
  public Map<String, Instant> agents() {
    return agentsSeen.all(clock.instant());
  }

  /** @return per location, when an agent of it was last seen (agents that name none are in {@code default}) */
  public Map<String, Instant> locations() {
    return agentsSeen.locations(clock.instant());
  }

  @Override
  public void close() {
    List<Pending> all;
    synchronized (lock) {
      closed = true;
      all = new ArrayList<>(waiting.values());
      lock.notifyAll(); // long polls answer now
    }
    if (runner != null) {
      all.forEach(p -> abandon(p, "server shutting down"));
    }
    timer.shutdownNow();
  }

  private CompletionStage<GroupOutcome> runHere(ClaimedGroup group, CompletableFuture<GroupOutcome> future) {
    return LocalRuns.run(runner(), group, future, clock, timer, limit(group));
  }

  /**
   * @param o a check parameter
   * @return its canonical JSON text, as tasks carry it in {@code expected_json}
   */
  public static String canonical(@Nullable Object o) {
    return JsonLike.canonical(o);
  }
}
