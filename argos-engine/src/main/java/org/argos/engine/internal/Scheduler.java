package org.argos.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.argos.api.CheckResult;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that claims due groups from the store in batches (a little ahead of time), holds them until they are due
 * and hands them to the executor; the {@link ResultWriter} records the finished runs. Two bounds keep memory bounded:
 * <ul>
 *   <li>the groups handed to the executor and not yet recorded (running, or finished and waiting for the writer) are
 *       at most the executor's capacity: when the store is slow or away, results wait in memory and claiming stops, so
 *       nothing is lost;
 *   <li>the groups claimed ahead of their due time are at most {@value #WAITING_PER_CAPACITY} times that capacity.
 * </ul>
 * They are separate because they bound different things. Counted together, the look-ahead alone filled the executor's
 * capacity at capacity / look-ahead probes per second (10,000 / 2 s = 5,000/s with the defaults): past that rate a run
 * could only be claimed once an earlier one was recorded, every hiccup became start lag, and the lag never drained.
 * Now a full look-ahead only shortens how far ahead groups are claimed.
 *
 * <p>The scheduler starts and stops the writer, in this order at stop: no more claims, unstarted groups given back,
 * the executor closed (its runs finish), then the writer records what is left; the engine gives back its remaining
 * claims and closes the store after that.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final Duration FULL_RECHECK = Duration.ofMillis(250);
  /** The bound on groups claimed ahead of their due time, as a multiple of the executor's capacity. */
  static final int WAITING_PER_CAPACITY = 2;
  /** The longest pause between attempts while the store fails (claims, results, held alerts). */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final Store store;
  private final ProbeExecutor executor;
  private final GroupRunner runner;
  private final Clock clock;
  private final String node;
  private final Duration lookahead;
  private final Duration lease;
  private final int claimBatch;
  private final EngineMeters meters;
  private final Liveness liveness;
  private final WriteHealth writes;
  private final ResultWriter writer;
  private final HeldClaims claims;
  private final PriorityQueue<ClaimedGroup> waiting = new PriorityQueue<>((a, b) -> a.dueAt().compareTo(b.dueAt()));
  private volatile boolean running;
  private volatile boolean claimNow;
  /** Set when another live process uses this node id: claims stop for good (see {@link #stopClaiming()}). */
  private volatile boolean claimsStopped;
  private long claimFailures;
  private Thread schedulerThread;

  /**
   * @param store where groups are claimed
   * @param executor where probes run
   * @param runner builds outcomes for runs the executor could not do
   * @param clock time
   * @param node this node's id
   * @param lookahead how far ahead to claim
   * @param lease how long a claim lasts beyond its due time
   * @param claimBatch groups per claim
   * @param meters counters and the start lag
   * @param liveness where the loop reports that it goes round, and what it catches
   * @param writes told whether claims could be written
   * @param writer records the finished runs
   */
  public Scheduler(Store store, ProbeExecutor executor, GroupRunner runner, Clock clock, String node,
      Duration lookahead, Duration lease, int claimBatch, EngineMeters meters, Liveness liveness, WriteHealth writes,
      ResultWriter writer) {
    this.store = store;
    this.executor = executor;
    this.runner = runner;
    this.clock = clock;
    this.node = node;
    this.lookahead = lookahead;
    this.lease = lease;
    this.claimBatch = claimBatch;
    this.meters = meters;
    this.liveness = liveness;
    this.writes = writes;
    this.writer = writer;
    this.claims = new HeldClaims(store, node, meters);
  }

  /** Starts the scheduler thread and the writer's. */
  public synchronized void start() {
    running = true;
    schedulerThread = Thread.ofPlatform().name("argos-scheduler").daemon(true).start(this::scheduleLoop);
    writer.start(claims, schedulerThread);
  }

  /**
   * Stops claiming new groups for good (another live process has this node id); groups claimed already are still run
   * and recorded.
   */
  public void stopClaiming() {
    claimsStopped = true;
  }

  /** Asks the scheduler to look at the store now (a site was registered or rescheduled). */
  public void wakeUp() {
    claimNow = true;
    Thread t = schedulerThread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Stops claiming, gives back groups not started, waits for the executor's runs and has the writer record them.
   *
   * @param timeout how long to wait for the writer to record what is left
   */
  public void stop(Duration timeout) {
    running = false;
    Thread s = schedulerThread;
    if (s == null) {
      return;
    }
    LockSupport.unpark(s);
    join(s, timeout);
    executor.close();
    writer.stop(timeout); // ends once every held group is recorded, or at the timeout
  }

  static void join(Thread t, Duration d) {
    try {
      t.join(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void scheduleLoop() {
    Instant nextClaim = Instant.MIN;
    long errorsInARow = 0;
    while (running) {
      try {
        nextClaim = scheduleOnce(nextClaim);
        if (errorsInARow > 0) {
          liveness.recovered("scheduler", errorsInARow);
          errorsInARow = 0;
        }
      } catch (Throwable t) {
        // An Error here (out of memory, a plugin store's or executor's bug) must not end the thread while the rest
        // of the engine, and the host's HTTP server, go on as if it were checking.
        Duration pause = liveness.failed("scheduler", t, ++errorsInARow);
        if (pause == null) {
          break;
        }
        nextClaim = Instant.MIN;
        LockSupport.parkNanos(pause.toNanos());
      }
    }
    try {
      releaseUnstarted();
    } finally {
      // Only now may the writer end: a claim that was in flight when the stop began has dispatched its due groups,
      // whose runs the writer must still record (it ended at the first moment nothing was held, and they were lost).
      writer.schedulerDone();
    }
  }

  /** One round: dispatch what is due, claim more when there is room, sleep until the next thing to do. */
  private Instant scheduleOnce(Instant nextClaimAt) {
    Instant nextClaim = nextClaimAt;
    liveness.tick();
    Instant now = clock.instant();
    long capacity = executor.capacity();
    dispatchDue(now, capacity);
    long room = room();
    if (room > 0 && !claimsStopped && (claimNow || !now.isBefore(nextClaim))) {
      claimNow = false;
      try {
        int limit = (int) Math.min(room, claimBatch);
        Instant until = now.plus(lookahead);
        List<ClaimedGroup> got = store.claimDue(node, now, until, limit, until.plus(lease));
        claimFailures = 0;
        writes.succeeded("scheduler");
        claims.claimed(got);
        waiting.addAll(got); // the claim's limit keeps them within both bounds
        dispatchDue(now, capacity);
        if (got.size() < limit) {
          nextClaim = now.plus(pollInterval()); // everything due within the look-ahead is claimed
        } else if (limit == claimBatch) {
          nextClaim = now; // a whole batch: more may be due
        } else {
          // Bounded by room: claim again once some has freed, in a few larger claims rather than one per freed place
          // (each claim is a store round trip). A writer that frees room while the executor is full wakes this
          // thread; the claim then waits for this time.
          nextClaim = now.plus(refillInterval());
        }
        if (claims.takeBackWanted() && claims.takeBackOwn()) {
          nextClaim = now; // claim what was taken back
        }
      } catch (RuntimeException e) {
        claims.storeFailed();
        long failures = ++claimFailures;
        meters.storeError();
        Duration backoff = backoff(failures);
        writes.failed("scheduler", "claim due groups", e); // logs when claims begin to fail, not each attempt
        nextClaim = now.plus(backoff);
      }
    }
    // With the executor full there is nothing to claim whatever nextClaim says: sleep until a due group, a
    // recorded batch (the writer unparks this thread as it frees room) or a wake-up. Looping on at once here spun a
    // core while the store was the bottleneck, taking the CPU the store and the probes needed.
    boolean full = room() <= 0;
    Instant wake = full ? now.plus(FULL_RECHECK) : nextClaim;
    // a due group waits for the executor to have room: the writer's wake-up says when, not the group's due time
    if (!waiting.isEmpty() && handed() < capacity && waiting.peek().dueAt().isBefore(wake)) {
      wake = waiting.peek().dueAt();
    }
    long nanos = Duration.between(clock.instant(), wake).toNanos();
    if (nanos > 0 && (!claimNow || full)) { // a wake-up asked for while full is served once there is room
      LockSupport.parkNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(250)));
    }
    return nextClaim;
  }

  /** Hands the executor the groups due by now, while it has room; the rest wait for the writer to free some. */
  private void dispatchDue(Instant now, long capacity) {
    while (!waiting.isEmpty() && !waiting.peek().dueAt().isAfter(now) && handed() < capacity) {
      dispatch(waiting.poll(), now);
    }
  }

  private void releaseUnstarted() {
    // give back what was claimed but not started
    List<ClaimedGroup> given = new ArrayList<>(waiting);
    List<Long> unstarted = new ArrayList<>();
    for (ClaimedGroup g : given) {
      unstarted.add(g.groupId());
    }
    waiting.clear();
    if (!unstarted.isEmpty()) {
      try {
        store.release(node, unstarted);
      } catch (RuntimeException e) {
        LOG.warn("could not release {} claimed groups; they will be taken over when their lease ends", unstarted.size(), e);
      }
      claims.release(given);
    }
  }

  /**
   * @return how many more groups may be claimed now: the least of the executor's free places (its capacity less the
   *     groups handed to it and not yet recorded) and the look-ahead's
   */
  private long room() {
    long capacity = executor.capacity();
    return Math.min(capacity - handed(), WAITING_PER_CAPACITY * capacity - waiting.size());
  }

  /** @return the groups handed to the executor and not yet recorded */
  private long handed() {
    return Math.max(0, claims.count() - waiting.size());
  }

  private Duration refillInterval() {
    return Duration.ofMillis(Math.max(20, Math.min(250, lookahead.toMillis() / 8)));
  }

  private Duration pollInterval() {
    long ms = Math.max(50, Math.min(1000, lookahead.toMillis() / 2));
    return Duration.ofMillis(ms);
  }

  /**
   * The pause after the n-th store failure in a row: 100 ms doubled per failure, at most {@link #MAX_BACKOFF}. Each
   * attempt against a database that is away also waits the pool's connection timeout (about 1 s), so the claims (and
   * the checks) come back within about 3 s of the database's return; a 10 s cap made that ~9 s after a long outage.
   */
  static Duration backoff(long failures) {
    long ms = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(10, Math.max(0, failures)));
    return Duration.ofMillis(ms);
  }

  private void dispatch(ClaimedGroup g, Instant now) {
    int tasks = g.tasks().size();
    meters.dispatched(EngineMeters.nanosBetween(g.dueAt(), now), tasks);
    CompletionStage<GroupOutcome> stage;
    try {
      stage = executor.execute(g);
    } catch (Throwable e) { // an executor is a plugin: its Error is this run's failure, not the scheduler's end
      meters.refused(tasks);
      liveness.caught("executor " + executor.getClass().getName() + " refusing a run", e);
      writer.add(new CompletedRun(node, g, runner.abandoned(g, now, CheckResult.error("executor failed: " + e))));
      return;
    }
    stage.whenComplete((outcome, error) -> {
      try {
        GroupOutcome o = outcome;
        if (error != null || o == null) {
          o = runner.abandoned(g, now, CheckResult.error("executor failed: " + error));
        }
        try {
          meters.ran(tasks, o); // before the writer has it: runs counted are never fewer than runs recorded
        } catch (RuntimeException e) { // a host registry's filter, say: the run is recorded all the same
          liveness.caught("counting a finished run", e);
        }
        writer.add(new CompletedRun(node, g, o));
      } catch (Throwable t) {
        // The run cannot reach the writer (out of memory): give its place back, or the scheduler would believe the
        // executor full for ever. The claim expires after its lease and another round runs the group.
        claims.release(g);
        liveness.caught("handing a finished run to the writer", t);
      }
    });
  }
}
