package org.argos.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.ArgosException;
import org.argos.api.CheckResult;
import org.argos.api.Quorum;
import org.argos.api.executor.LocationUnavailable;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.GroupOutcome;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.ProbeExecutor;
import org.argos.engine.internal.AddressRuns;
import org.argos.engine.internal.KeyedPermits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs probes in this process, one virtual thread per group run, under a global bound on concurrent probes and a
 * per-host bound (so many sites on one server do not hammer it); the engine's runner adds a bound per resolved address
 * ({@link LocalGroupRunner}), whose waits do not count against a run's time. Each run is bounded by its request's timeout plus a
 * grace: past that, the thread is interrupted and the run is reported as a timeout failure, so a stuck probe can never
 * hold the scheduler.
 */
public final class InProcessExecutor implements ProbeExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessExecutor.class);

  private final int maxConcurrency;
  private final int perHost;
  private final int capacity;
  private final Duration grace;
  private final String location;
  private final Semaphore global;
  private final KeyedPermits hosts;
  private final Set<Run> running = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor watchdog;
  private final AtomicLong counter = new AtomicLong();
  private final ThreadFactory threads = Thread.ofVirtual().name("argos-probe-", 0).factory();
  private volatile GroupRunner runner;
  private volatile Clock clock = Clock.systemUTC();
  private volatile boolean closed;

  private InProcessExecutor(Builder b) {
    this.maxConcurrency = b.maxConcurrency;
    this.perHost = b.perHost;
    this.capacity = b.capacity > 0 ? b.capacity : Math.max(4 * b.maxConcurrency, 10_000);
    this.grace = b.grace;
    this.location = b.location;
    this.global = new Semaphore(maxConcurrency);
    this.hosts = new KeyedPermits(perHost);
    this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "argos-probe-watchdog");
      t.setDaemon(true);
      return t;
    });
    // One sweep over the running set a few times per grace period, rather than a timer per run: scheduling and
    // cancelling a timer per probe woke the watchdog thread on most runs (a futex hand-over per probe).
    long sweepMillis = Math.clamp(grace.toMillis() / 4, 20, 250);
    this.watchdog.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
  }

  /** Abandons every run past its limit (its request's timeout plus the grace). */
  private void sweep() {
    // A scheduled task that throws is never run again, silently: then stuck probes would hold their places for ever.
    try {
      long now = System.nanoTime();
      for (Run run : running) {
        long limit = run.limitNanos;
        if (limit != 0 && now - limit >= 0) {
          run.abandon("timeout: the probe did not finish within " + run.group.request().timeout().toMillis() + " ms");
        }
      }
      sweepFailures = 0;
    } catch (Throwable t) {
      if (sweepFailures++ == 0) {
        try {
          LOG.error("the probe watchdog failed; it tries again at its next sweep", t);
        } catch (Throwable ignored) {
          // out of memory while logging: the next sweep tries again
        }
      }
    }
  }

  private int sweepFailures; // the watchdog's thread only

  /** @return an executor with defaults: 512 concurrent probes, 8 per host, 5 s grace */
  public static InProcessExecutor create() {
    return builder().build();
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
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
    if (runner == null) {
      throw new IllegalStateException("executor not started");
    }
    CompletableFuture<GroupOutcome> result = new CompletableFuture<>();
    if (!group.policy().quorum().isDefault() && !group.location().equals(location)) {
      // a site checked from several locations: this process checks from its own only
      result.completeExceptionally(new LocationUnavailable(group.location(), "the engine's executor is in "
          + location));
      return result;
    }
    if (closed) {
      result.complete(runner.abandoned(group, clock.instant(), CheckResult.error("engine shutting down")));
      return result;
    }
    Run run = new Run(group, result);
    running.add(run);
    result.whenComplete((r, e) -> running.remove(run));
    run.thread = threads.newThread(() -> run.go());
    run.thread.start();
    counter.incrementAndGet();
    return result;
  }

  /** @return how many group runs this executor has started */
  public long started() {
    return counter.get();
  }

  @Override
  public void close() {
    closed = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Run r : Set.copyOf(running)) {
      try {
        r.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        r.abandon("engine shut down before the probe finished");
      }
    }
    watchdog.shutdownNow();
  }

  private final class Run implements AddressRuns.Waits {
    final ClaimedGroup group;
    final CompletableFuture<GroupOutcome> result;
    final AtomicBoolean finished = new AtomicBoolean();
    volatile Thread thread;
    volatile Instant startedAt;
    /** System.nanoTime() past which the watchdog abandons the run; 0 while it waits for its permits. */
    volatile long limitNanos;
    /** Its probes waiting for an address permit (an {@code addresses: all} run has several). */
    private int waiting; // guarded by this

    Run(ClaimedGroup group, CompletableFuture<GroupOutcome> result) {
      this.group = group;
      this.result = result;
    }

    void go() {
      String host = host(group.request().url());
      KeyedPermits.Entry permit = null;
      boolean globalHeld = false;
      try {
        global.acquire();
        globalHeld = true;
        permit = hosts.acquire(host);
        startedAt = clock.instant();
        startLimit();
        GroupOutcome outcome;
        LocalGroupRunner.WAITS.set(this);
        try {
          outcome = runner.run(group);
        } finally {
          LocalGroupRunner.WAITS.remove();
        }
        if (finished.compareAndSet(false, true)) {
          result.complete(outcome);
        }
      } catch (InterruptedException e) {
        abandon("interrupted: the probe was cancelled");
      } catch (Throwable e) {
        LOG.warn("group run crashed for {}", group.request().url(), e);
        abandon("the run failed: " + e);
      } finally {
        if (permit != null) {
          hosts.release(host, permit);
        }
        if (globalHeld) {
          global.release();
        }
      }
    }

    private void startLimit() {
      long limit = System.nanoTime() + group.request().timeout().plus(grace).toNanos();
      limitNanos = limit == 0 ? 1 : limit;
    }

    /** A probe of this run waits for an address permit: the watchdog leaves it alone meanwhile. */
    @Override
    public synchronized void waiting() {
      waiting++;
      limitNanos = 0;
    }

    /** The probe has its permit: the run has its whole timeout (plus the grace) from now. */
    @Override
    public synchronized void resumed() {
      if (--waiting == 0) {
        startLimit();
      }
    }

    /** The address lookup is done: the probe has its whole timeout (plus the grace) from now. */
    @Override
    public synchronized void probing() {
      if (waiting == 0) {
        startLimit();
      }
    }

    void abandon(String why) {
      if (finished.compareAndSet(false, true)) {
        try {
          Instant s = startedAt == null ? clock.instant() : startedAt;
          CheckResult r = why.startsWith("timeout")
              ? CheckResult.failure(why).with("error", Map.of("kind", "timeout", "class", "", "message", why))
              : CheckResult.error(why);
          result.complete(runner.abandoned(group, s, r));
        } catch (Throwable t) {
          // the run must end whatever happens (out of memory...), or its place would be held for ever
          result.completeExceptionally(t);
        }
        Thread t = thread;
        if (t != null) {
          t.interrupt();
        }
      }
    }
  }

  private static String host(String url) {
    int start = url.indexOf("://") + 3;
    int end = start;
    while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
      end++;
    }
    return url.substring(start, end);
  }

  /** Builds an {@link InProcessExecutor}. */
  public static final class Builder {
    private int maxConcurrency = 512;
    private int perHost = 8;
    private int capacity;
    private Duration grace = Duration.ofSeconds(5);
    private String location = Quorum.DEFAULT_LOCATION;

    private Builder() {}

    /** @param n probes running at once, across all hosts @return this */
    public Builder maxConcurrency(int n) {
      if (n < 1) throw new ArgosException("maxConcurrency must be >= 1, got " + n);
      this.maxConcurrency = n;
      return this;
    }

    /** @param n probes running at once against one host @return this */
    public Builder perHost(int n) {
      if (n < 1) throw new ArgosException("perHost must be >= 1, got " + n);
      this.perHost = n;
      return this;
    }

    /** @param n group runs held at once (running or waiting for a permit) @return this */
    public Builder capacity(int n) {
      if (n < 1) throw new ArgosException("capacity must be >= 1, got " + n);
      this.capacity = n;
      return this;
    }

    /** @param grace time past a request's timeout before the run is abandoned @return this */
    public Builder grace(Duration grace) {
      this.grace = grace;
      return this;
    }

    /**
     * @param location where this executor checks from ({@code argos_java.location}); it runs the groups of sites
     *     checked from one default location, and of the others only their runs for this location
     * @return this
     */
    public Builder location(String location) {
      this.location = Quorum.checkName(location);
      return this;
    }

    /** @return the executor */
    public InProcessExecutor build() {
      return new InProcessExecutor(this);
    }
  }
}
