package org.argos.postgres.internal.sql;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database refusing connections, told once: each store failure whose cause is PostgreSQL saying no to a new
 * connection (too many connections for the server, the role or the database; a server starting up or shutting down)
 * is logged as one error per cause and per {@link #EVERY}, naming the two settings that decide it, this node's pool
 * size and the server's {@code max_connections}, and what to do. Without it, each failed call logged its own warning
 * with the driver's words, and nobody learned which setting to change.
 */
public final class ConnectionRefusals {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRefusals.class);
  /** At most one line per cause in this time. */
  public static final Duration EVERY = Duration.ofMinutes(5);

  private final String where;
  private final int poolSize;
  private final String poolSetting;
  private final Clock clock;
  /** Per SQL state: when it was last logged. */
  private final Map<String, Instant> logged = new ConcurrentHashMap<>();
  /** Per SQL state: refusals not logged since the last line. */
  private final Map<String, AtomicLong> quiet = new ConcurrentHashMap<>();

  public ConnectionRefusals(String where, int poolSize, String poolSetting, Clock clock) {
    this.where = where;
    this.poolSize = poolSize;
    this.poolSetting = poolSetting;
    this.clock = clock;
  }

  /**
   * @return the SQL state of the refusal that caused {@code e}: {@code 53300} (too many connections), {@code 57P03}
   *     (cannot connect now), or null when {@code e} is no refusal of a connection
   */
  public static @Nullable String refusal(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().equals("53300") || s.getSQLState().equals("57P03"))) {
        return s.getSQLState();
      }
    }
    return null;
  }

  /**
   * Logs {@code e} as one line per cause and {@link #EVERY} when it is a refused connection.
   *
   * @return true when it was one
   */
  public boolean seen(Throwable e) {
    String state = refusal(e);
    if (state == null) {
      return false;
    }
    Instant now = clock.instant();
    Instant last = logged.get(state);
    AtomicLong skipped = quiet.computeIfAbsent(state, k -> new AtomicLong());
    if (last != null && now.isBefore(last.plus(EVERY))) {
      skipped.incrementAndGet();
      return true;
    }
    if (last == null ? logged.putIfAbsent(state, now) != null : !logged.replace(state, last, now)) {
      skipped.incrementAndGet(); // another thread logs this one
      return true;
    }
    long before = skipped.getAndSet(0);
    String more = before == 0 ? "" : " (" + before + " more since the last such line)";
    String pool = poolSize > 0 ? "up to " + poolSize + " connections (" + poolSetting + ")" : "the connections of "
        + poolSetting;
    if (state.equals("53300")) {
      LOG.error("Argos store ({}): PostgreSQL refused a connection: too many connections (SQL state 53300){}. This "
          + "node's pool opens {}; the server accepts at most max_connections in all, for "
          + "every node and client together, less superuser_reserved_connections (a CONNECTION LIMIT of the role or "
          + "database may be lower). Lower the pool size of the nodes or raise max_connections on the server, so "
          + "that nodes x pool size + other clients <= max_connections - superuser_reserved_connections "
          + "(docs/storage.md, \"Sizing the connection pool\"). Calls fail until connections are free.",
          where, more, pool);
    } else {
      LOG.error("Argos store ({}): PostgreSQL refused a connection: it is starting up, shutting down or recovering "
          + "(SQL state 57P03){}. Argos retries by itself; if it lasts, look at the server's log. This node's pool "
          + "opens {}, within the server's max_connections.", where, more, pool);
    }
    return true;
  }
}
