package org.argos.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.argos.api.StoreException;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.Store;
import org.argos.api.store.TransitionRule;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that records finished runs in the store in batches (results, state changes and the alerts they decide,
 * in one store call), lets go of their claims, tells listeners, and puts alerts held while the store refused writes
 * into the outbox. A batch the store refuses is kept and tried again, so nothing is dropped while the store is away;
 * the runs wait in memory meanwhile, bounded because the scheduler claims no more than the executor's capacity.
 *
 * <p>The {@link Scheduler} starts and stops it: the writer must outlive the scheduler thread, whose last claim may have
 * dispatched runs that still need recording.
 */
public final class ResultWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
  private static final int WRITE_BATCH = 1000;
  private static final long WRITE_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Store store;
  private final TransitionRule rule;
  private final EngineMeters meters;
  private final Consumer<CompletionReport> onRecorded;
  private final Liveness liveness;
  private final WriteHealth writes;
  private final HeldAlerts heldAlerts;
  private final LinkedBlockingQueue<CompletedRun> finished = new LinkedBlockingQueue<>();
  /** When the writer next tries to put held alerts into the outbox (System.nanoTime). */
  private long nextAlertFlush;
  private long alertFlushFailures;
  /** Runs taken from {@link #finished} by the writer and not recorded yet. */
  private volatile int writing;
  /** Set when the engine stops. */
  private volatile boolean stopping;
  /** Set when the scheduler thread has ended: nothing more is claimed or dispatched. */
  private volatile boolean schedulerDone;
  private @Nullable HeldClaims claims;
  private @Nullable Thread scheduler;
  private @Nullable Thread thread;

  /**
   * @param store where results are recorded
   * @param rule the state machine
   * @param meters counters
   * @param onRecorded called after each recorded batch
   * @param liveness where the loop reports that it goes round, and what it catches
   * @param writes told whether results could be written
   * @param heldAlerts alerts waiting for the outbox, which the writer puts there once the store takes writes again
   */
  public ResultWriter(Store store, TransitionRule rule, EngineMeters meters, Consumer<CompletionReport> onRecorded,
      Liveness liveness, WriteHealth writes, HeldAlerts heldAlerts) {
    this.store = store;
    this.rule = rule;
    this.meters = meters;
    this.onRecorded = onRecorded;
    this.liveness = liveness;
    this.writes = writes;
    this.heldAlerts = heldAlerts;
  }

  /** @return finished runs not recorded yet: queued for the writer, or in the batch it is writing */
  public long backlog() {
    return finished.size() + writing;
  }

  /** @param run a finished run to record (any thread) */
  void add(CompletedRun run) {
    finished.add(run);
  }

  /**
   * @param claims the claims whose groups the writer lets go of as it records them
   * @param scheduler unparked when recording frees room in the executor
   */
  synchronized void start(HeldClaims claims, Thread scheduler) {
    this.claims = claims;
    this.scheduler = scheduler;
    thread = Thread.ofPlatform().name("argos-writer").daemon(true).start(this::writeLoop);
  }

  /** The scheduler thread has ended: once every held group is recorded, the writer may end. */
  void schedulerDone() {
    schedulerDone = true;
  }

  /**
   * Waits until every held group is recorded (or the timeout), then ends the thread and counts what was not recorded
   * as lost. Called after the scheduler thread ended and the executor was closed.
   */
  void stop(Duration timeout) {
    stopping = true;
    Thread w = thread;
    HeldClaims held = claims;
    if (w == null || held == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (held.count() > 0 && w.isAlive() && System.nanoTime() < deadline) { // not when it died
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    w.interrupt();
    Scheduler.join(w, Duration.ofSeconds(5));
    long notRecorded = held.count();
    if (notRecorded > 0) {
      LOG.warn("{} group runs were not recorded before shutdown; their claims expire after the lease", notRecorded);
      writes.resultsLost(notRecorded);
    }
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
            // Only once the scheduler ended: a claim in flight when the stop began has dispatched its due groups,
            // whose runs must still be recorded (ending at the first moment nothing was held lost them).
            if (stopping && schedulerDone && claims().count() == 0) {
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

  private HeldClaims claims() {
    HeldClaims c = claims;
    if (c == null) {
      throw new IllegalStateException("the writer is not started");
    }
    return c;
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
        claims().storeFailed();
        meters.storeError();
        // one line when writes begin to fail and one when they work again (WriteHealth), not one per attempt
        writes.failed("result writer", "record " + batch.size() + " runs", e);
        Thread.sleep(Scheduler.backoff(failures).toMillis());
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
    nextAlertFlush = System.nanoTime() + Scheduler.backoff(alertFlushFailures).toNanos();
  }

  private void done(List<CompletedRun> runs, CompletionReport report) {
    List<ClaimedGroup> groups = new ArrayList<>(runs.size());
    for (CompletedRun run : runs) {
      groups.add(run.group());
    }
    claims().release(groups);
    meters.recorded(report.results(), report.changes().size(), report.alerts().size());
    try {
      onRecorded.accept(report);
    } catch (Throwable e) { // listeners are the host's code: whatever they throw, the writer goes on
      liveness.caught("a state-change callback", e);
    }
    if (!stopping) {
      Thread s = scheduler;
      if (s != null) {
        LockSupport.unpark(s); // room freed: claim again
      }
    }
  }
}
