package org.argos.testkit;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.argos.api.ResultStatus;
import org.argos.api.Site;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.Store;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ProbeExecutor} keeps, as an abstract JUnit 5 suite. An executor runs it with a small
 * subclass:
 *
 * <pre>{@code
 * class MyExecutorCompatibilityTest extends ExecutorCompatibilityKit {
 *   protected ProbeExecutor createExecutor(GroupRunner runner) { return new MyExecutor(...); }
 *   protected Store createStore() { return new InMemoryStore(); }
 *   protected Duration grace() { return Duration.ofMillis(500); }
 * }
 * }</pre>
 *
 * <p>The groups are real: registered in the subclass's store and claimed from it, and their outcomes are completed
 * back into it. They are run by a runner of the kit's ({@link GroupRunner}) whose behaviour depends on the group's
 * domain, so that it does the same wherever the executor runs it: the kit gives it to the executor in
 * {@link ProbeExecutor#start} and to {@link #createExecutor}, for an executor whose groups run elsewhere (a remote
 * agent) to run them with.
 *
 * <p>What it checks: every group handed is run exactly once and its stage completes, normally, with the runner's
 * outcome (which the store accepts); groups handed from several threads run at once; a run that throws (an exception,
 * an error, an {@link InterruptedException}) is isolated and still gives an outcome for each task; a run past its
 * request's timeout is abandoned within {@link #grace()} and interrupted; {@link ProbeExecutor#close()} returns once
 * every run in flight and every group waiting has completed, leaves no thread behind, and no group handed after it is
 * run.
 *
 * <p>An executor whose groups run elsewhere (remote agents) starts, in {@link #createExecutor}, what runs them (an
 * agent in the same JVM, over real HTTP) with the given runner in place of its own probe and checks; returns an
 * executor whose {@code close} also stops that agent (the kit checks that no thread is left); returns false from
 * {@link #interruptsAbandonedRuns()} when the server cannot interrupt an agent's run; and widens {@link #slack()} by
 * the agent's polling interval. Outcomes are compared by each task's status, severity and message, which survive the
 * round trip.
 */
public abstract class ExecutorCompatibilityKit {
  private final List<ProbeExecutor> opened = new ArrayList<>();
  private @Nullable Store store;
  private int sites;

  /** The runner of the current test. */
  private ScriptedRunner runner = new ScriptedRunner();

  /**
   * @param runner the runner the executor's groups must be run with; an in-process executor gets it again in
   *     {@link ProbeExecutor#start}, an executor that runs groups elsewhere gives it to what runs them
   * @return a new executor, not started; the kit starts and closes it
   * @throws Exception if it cannot be created
   */
  protected abstract ProbeExecutor createExecutor(GroupRunner runner) throws Exception;

  /**
   * @return a new, empty store the kit registers its sites in and claims its groups from; the kit closes it
   * @throws Exception if it cannot be created
   */
  protected abstract Store createStore() throws Exception;

  /** @return how long past its request's timeout the executor lets a run go before abandoning it */
  protected abstract Duration grace();

  /** @return how many groups the executor runs at once, at least (the kit checks that many run together); 16 */
  protected int concurrency() {
    return 16;
  }

  /** @return how much later than promised the kit lets a stage complete or a call return; 5 s by default */
  protected Duration slack() {
    return Duration.ofSeconds(5);
  }

  /**
   * @return whether a run abandoned past its timeout is interrupted where it runs (true by default); an executor
   *     whose runs happen out of its reach returns false
   */
  protected boolean interruptsAbandonedRuns() {
    return true;
  }

  @BeforeEach
  final void newRunner() {
    runner = new ScriptedRunner();
  }

  @AfterEach
  final void closeEverything() {
    runner.release.countDown();
    try {
      for (ProbeExecutor e : opened) {
        e.close();
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  /** @return a started executor with the current runner, closed after the test */
  private ProbeExecutor started() throws Exception {
    ProbeExecutor executor = createExecutor(runner);
    opened.add(executor);
    executor.start(new ExecutorContext(runner, Clock.systemUTC()));
    return executor;
  }

  /**
   * Registers one site per domain and claims their groups.
   *
   * @param kind the runner's behaviour (the first word of each domain)
   * @param count how many groups
   * @param timeout each request's timeout
   * @return the claimed groups
   */
  private List<ClaimedGroup> claim(String kind, int count, Duration timeout) throws Exception {
    // One store per test, so that group ids (which the runner counts runs by) are distinct.
    Store store = this.store;
    if (store == null) {
      store = createStore();
      this.store = store;
    }
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      Site s = site("https://" + kind + "-" + (sites++) + ".kit.test", "status-is", "body-contains").toBuilder()
          .timeout(timeout).build();
      store.register(plan(s, now), now);
    }
    List<ClaimedGroup> groups = store.claimDue("kit", now, now, count, now.plusSeconds(3600));
    assertThat(groups).as("groups claimed from the store").hasSize(count);
    return groups;
  }

  private static Map<ClaimedGroup, CompletionStage<GroupOutcome>> executeAll(ProbeExecutor executor,
      List<ClaimedGroup> groups) {
    Map<ClaimedGroup, CompletionStage<GroupOutcome>> stages = new LinkedHashMap<>();
    for (ClaimedGroup g : groups) {
      stages.put(g, executor.execute(g));
    }
    return stages;
  }

  /** Waits for a stage, which must complete normally within the bound. */
  private static GroupOutcome await(CompletionStage<GroupOutcome> stage, Duration bound, ClaimedGroup group)
      throws Exception {
    GroupOutcome outcome;
    try {
      outcome = stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the stage of " + group.domain() + " did not complete within " + bound, e);
    }
    assertThat(outcome).as("outcome of %s", group.domain()).isNotNull();
    assertThat(outcome.groupId()).as("outcome of %s names its group", group.domain()).isEqualTo(group.groupId());
    assertThat(outcome.outcomes()).as("one outcome per task of %s", group.domain())
        .extracting(TaskOutcome::taskId)
        .containsExactlyElementsOf(group.tasks().stream().map(t -> t.taskId()).toList());
    return outcome;
  }

  /** Asserts an outcome is the one the runner gave for its group. */
  private void assertAnswered(GroupOutcome outcome, ClaimedGroup group) {
    GroupOutcome answer = runner.answered.get(group.groupId());
    assertThat(answer).as("the runner's answer for %s", group.domain()).isNotNull();
    assertThat(verdicts(outcome)).as("the outcome of %s is the runner's", group.domain())
        .isEqualTo(verdicts(answer));
  }

  /**
   * What an outcome says of each task: its id, status, severity and message. An executor whose groups run elsewhere
   * rebuilds the outcome from what came back (with its own times, and context it adds), so only these are compared.
   */
  private static List<List<Object>> verdicts(GroupOutcome outcome) {
    return outcome.outcomes().stream().map(o -> List.<Object>of(o.taskId(), o.result().status(),
        o.result().severity(), o.result().message())).toList();
  }

  /** @return whether the outcome says what the runner answered for its group */
  private boolean isAnswer(GroupOutcome outcome) {
    GroupOutcome answer = runner.answered.get(outcome.groupId());
    return answer != null && verdicts(answer).equals(verdicts(outcome));
  }

  /** Asserts an outcome is not a success: the run did not finish, and every task says so. */
  private static void assertNotAnswered(GroupOutcome outcome, ClaimedGroup group) {
    assertThat(outcome.outcomes()).as("tasks of %s, whose run did not finish", group.domain())
        .allSatisfy(o -> assertThat(o.result().status()).isNotEqualTo(ResultStatus.SUCCESS));
  }

  private Duration runBound(Duration timeout) {
    return timeout.plus(grace()).plus(slack());
  }

  @Test
  void capacityIsPositive() throws Exception {
    assertThat(started().capacity()).isPositive();
  }

  @Test
  void everyGroupHandedIsRunOnceAndItsOutcomeReturned() throws Exception {
    ProbeExecutor executor = started();
    List<ClaimedGroup> groups = claim("ok", 60, Duration.ofSeconds(10));
    // handed from several scheduler threads at once
    Map<ClaimedGroup, CompletionStage<GroupOutcome>> stages = new java.util.concurrent.ConcurrentHashMap<>();
    try (ExecutorService handing = Executors.newFixedThreadPool(4)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> handed = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<ClaimedGroup> share = groups.subList(t * 15, t * 15 + 15);
        handed.add(handing.submit(() -> {
          go.await();
          for (ClaimedGroup g : share) {
            stages.put(g, executor.execute(g));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : handed) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    List<CompletedRun> completed = new ArrayList<>();
    for (ClaimedGroup g : groups) {
      GroupOutcome outcome = await(stages.get(g), runBound(Duration.ofSeconds(10)), g);
      assertAnswered(outcome, g);
      completed.add(new CompletedRun("kit", g, outcome));
    }
    assertThat(groups).as("each group is run exactly once").allSatisfy(g -> assertThat(runner.runsOf(g))
        .as(g.domain()).isEqualTo(1));
    assertThat(runner.runs).as("no other group is run").hasSize(groups.size());
    assertThat(java.util.Objects.requireNonNull(store).complete(completed, StorePlans.simpleRule()).results())
        .as("the store records every task's result").isEqualTo(2 * groups.size());
  }

  @Test
  void groupsRunAtTheSameTime() throws Exception {
    ProbeExecutor executor = started();
    int n = Math.min(concurrency(), executor.capacity());
    List<ClaimedGroup> groups = claim("wait", n, Duration.ofSeconds(60));
    Map<ClaimedGroup, CompletionStage<GroupOutcome>> stages = executeAll(executor, groups);
    assertThat(runner.waiting.tryAcquire(n, slack().toMillis() * 2, TimeUnit.MILLISECONDS))
        .as("%d groups run at the same time (%d started)", n, runner.waiting.availablePermits()).isTrue();
    runner.release.countDown();
    for (var e : stages.entrySet()) {
      assertAnswered(await(e.getValue(), slack(), e.getKey()), e.getKey());
    }
  }

  @Test
  void aRunThatThrowsIsIsolated() throws Exception {
    ProbeExecutor executor = started();
    List<ClaimedGroup> failing = new ArrayList<>(claim("throw", 2, Duration.ofSeconds(10)));
    failing.addAll(claim("error", 1, Duration.ofSeconds(10)));
    failing.addAll(claim("selfinterrupt", 2, Duration.ofSeconds(10)));
    List<ClaimedGroup> fine = claim("ok", 5, Duration.ofSeconds(10));
    Map<ClaimedGroup, CompletionStage<GroupOutcome>> stages = executeAll(executor, failing);
    stages.putAll(executeAll(executor, fine));
    for (ClaimedGroup g : failing) {
      assertNotAnswered(await(stages.get(g), runBound(Duration.ofSeconds(10)), g), g);
    }
    for (ClaimedGroup g : fine) {
      assertAnswered(await(stages.get(g), runBound(Duration.ofSeconds(10)), g), g);
    }
    // and the executor goes on working
    ClaimedGroup after = claim("ok", 1, Duration.ofSeconds(10)).get(0);
    assertAnswered(await(executor.execute(after), runBound(Duration.ofSeconds(10)), after), after);
  }

  @Test
  void aRunPastItsTimeoutIsAbandonedWithinTheGraceAndInterrupted() throws Exception {
    ProbeExecutor executor = started();
    Duration timeout = Duration.ofMillis(500);
    ClaimedGroup stuck = claim("stuck", 1, timeout).get(0);
    long start = System.nanoTime();
    GroupOutcome outcome = await(executor.execute(stuck), runBound(timeout), stuck);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertNotAnswered(outcome, stuck);
    assertThat(took).as("a run is not abandoned before its timeout").isGreaterThanOrEqualTo(
        timeout.multipliedBy(9).dividedBy(10));
    if (interruptsAbandonedRuns()) {
      long deadline = System.nanoTime() + slack().toNanos();
      while (runner.interrupted.get() == 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
      assertThat(runner.interrupted.get()).as("the abandoned run was interrupted").isEqualTo(1);
    }
  }

  @Test
  void closeEndsEveryGroupInFlightOrWaitingAndLeavesNoThread() throws Exception {
    Set<Thread> before = Threads.alive();
    ProbeExecutor executor = started();
    Duration timeout = Duration.ofSeconds(1);
    List<ClaimedGroup> waiting = claim("wait", Math.min(3 * concurrency(), executor.capacity() - 1), timeout);
    ClaimedGroup stuck = claim("stuck", 1, timeout).get(0);
    Map<ClaimedGroup, CompletionStage<GroupOutcome>> stages = executeAll(executor, waiting);
    stages.put(stuck, executor.execute(stuck));
    runner.waiting.tryAcquire(1, slack().toMillis(), TimeUnit.MILLISECONDS);

    CompletableFuture<Duration> closing = CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      executor.close();
      return Duration.ofNanos(System.nanoTime() - start);
    }, r -> Thread.ofPlatform().name("kit-close").start(r));
    Thread.sleep(200);
    runner.release.countDown(); // the waiting runs finish while close waits for them
    Duration took = closing.get(runBound(timeout).plus(slack()).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(took).as("close returns once its runs are done or abandoned").isLessThanOrEqualTo(runBound(timeout));

    for (var e : stages.entrySet()) {
      CompletableFuture<GroupOutcome> f = e.getValue().toCompletableFuture();
      assertThat(f.isDone()).as("the stage of %s is complete when close returns", e.getKey().domain()).isTrue();
      GroupOutcome outcome = await(f, Duration.ofMillis(1), e.getKey());
      // a run either finished (its answer) or was abandoned (also when it finished too late to count)
      if (!isAnswer(outcome)) {
        assertNotAnswered(outcome, e.getKey());
      }
      assertThat(runner.runsOf(e.getKey())).as("runs of %s", e.getKey().domain()).isLessThanOrEqualTo(1);
    }
    assertNotAnswered(stages.get(stuck).toCompletableFuture().get(), stuck);
    for (Thread t : runner.threads) {
      t.join(slack().toMillis());
      assertThat(t.isAlive()).as("thread %s that ran a group, after close", t).isFalse();
    }
    assertThat(Threads.leftSince(before, slack())).as("platform threads alive after close").isEmpty();
  }

  @Test
  void aGroupHandedAfterCloseIsNotRunAndEndsPromptly() throws Exception {
    ProbeExecutor executor = started();
    ClaimedGroup late = claim("ok", 1, Duration.ofSeconds(10)).get(0);
    executor.close();
    CompletionStage<GroupOutcome> stage;
    try {
      stage = executor.execute(late);
    } catch (IllegalStateException | RejectedExecutionException refused) {
      assertThat(runner.runsOf(late)).isZero();
      return; // refusing is fine: the scheduler stops handing groups before it closes the executor
    }
    assertNotAnswered(await(stage, slack(), late), late);
    assertThat(runner.runsOf(late)).as("runs of a group handed after close").isZero();
  }

  @Test
  void closeTwiceIsHarmless() throws Exception {
    ProbeExecutor executor = started();
    executor.close();
    executor.close();
  }
}
