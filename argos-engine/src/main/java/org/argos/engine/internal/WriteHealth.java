package org.argos.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.Redaction;
import org.argos.engine.StoreWrites;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store accepts the engine's writes. Each writing loop (claims, results, held alerts) says when a write
 * failed and when one worked; writes are failing while any of them last failed. One line is logged when writes begin
 * to fail and one when they work again, however many attempts fail in between. Thread-safe.
 */
public final class WriteHealth {
  private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);
  private static final int CAUSE_LENGTH = 300;
  /** A file path: the last two names (the data directory's and the file's) are kept. */
  private static final Pattern PATH = Pattern.compile("(?:/[^/\\s:;\"'()\\[\\]]+){3,}");

  private final Clock clock;
  private final LongSupplier resultsHeld;
  private final LongSupplier alertsHeld;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong resultsLost = new AtomicLong();
  private final AtomicLong alertsLost = new AtomicLong();
  private final Set<String> failing = new HashSet<>();
  private @Nullable Instant since;
  private @Nullable String cause;
  /** The episode of failures whose first loss was logged. */
  private @Nullable Instant lossLoggedFor;

  /**
   * @param clock the engine's clock
   * @param resultsHeld finished runs not written yet
   * @param alertsHeld alerts waiting in memory for the store
   */
  public WriteHealth(Clock clock, LongSupplier resultsHeld, LongSupplier alertsHeld) {
    this.clock = clock;
    this.resultsHeld = resultsHeld;
    this.alertsHeld = alertsHeld;
  }

  /**
   * @param loop the writing loop ("result writer", "scheduler"...)
   * @param what what it was writing, for the log
   * @param e what the store threw
   */
  public void failed(String loop, String what, Throwable e) {
    failures.incrementAndGet();
    String line = describe(e);
    boolean began;
    Instant at;
    synchronized (this) {
      began = failing.isEmpty();
      failing.add(loop);
      cause = line;
      if (began) {
        since = clock.instant();
      }
      at = since;
    }
    if (began) {
      LOG.warn("Store writes failing since {} ({} could not {}): {}. Results and alerts are held in memory and written "
          + "when the store accepts writes again; attempts are retried with a backoff and not logged one by one",
          at, loop, what, line);
    }
  }

  /** @param loop a writing loop whose write worked */
  public void succeeded(String loop) {
    Instant began;
    synchronized (this) {
      if (failing.isEmpty() || !failing.remove(loop) || !failing.isEmpty()) {
        return;
      }
      began = since;
      since = null;
      cause = null;
    }
    Duration d = began == null ? Duration.ZERO : Duration.between(began, clock.instant());
    LOG.info("Store writes work again after {} s of failures ({} failed attempts since start); held work is being "
        + "written; lost so far: {} results, {} alerts", d.toSeconds(), failures.get(), resultsLost.get(),
        alertsLost.get());
  }

  /** @param n results that will never be written */
  public void resultsLost(long n) {
    if (n > 0) {
      resultsLost.addAndGet(n);
      logLoss();
    }
  }

  /** @param n alerts that will never be sent */
  public void alertsLost(long n) {
    if (n > 0) {
      alertsLost.addAndGet(n);
      logLoss();
    }
  }

  /** One line for the first loss while writes fail (or each loss while they work), the totals with it. */
  private void logLoss() {
    boolean log;
    synchronized (this) {
      log = since == null || !since.equals(lossLoggedFor);
      lossLoggedFor = since;
    }
    if (log) {
      LOG.error("Work lost because the store refuses writes: {} results and {} alerts lost so far (see docs/storage.md, "
          + "\"A full disk\")", resultsLost.get(), alertsLost.get());
    }
  }

  /** @return the state now */
  public StoreWrites snapshot() {
    Instant s;
    String c;
    synchronized (this) {
      s = since;
      c = cause;
    }
    return new StoreWrites(s, c, failures.get(), resultsHeld.getAsLong(), alertsHeld.getAsLong(), resultsLost.get(),
        alertsLost.get());
  }

  public long failures() {
    return failures.get();
  }

  public long resultsLost() {
    return resultsLost.get();
  }

  public long alertsLost() {
    return alertsLost.get();
  }

  /**
   * The failure in one line for health pages: credentials masked, absolute paths cut to their last two names (the
   * data directory and the file), and "no space left on device" said when a cause says it.
   */
  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left on device")
          && !message.contains("No space left on device")) {
        message = "No space left on device: " + message;
        break;
      }
    }
    Matcher m = PATH.matcher(Redaction.text(message));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String p = m.group();
      int last = p.lastIndexOf('/');
      int before = p.lastIndexOf('/', last - 1);
      m.appendReplacement(out, Matcher.quoteReplacement("…" + p.substring(before)));
    }
    m.appendTail(out);
    String line = out.toString().replaceAll("\\s+", " ").strip();
    return line.length() <= CAUSE_LENGTH ? line : line.substring(0, CAUSE_LENGTH) + "…";
  }
}
