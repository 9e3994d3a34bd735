package org.argos.agents.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.executor.GroupRunner;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.spi.ProbeRequest;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.agents.protocol.AgentProtocol;
import org.argos.agents.protocol.Json;

/**
 * {@code argos agent}: pulls task groups from a server, runs each with the engine's {@link LocalGroupRunner} (the code
 * the server runs in process), and posts the results. Keeps up to {@code maxTasks} tasks in flight, asking for more
 * at once when it got some and has room, else after {@code waitTime}; on any error it retries after 1 to 2 seconds,
 * for ever, as Argos agents do. Works against an
 * Argos server too (its tasks carry no timeout: 60 s is used).
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final URI server;
  private final String token;
  private final String agentId;
  private final int maxTasks;
  private final Duration waitTime;
  private final GroupRunner runner;
  private final @Nullable CheckRegistry checks;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
  /** Guards the count of tasks in flight, and is notified when a group ends. */
  private final Object room = new Object();
  private int inFlight;
  private volatile boolean stopped;
  private volatile long posted;

  /**
   * An agent that runs its groups with the engine's runner, each task's request being what its check asks for.
   *
   * @param serverUrl the server's base URL ({@code /api/tasks} and {@code /api/results} are under it)
   * @param token the agent token, sent as a bearer token
   * @param agentId the id the agent gives itself ({@code agent_id})
   * @param maxTasks how many tasks it asks for at once
   * @param waitTime how long it sleeps after a poll that brought nothing
   * @param runner runs each group, as the server would in process
   * @param checks builds each task's check, for the request it needs
   * @param clock when groups start
   */
  public Agent(String serverUrl, String token, String agentId, int maxTasks, Duration waitTime, LocalGroupRunner runner,
      CheckRegistry checks, Clock clock) {
    this(serverUrl, token, agentId, maxTasks, waitTime, (GroupRunner) runner, checks, clock);
    this.schemes = Set.copyOf(runner.schemes());
  }

  /**
   * An agent that runs its groups with any runner in place of a probe and the checks, each task's request being the one
   * the task carries. What hands tasks to agents is tested with it: {@code ExecutorCompatibilityKit} runs its own
   * runner on an agent in the test's JVM, over real HTTP.
   *
   * @param serverUrl the server's base URL ({@code /api/tasks} and {@code /api/results} are under it)
   * @param token the agent token, sent as a bearer token
   * @param agentId the id the agent gives itself ({@code agent_id})
   * @param maxTasks how many tasks it asks for at once
   * @param waitTime how long it sleeps after a poll that brought nothing
   * @param runner runs each group and says what an abandoned group's tasks get
   * @param clock when groups start
   */
  public Agent(String serverUrl, String token, String agentId, int maxTasks, Duration waitTime, GroupRunner runner,
      Clock clock) {
    this(serverUrl, token, agentId, maxTasks, waitTime, runner, null, clock);
  }

  private Agent(String serverUrl, String token, String agentId, int maxTasks, Duration waitTime, GroupRunner runner,
      @Nullable CheckRegistry checks, Clock clock) {
    String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    this.server = URI.create(base + "/");
    this.token = token;
    this.agentId = agentId;
    this.maxTasks = maxTasks;
    this.waitTime = waitTime;
    this.runner = runner;
    this.checks = checks;
    this.clock = clock;
  }

  private volatile String location = org.argos.api.Quorum.DEFAULT_LOCATION;
  private volatile Set<String> schemes = Set.of("http", "https");

  /**
   * Says which schemes this agent probes: sent as {@code ?schemes=http,https,tcp} with each request (upstream Argos
   * servers ignore it and hand out http(s) tasks only), so the server may hand it groups of those schemes. An agent
   * built with a {@link LocalGroupRunner} says what its probes serve; call before {@link #run()}.
   *
   * @param schemes lower-case schemes
   * @return this
   */
  public Agent schemes(Set<String> schemes) {
    this.schemes = Set.copyOf(schemes);
    return this;
  }

  /**
   * Says where this agent checks from ({@code argos agent --location par1}, issue 19): sent as {@code ?location=} with
   * each request, which upstream Argos servers ignore. Call before {@link #run()}.
   *
   * @param location 1 to 40 characters among {@code a-z 0-9 _ . -}
   * @return this
   */
  public Agent location(String location) {
    this.location = org.argos.api.Quorum.checkName(location);
    return this;
  }

  /**
   * The query parameters every request carries: the agent's id, the schemes it probes unless they are http(s) only,
   * and its location unless it is the default.
   */
  private String identity() {
    String q = "agent_id=" + URLEncoder.encode(agentId, StandardCharsets.UTF_8);
    if (!schemes.equals(Set.of("http", "https"))) {
      q += "&schemes=" + URLEncoder.encode(String.join(",", new java.util.TreeSet<>(schemes)), StandardCharsets.UTF_8);
    }
    return location.equals(org.argos.api.Quorum.DEFAULT_LOCATION) ? q : q + "&location=" + location;
  }

  /**
   * Runs until {@link #close()} or interruption. Keeps up to {@code maxTasks} tasks in flight: it asks for more
   * whenever it has room, so that a slow group does not hold back the others, and posts each group's results as soon
   * as its run ends, several groups in one POST when they end while other POSTs are in flight.
   */
  public void run() {
    LOG.info("agent {} polling {} for up to {} tasks", agentId, org.argos.api.Redaction.url(server.toString()),
        maxTasks);
    while (!stopped && !Thread.currentThread().isInterrupted()) {
      try {
        int room = maxTasks - inFlight();
        if (room <= 0) {
          awaitRoom();
          continue;
        }
        Fetched f = fetch(room, longPoll());
        for (ClaimedGroup g : f.groups()) {
          start(g);
        }
        if (f.groups().isEmpty() && !f.waited()) {
          sleep(waitTime); // an upstream server, or one with too many polls waiting: it did not wait for us
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (stopped) {
          return;
        }
        LOG.warn("agent {}: {}; retrying", agentId, org.argos.api.Redaction.text(e.toString()));
        try {
          sleep(Duration.ofMillis(1000 + ThreadLocalRandom.current().nextInt(1000)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private int inFlight() {
    synchronized (room) {
      return inFlight;
    }
  }

  /** Waits until a group in flight ends, or {@code waitTime}. */
  private void awaitRoom() throws InterruptedException {
    synchronized (room) {
      if (inFlight >= maxTasks && !stopped) {
        room.wait(Math.max(1, waitTime.toMillis()));
      }
    }
  }

  /** Runs a group on its own (virtual) thread and posts its results when it ends. */
  private void start(ClaimedGroup g) {
    int tasks = g.tasks().size();
    synchronized (room) {
      inFlight += tasks;
    }
    try {
      probes.submit(() -> {
        GroupOutcome outcome;
        try {
          outcome = await(g, probes.submit(() -> runner.run(g)));
        } catch (InterruptedException | RuntimeException e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt(); // closing
          } else if (!stopped) {
            LOG.warn("agent {}: group {} could not be run: {}", agentId, g.groupId(),
                org.argos.api.Redaction.text(e.toString()));
          }
          freeRoom(tasks);
          return;
        }
        toPost(outcome, tasks);
      });
    } catch (RuntimeException e) {
      freeRoom(tasks);
      throw e; // closed meanwhile
    }
  }

  private void freeRoom(int tasks) {
    synchronized (room) {
      inFlight -= tasks;
      room.notifyAll();
    }
  }

  /** A group's results waiting to be posted, and the tasks it holds in flight until they are. */
  private record Finished(GroupOutcome outcome, int tasks) {}

  /** At most this many POSTs at once: with both in flight, results wait and go together in the next one. */
  static final int MAX_POSTERS = 2;
  /** The most groups one POST carries. */
  static final int MAX_POST_GROUPS = 500;
  /** Guarded by itself, with {@link #posters}. */
  private final ArrayDeque<Finished> toPost = new ArrayDeque<>();
  private int posters;

  /**
   * Queues a group's results for posting. A result goes at once when fewer than {@link #MAX_POSTERS} POSTs are in
   * flight; otherwise it waits and goes with every other waiting result in the next POST. So an idle agent adds no
   * delay, and a busy one sends one request per round trip rather than one per group (at 1,000 groups a second, one
   * POST each was the protocol's largest cost in the server).
   */
  private void toPost(GroupOutcome outcome, int tasks) {
    boolean start;
    synchronized (toPost) {
      toPost.add(new Finished(outcome, tasks));
      start = posters < MAX_POSTERS;
      if (start) {
        posters++;
      }
    }
    if (start) {
      try {
        probes.submit(this::postWaiting);
      } catch (RuntimeException e) { // closed meanwhile: nothing more is posted
        synchronized (toPost) {
          posters--;
        }
      }
    }
  }

  /** Posts what waits, batch after batch, until nothing does. */
  private void postWaiting() {
    while (true) {
      List<Finished> batch = new ArrayList<>();
      synchronized (toPost) {
        while (!toPost.isEmpty() && batch.size() < MAX_POST_GROUPS) {
          batch.add(toPost.poll());
        }
        if (batch.isEmpty()) {
          posters--;
          return;
        }
      }
      try {
        post(batch.stream().map(Finished::outcome).toList());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // closing
      } catch (Exception e) {
        if (!stopped) {
          LOG.warn("agent {}: results of {} groups not posted: {}", agentId, batch.size(),
              org.argos.api.Redaction.text(e.toString()));
        }
      } finally {
        freeRoom(batch.stream().mapToInt(Finished::tasks).sum());
      }
      if (Thread.currentThread().isInterrupted()) {
        synchronized (toPost) {
          posters--;
        }
        return;
      }
    }
  }

  private void sleep(Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (!stopped && System.nanoTime() < end) {
      Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  /**
   * One poll, all at once: fetch, run every group, post every result in one request.
   *
   * @return the number of tasks received
   */
  int once() throws IOException, InterruptedException {
    List<ClaimedGroup> groups = fetch(maxTasks);
    if (groups.isEmpty()) {
      return 0;
    }
    List<Future<GroupOutcome>> running = new ArrayList<>();
    for (ClaimedGroup g : groups) {
      running.add(probes.submit(() -> runner.run(g)));
    }
    List<GroupOutcome> outcomes = new ArrayList<>();
    int tasks = 0;
    for (int i = 0; i < groups.size(); i++) {
      outcomes.add(await(groups.get(i), running.get(i)));
      tasks += outcomes.get(i).outcomes().size();
    }
    post(outcomes);
    return tasks;
  }

  /** The groups a poll brought, and whether the server waited for them (a long poll). */
  private record Fetched(List<ClaimedGroup> groups, boolean waited) {}

  /**
   * How long the server may hold a poll that finds nothing: the wait time, at most the server's bound. Our server
   * then hands a group over when it comes due, instead of at our next poll after a sleep; an upstream server ignores
   * the parameter and answers at once.
   */
  private int longPoll() {
    long bound = org.argos.agents.executor.RemoteAgentExecutor.MAX_POLL_WAIT.toSeconds();
    return (int) Math.min(bound, Math.max(0, waitTime.toSeconds()));
  }

  /** @return the groups of the tasks the server handed out, up to {@code limit} tasks */
  private List<ClaimedGroup> fetch(int limit) throws IOException, InterruptedException {
    return fetch(limit, 0).groups();
  }

  private Fetched fetch(int limit, int waitSeconds) throws IOException, InterruptedException {
    String q = "api/tasks?limit=" + limit + "&" + identity() + (waitSeconds > 0 ? "&wait=" + waitSeconds : "");
    HttpResponse<String> r = http.send(request(q).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET /api/tasks answered " + r.statusCode() + ": " + r.body());
    }
    boolean waited = waitSeconds > 0 && r.headers().firstValue(AgentProtocol.WAITED_HEADER).isPresent();
    JsonNode tasks = Json.MAPPER.readTree(r.body());
    if (tasks.isEmpty()) {
      return new Fetched(List.of(), waited);
    }
    return new Fetched(AgentProtocol.groups(tasks, clock.instant(), this::requestFor), waited);
  }

  private void post(List<GroupOutcome> runs) throws IOException, InterruptedException {
    String body = Json.write(AgentProtocol.resultsOf(runs));
    int outcomes = runs.stream().mapToInt(r -> r.outcomes().size()).sum();
    HttpResponse<String> p = http.send(request("api/results?" + identity())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (p.statusCode() / 100 != 2) {
      throw new IOException("POST /api/results answered " + p.statusCode() + ": " + p.body());
    }
    synchronized (room) {
      posted += outcomes;
    }
  }

  /** The request a task's check needs (the engine plans the same way); a check we cannot build keeps the task's. */
  private ProbeRequest requestFor(CheckSpec check, ProbeRequest base) {
    CheckRegistry checks = this.checks;
    if (checks == null) {
      return base;
    }
    try {
      return checks.check(check).request(base);
    } catch (RuntimeException e) {
      return base; // the run reports the bad check as an error result
    }
  }

  /** Bounds each run by its request's timeout plus a grace, like the in-process executor. */
  private GroupOutcome await(ClaimedGroup g, Future<GroupOutcome> f) throws InterruptedException {
    Instant started = clock.instant();
    try {
      return f.get(g.request().timeout().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      String why = "timeout: the probe did not finish within " + g.request().timeout().toMillis() + " ms";
      return runner.abandoned(g, started, CheckResult.failure(why).with("error", Map.of("kind", "timeout", "class", "",
          "message", why)));
    } catch (ExecutionException e) {
      return runner.abandoned(g, started, CheckResult.error("the run failed: " + e.getCause()));
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("User-Agent", "Argos Panoptes agent (argos-java)");
  }

  /** @return how many results this agent posted and the server took (2xx) */
  public long posted() {
    return posted;
  }

  /**
   * Stops polling, interrupts the runs in flight and shuts the HTTP client down (its threads included), so that an
   * agent closed in a running JVM leaves nothing behind. {@link #run()} returns soon after.
   */
  @Override
  public void close() {
    stopped = true;
    synchronized (room) {
      room.notifyAll();
    }
    probes.shutdownNow();
    http.shutdownNow();
    try {
      if (!http.awaitTermination(Duration.ofSeconds(5))) {
        LOG.warn("agent {}: the HTTP client did not stop within 5 s", agentId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
