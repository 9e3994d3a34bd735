package org.argos.web.http;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.argos.api.SeverityCounts;
import org.argos.api.StatusPage;
import org.argos.api.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database as pages and the API see it: reachable, or unreachable since a time. The first request that finds it
 * out of reach (its connection refused, dropped or not given within the pool's 1 s) opens the circuit; from then on
 * pages and API calls that need the database answer 503 at once, with {@code Retry-After}, instead of each waiting for
 * the pool, while one thread probes the database every second and closes the circuit when it answers. It also keeps
 * the last summary read (counts by severity, the first page of problems), which the dashboard and the summary API
 * show while the database is out of reach, marked with its age. The engine is not behind this circuit: it keeps its
 * results in memory and retries by itself.
 */
public final class DatabaseOutage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
  /** What {@code Retry-After} says while the database is out of reach. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /**
   * The last summary read from the database.
   *
   * @param counts tasks by severity
   * @param problems the first page of problems, or null when only the counts were read
   * @param at when it was read
   */
  public record Summary(SeverityCounts counts, @Nullable StatusPage problems, Instant at) {}

  private final Runnable probe;
  private final Clock clock;
  private final Duration every;
  private volatile @Nullable Instant since;
  private volatile @Nullable Summary last;
  private volatile boolean closed;
  private @Nullable Thread prober;

  /**
   * @param probe a cheap read of the database; it throws while the database is out of reach
   * @param clock the time
   * @param every how often the probe runs while the database is out of reach
   */
  public DatabaseOutage(Runnable probe, Clock clock, Duration every) {
    this.probe = probe;
    this.clock = clock;
    this.every = every;
  }

  /** @return since when the database is out of reach, or null while it answers */
  public @Nullable Instant unreachableSince() {
    return since;
  }

  /**
   * Opens the circuit when {@code e} says the database is out of reach.
   *
   * @return true when it does (the request answers 503)
   */
  public boolean failed(Throwable e) {
    if (!unreachable(e)) {
      return false;
    }
    synchronized (this) {
      if (since == null && !closed) {
        Instant now = clock.instant();
        since = now;
        LOG.warn("the database is out of reach since {} ({}): pages and API calls that need it answer 503 at once; "
            + "probing it every {} ms", now, cause(e), every.toMillis());
        prober = Thread.ofPlatform().daemon().name("argos-database-probe").start(this::probeUntilBack);
      }
    }
    return true;
  }

  /** @return true when {@code e} comes from the store: the request failed because the database did */
  public static boolean storeFailure(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof StoreException) {
        return true;
      }
    }
    return false;
  }

  /**
   * @return true when {@code e} is a store failure whose cause is the database out of reach or refusing connections:
   *     a connection refused or dropped (SQL states 08...), the server shutting down or starting (57P0x), too many
   *     connections (53300), or no connection from the pool in time
   */
  public static boolean unreachable(Throwable e) {
    if (!storeFailure(e)) {
      return false;
    }
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Keeps a summary just read, for when the database is out of reach. */
  public void remember(SeverityCounts counts, @Nullable StatusPage problems) {
    Summary before = last;
    last = new Summary(counts, problems != null || before == null ? problems : before.problems(), clock.instant());
  }

  /** @return the last summary read, or null when none was */
  public @Nullable Summary lastSummary() {
    return last;
  }

  private void probeUntilBack() {
    while (!closed) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      try {
        probe.run();
      } catch (RuntimeException e) {
        continue; // still out of reach
      }
      Instant was;
      synchronized (this) {
        was = since;
        since = null;
        prober = null;
      }
      LOG.info("the database answers again, after {} s out of reach", was == null ? 0
          : Duration.between(was, clock.instant()).toSeconds());
      return;
    }
  }

  /** The class and SQL state of the failure, for the log: never its message, which may name the database. */
  private static String cause(Throwable e) {
    Throwable root = e;
    String state = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
      root = t;
      if (t instanceof SQLException s && s.getSQLState() != null && state == null) {
        state = s.getSQLState();
      }
    }
    return root.getClass().getSimpleName() + (state == null ? "" : ", SQL state " + state);
  }

  /** Stops probing. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = prober;
    }
    if (t != null) {
      t.interrupt();
    }
  }
}
