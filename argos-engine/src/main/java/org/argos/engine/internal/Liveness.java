package org.argos.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine's long-lived loops (scheduler, writer, delivery) say about themselves: when they last went round,
 * what they caught, and whether the engine can go on. A loop catches every {@link Throwable}, reports it here, waits
 * the backoff it is given and goes round again; when the same loop keeps failing with an out-of-memory (or any error
 * for long), the engine is marked dead, so that the host exits rather than run half-dead. Thread-safe.
 */
public final class Liveness {
  private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
  /** A virtual machine error (out of memory...) this many times in a row in one loop: the engine cannot go on. */
  public static final int VM_ERRORS_IN_A_ROW = 3;
  /** Any unexpected throwable this many times in a row in one loop (about two minutes with the backoff). */
  public static final int ERRORS_IN_A_ROW = 20;
  private static final int MAX_LOG_KEYS = 1000;

  private final Clock clock;
  private volatile @Nullable Instant lastTick;
  private volatile @Nullable Instant lastWrite;
  private volatile long deliveryBacklog;
  private final AtomicLong errors = new AtomicLong();
  private volatile @Nullable Failure last;
  private final AtomicReference<@Nullable String> dead = new AtomicReference<>();
  private final List<Consumer<String>> onDeath = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> logged = new ConcurrentHashMap<>();

  /** The last throwable caught, described in one line. */
  public record Failure(String where, String type, String message, Instant at) {}

  /** @param clock the engine's clock */
  public Liveness(Clock clock) {
    this.clock = clock;
  }

  /** The scheduler went round its loop. */
  public void tick() {
    lastTick = clock.instant();
  }

  /** The writer recorded a batch, or found nothing to record. */
  public void wrote() {
    lastWrite = clock.instant();
  }

  /** @param pending alerts in the outbox, as delivery last saw them */
  public void deliveryBacklog(long pending) {
    deliveryBacklog = pending;
  }

  public @Nullable Instant lastTick() {
    return lastTick;
  }

  public @Nullable Instant lastWrite() {
    return lastWrite;
  }

  public long deliveryBacklog() {
    return deliveryBacklog;
  }

  public long errors() {
    return errors.get();
  }

  public @Nullable Failure lastFailure() {
    return last;
  }

  /** @return why the engine is dead, or null while it is alive */
  public @Nullable String deadReason() {
    return dead.get();
  }

  /** @param handler called once, with the reason, when the engine dies (at once if it is dead already) */
  public void onDeath(Consumer<String> handler) {
    onDeath.add(handler);
    String reason = dead.get();
    if (reason != null) {
      run(handler, reason);
    }
  }

  /**
   * A loop caught something it did not expect while going round.
   *
   * @param loop the loop's name
   * @param t what it caught
   * @param inARow failures of this loop in a row, this one included
   * @return how long to wait before going round again, or null when the engine is now dead and the loop must end
   */
  public @Nullable Duration failed(String loop, Throwable t, long inARow) {
    record(loop, t);
    boolean vm = t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    if ((vm && inARow >= VM_ERRORS_IN_A_ROW) || inARow >= ERRORS_IN_A_ROW) {
      // the class only: the reason is shown by health endpoints, the message (logged) may name internals
      die("the " + loop + " failed " + inARow + " times in a row, last with " + t.getClass().getName());
      return null;
    }
    log(loop, t, "the " + loop + " caught " + inARow + " error(s) in a row; it goes on after a pause");
    return Duration.ofMillis(Math.min(5_000, 100L << Math.min(6, inARow - 1)));
  }

  /**
   * @param loop a loop that went round without error after failing
   * @param failures how many times in a row it had failed
   */
  public void recovered(String loop, long failures) {
    LOG.info("the {} works again after {} error(s) in a row", loop, failures);
  }

  /**
   * Something a loop survived without going round again: a plugin's error (a check, a notifier, a listener) or one
   * run that could not be handed on. Counted and logged (the first of a kind with its stack trace).
   *
   * @param where what was being done
   * @param t what was thrown
   */
  public void caught(String where, Throwable t) {
    record(where, t);
    log(where, t, where + " threw");
  }

  /** @param reason why the engine cannot go on; the first reason wins and the handlers are called once */
  public void die(String reason) {
    if (!dead.compareAndSet(null, reason)) {
      return;
    }
    try {
      LOG.error("Argos engine is dead: {}. It cannot go on; the host should exit (and be restarted).", reason);
    } catch (Throwable ignored) {
      // logging itself may fail out of memory; the handlers still run
    }
    for (Consumer<String> h : onDeath) {
      run(h, reason);
    }
  }

  private static void run(Consumer<String> handler, String reason) {
    try {
      handler.accept(reason);
    } catch (Throwable e) {
      LOG.error("a death handler failed", e);
    }
  }

  private void record(String where, Throwable t) {
    errors.incrementAndGet();
    try {
      last = new Failure(where, t.getClass().getName(), String.valueOf(t.getMessage()), clock.instant());
    } catch (Throwable ignored) {
      // out of memory: the count is enough
    }
  }

  /** Logs the first throwable of each kind at a place with its stack trace, then one line at 10, 100, 1000... */
  private void log(String where, Throwable t, String what) {
    try {
      String key = where + " " + t.getClass().getName();
      AtomicLong n = logged.get(key);
      if (n == null && logged.size() < MAX_LOG_KEYS) {
        n = logged.computeIfAbsent(key, k -> new AtomicLong());
      }
      long count = n == null ? 2 : n.incrementAndGet();
      if (count == 1) {
        LOG.error("{}: {}", what, t.toString(), t);
      } else if (isPowerOfTen(count)) {
        LOG.error("{}: {} ({} times so far)", what, t.toString(), count);
      }
    } catch (Throwable ignored) {
      // out of memory while logging: the error is counted and kept as the last failure
    }
  }

  private static boolean isPowerOfTen(long n) {
    while (n >= 10 && n % 10 == 0) {
      n /= 10;
    }
    return n == 1;
  }
}
