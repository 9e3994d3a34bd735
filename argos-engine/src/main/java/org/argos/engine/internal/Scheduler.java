package org.argos.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.argos.api.CheckResult;
import org.argos.api.StoreException;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.GroupOutcome;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.Store;
import org.argos.api.store.TransitionRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two threads: the scheduler claims due groups from the store in batches (a little ahead of time), holds them until
 * they are due and hands them to the executor; the writer records finished runs in batches and tells listeners.
 * The number of groups held (claimed, not yet recorded) is bounded by the executor's capacity: when the store is slow
 * or away, results wait in memory and claiming stops, so nothing is lost and memory stays bounded.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final int WRITE_BATCH = 1000;
  private static final long WRITE_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final Duration FULL_RECHECK = Duration.ofMillis(250);
  /** The longest pause between attempts while the store fails (claims, results, held alerts). */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final Store store;
  private final ProbeExecutor executor;
  private final GroupRunner runner;
  private final TransitionRule rule;
  private final Clock clock;
  private final String node;
  private final Duration lookahead;
  private final Duration lease;
  private final int claimBatch;
  private final Stats stats;
  private final Consumer<CompletionReport> onRecorded;
  private final Liveness liveness;
  private final WriteHealth writes;
  private final HeldAlerts heldAlerts;
  /** When the writer next tries to put held alerts into the outbox (System.nanoTime). */
  private long nextAlertFlush;
  private long alertFlushFailures;

  /**
   * The claims this node holds (claimed and not yet recorded or given back), each with the number of the claim call
   * that took it: their groups' claims are kept when the node takes back its other claims after the store failed.
   */
  private final ConcurrentHashMap<ClaimedGroup, Long> holding = new ConcurrentHashMap<>();
  /** Successful claim calls (written by the scheduler thread only). */
  private volatile long claimCalls;
  /** {@link #claimCalls} at the last failed claim or write. */
  private volatile long failedAtClaim = -1;
  /** Set when a claim or a write failed: the next successful claim takes back the claims this node does not hold. */
  private volatile boolean takeBackOwn;
  private final PriorityQueue<ClaimedGroup> waiting = new PriorityQueue<>((a, b) -> a.dueAt().compareTo(b.dueAt()));
  private final LinkedBlockingQueue<CompletedRun> finished = new LinkedBlockingQueue<>();
  private volatile boolean running;
  /** Set when the scheduler thread has ended: nothing more is claimed or dispatched. */
  private volatile boolean schedulerDone;
  private volatile boolean claimNow;
  /** Set when another live process uses this node id: claims stop for good (see {@link #stopClaiming()}). */
  private volatile boolean claimsStopped;
  /** Runs taken from {@link #finished} by the writer and not recorded yet. */
  private volatile int writing;
  private Thread schedulerThread;
  private Thread writerThread;

  /**
   * @param store where groups are claimed and results recorded
   * @param executor where probes run
   * @param runner builds outcomes for runs the executor could not do
   * @param rule the state machine
   * @param clock time
   * @param node this node's id
   * @param lookahead how far ahead to claim
   * @param lease how long a claim lasts beyond its due time
   * @param claimBatch groups per claim
   * @param stats counters
   * @param onRecorded called by the writer after each recorded batch
   * @param liveness where both loops report that they go round, and what they catch
   * @param writes told whether claims and results could be written
   * @param heldAlerts alerts waiting for the outbox, which the writer puts there once the store takes writes again
   */
  public Scheduler(Store store, ProbeExecutor executor, GroupRunner runner, TransitionRule rule, Clock clock, String node,
      Duration lookahead, Duration lease, int claimBatch, Stats stats, Consumer<CompletionReport> onRecorded,
      Liveness liveness, WriteHealth writes, HeldAlerts heldAlerts) {
    this.store = store;
    this.executor = executor;
    this.runner = runner;
    this.rule = rule;
    this.clock = clock;
    this.node = node;
    this.lookahead = lookahead;
    this.lease = lease;
    this.claimBatch = claimBatch;
    this.stats = stats;
    this.onRecorded = onRecorded;
    this.liveness = liveness;
    this.writes = writes;
    this.heldAlerts = heldAlerts;
  }

  /** @return finished runs not recorded yet: queued for the writer, or in the batch it is writing */
  public long writerBacklog() {
    return finished.size() + writing;
  }

  /** Starts both threads. */
  public synchronized void start() {
    running = true;
    schedulerThread = Thread.ofPlatform().name("argos-scheduler").daemon(true).start(this::scheduleLoop);
    writerThread = Thread.ofPlatform().name("argos-writer").daemon(true).start(this::writeLoop);
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
   * Stops claiming, gives back groups not started, waits for the executor's runs and records them.
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
    // the writer ends once every held group is recorded, or at the timeout
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stats.held.get() > 0 && writerThread.isAlive() && System.nanoTime() < deadline) { // not when it died
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    writerThread.interrupt();
    join(writerThread, Duration.ofSeconds(5));
    long notRecorded = stats.held.get();
    if (notRecorded > 0) {
      LOG.warn("{} group runs were not recorded before shutdown; their claims expire after the lease", notRecorded);
      writes.resultsLost(notRecorded);
    }
  }

  private static void join(Thread t, Duration d) {
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
      schedulerDone = true;
    }
  }

  private long claimFailures;

  /** One round: dispatch what is due, claim more when there is room, sleep until the next thing to do. */
  private Instant scheduleOnce(Instant nextClaimAt) {
    Instant nextClaim = nextClaimAt;
    liveness.tick();
    Instant now = clock.instant();
    while (!waiting.isEmpty() && !waiting.peek().dueAt().isAfter(now)) {
      dispatch(waiting.poll(), now);
    }
    long room = executor.capacity() - stats.held.get();
    if (room > 0 && !claimsStopped && (claimNow || !now.isBefore(nextClaim))) {
      claimNow = false;
      try {
        int limit = (int) Math.min(room, claimBatch);
        Instant until = now.plus(lookahead);
        List<ClaimedGroup> got = store.claimDue(node, now, until, limit, until.plus(lease));
        claimFailures = 0;
        long call = ++claimCalls;
        writes.succeeded("scheduler");
        stats.claimed.addAndGet(got.size());
        stats.held.addAndGet(got.size());
        for (ClaimedGroup g : got) {
          holding.put(g, call);
          if (g.dueAt().isAfter(now)) {
            waiting.add(g);
          } else {
            dispatch(g, now);
          }
        }
        nextClaim = got.size() == limit ? now : now.plus(pollInterval());
        if (takeBackOwn && takeBackOwnClaims()) {
          nextClaim = now; // claim what was taken back
        }
      } catch (RuntimeException e) {
        storeFailed();
        long failures = ++claimFailures;
        stats.storeErrors.incrementAndGet();
        Duration backoff = backoff(failures);
        writes.failed("scheduler", "claim due groups", e); // logs when claims begin to fail, not each attempt
        nextClaim = now.plus(backoff);
      }
    }
    // With the executor full there is nothing to claim whatever nextClaim says: sleep until a due group, a
    // recorded batch (the writer unparks this thread as it frees room) or a wake-up. Looping on at once here spun a
    // core while the store was the bottleneck, taking the CPU the store and the probes needed.
    boolean full = executor.capacity() <= stats.held.get();
    Instant wake = full ? now.plus(FULL_RECHECK) : nextClaim;
    if (!waiting.isEmpty() && waiting.peek().dueAt().isBefore(wake)) {
      wake = waiting.peek().dueAt();
    }
    long nanos = Duration.between(clock.instant(), wake).toNanos();
    if (nanos > 0 && (!claimNow || full)) { // a wake-up asked for while full is served once there is room
      LockSupport.parkNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(250)));
    }
    return nextClaim;
  }

  /**
   * After the store failed, claims of this node may be in it that the node does not hold: a claim committed whose
   * answer was lost with the connection, or those an embedded database saved before a full disk closed it and gave
   * back when it reopened. They are taken back at once rather than waited out for their lease; the groups the node
   * holds (waiting, running, or finished and not recorded yet) keep theirs. Only this thread claims, so none is
   * claimed meanwhile. Runs claimed before the failure may be discarded when recorded (the reopened database has an
   * older claim for their group, which then stays): the node takes back again after each claim until they are all
   * recorded.
   *
   * @return true when groups were taken back
   */
  private boolean takeBackOwnClaims() {
    long failedAt = failedAtClaim;
    takeBackOwn = false; // a failure from here on sets it again
    boolean taken = false;
    try {
      List<Long> keep = holding.keySet().stream().map(ClaimedGroup::groupId).distinct().toList();
      int n = store.releaseAllExcept(node, keep);
      if (n > 0) {
        LOG.info("node {} took back {} groups it had claimed but did not hold after the store failed", node, n);
      }
      taken = n > 0;
    } catch (RuntimeException e) {
      takeBackOwn = true; // tried again after the next claim
      LOG.debug("node {} could not take back its claims yet", node, e);
    }
    if (holding.values().stream().anyMatch(call -> call <= failedAt)) {
      takeBackOwn = true;
    }
    return taken;
  }

  /** A claim or a write failed: claims of this node may be in the store without the node holding them. */
  private void storeFailed() {
    failedAtClaim = claimCalls;
    takeBackOwn = true;
  }

  private void forget(ClaimedGroup g) {
    holding.remove(g);
  }

  private void releaseUnstarted() {
    // give back what was claimed but not started
    List<Long> unstarted = new ArrayList<>();
    for (ClaimedGroup g : waiting) {
      unstarted.add(g.groupId());
      forget(g);
    }
    waiting.clear();
    if (!unstarted.isEmpty()) {
      try {
        store.release(node, unstarted);
      } catch (RuntimeException e) {
        LOG.warn("could not release {} claimed groups; they will be taken over when their lease ends", unstarted.size(), e);
      }
      stats.held.addAndGet(-unstarted.size());
    }
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
    stats.lag(Duration.between(g.dueAt(), now).toMillis());
    CompletionStage<GroupOutcome> stage;
    try {
      stage = executor.execute(g);
    } catch (Throwable e) { // an executor is a plugin: its Error is this run's failure, not the scheduler's end
      liveness.caught("executor " + executor.getClass().getName() + " refusing a run", e);
      finished.add(new CompletedRun(node, g, runner.abandoned(g, now, CheckResult.error("executor failed: " + e))));
      return;
    }
    stage.whenComplete((outcome, error) -> {
      try {
        GroupOutcome o = outcome;
        if (error != null || o == null) {
          o = runner.abandoned(g, now, CheckResult.error("executor failed: " + error));
        }
        stats.run.incrementAndGet();
        finished.add(new CompletedRun(node, g, o));
      } catch (Throwable t) {
        // The run cannot reach the writer (out of memory): give its place back, or the scheduler would believe the
        // executor full for ever. The claim expires after its lease and another round runs the group.
        stats.held.decrementAndGet();
        forget(g);
        liveness.caught("handing a finished run to the writer", t);
      }
    });
  }

  private void writeLoop() {
    List<CompletedRun> batch = new ArrayList<>(WRITE_BATCH);
    long errorsInARow = 0;
    liveness.wrote(); // a stall is counted from the start
    while (true) {
      try {
        if (batch.isEmpty()) { // not empty after an error: the same batch is tried again, nothing is dropped
          flushHeldAlerts();
          CompletedRun first = finished.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            liveness.wrote(); // nothing waiting: the writer keeps up
            if (!running && schedulerDone && stats.held.get() == 0) {
              return;
            }
            continue;
          }
          batch.add(first);
          if (finished.size() < WRITE_BATCH / 8) {
            // A trickle: let a few milliseconds of results gather, so that the writer (and the scheduler it unparks)
            // wakes once per batch rather than once per result.
            LockSupport.parkNanos(WRITE_LINGER_NANOS);
          }
          finished.drainTo(batch, WRITE_BATCH - 1);
          writing = batch.size();
        }
        record(batch);
        batch.clear();
        writing = 0;
        liveness.wrote();
        if (errorsInARow > 0) {
          liveness.recovered("result writer", errorsInARow);
          errorsInARow = 0;
        }
      } catch (InterruptedException e) {
        if (!batch.isEmpty()) {
          LOG.warn("shutdown interrupted the recording of {} results", batch.size());
        }
        return;
      } catch (Throwable t) {
        // Out of memory (or a store's Error) while recording: keep the batch, pause, try again; the engine is marked
        // dead when it keeps failing, rather than leave a writer thread dead behind a scheduler that goes on claiming.
        Duration pause = liveness.failed("result writer", t, ++errorsInARow);
        if (pause == null) {
          return;
        }
        writing = batch.size();
        LockSupport.parkNanos(pause.toNanos());
      }
    }
  }

  private void record(List<CompletedRun> batch) throws InterruptedException {
    long failures = 0;
    while (true) {
      try {
        CompletionReport report = store.complete(batch, rule);
        writes.succeeded("result writer");
        done(batch, report);
        return;
      } catch (StoreException e) {
        failures++;
        storeFailed();
        stats.storeErrors.incrementAndGet();
        // one line when writes begin to fail and one when they work again (WriteHealth), not one per attempt
        writes.failed("result writer", "record " + batch.size() + " runs", e);
        Thread.sleep(backoff(failures).toMillis());
      } catch (VirtualMachineError e) {
        if (e instanceof StackOverflowError) {
          isolateOrDrop(batch, e);
          return;
        }
        throw e; // out of memory: the loop pauses and tries the whole batch again
      } catch (RuntimeException | Error e) {
        isolateOrDrop(batch, e);
        return;
      }
    }
  }

  /** A batch the store refuses for another reason than being away: record the others, drop the run that breaks it. */
  private void isolateOrDrop(List<CompletedRun> batch, Throwable e) throws InterruptedException {
    if (batch.size() > 1) {
      // recorded runs leave the batch, so that an out-of-memory half-way does not record them twice on the retry
      for (var it = batch.iterator(); it.hasNext(); ) {
        record(List.of(it.next()));
        it.remove();
      }
      return;
    }
    if (e instanceof Error) {
      liveness.caught("recording one run in the store", e);
    }
    LOG.error("dropping the results of {}: recording them failed", batch.get(0).group().request().url(), e);
    writes.resultsLost(1);
    done(batch, new CompletionReport(0, List.of(), List.of()));
  }

  /** Puts alerts held for the outbox there, at most every backoff while the store refuses them. */
  private void flushHeldAlerts() {
    if (heldAlerts.size() == 0 || System.nanoTime() - nextAlertFlush < 0) {
      return;
    }
    heldAlerts.flush();
    alertFlushFailures = heldAlerts.size() == 0 ? 0 : alertFlushFailures + 1;
    nextAlertFlush = System.nanoTime() + backoff(alertFlushFailures).toNanos();
  }

  private void done(List<CompletedRun> runs, CompletionReport report) {
    for (CompletedRun run : runs) {
      forget(run.group());
    }
    stats.held.addAndGet(-runs.size());
    stats.results.addAndGet(report.results());
    stats.changes.addAndGet(report.changes().size());
    stats.alerts.addAndGet(report.alerts().size());
    try {
      onRecorded.accept(report);
    } catch (Throwable e) { // listeners are the host's code: whatever they throw, the writer goes on
      liveness.caught("a state-change callback", e);
    }
    if (running) {
      LockSupport.unpark(schedulerThread); // room freed: claim again
    }
  }
}
