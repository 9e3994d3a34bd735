package org.argos.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Slows down password guessing on the login form. Failed logins are counted per client address and per user name;
 * {@code maxFailures} failures of one key within {@code window} lock that key for {@code firstLock}, and each further
 * lock of the same key lasts twice as long as the one before, up to {@code maxLock}. A key with no failure for
 * {@code forget} (and no lock running) starts again from nothing. A successful login clears its user name's count, not
 * its address's (else one valid account would let an address guess other users' passwords without end).
 *
 * <p>Memory is bounded: each of the two tables keeps at most {@code maxKeys} keys and drops the least recently used one
 * when a new key comes. Someone spraying user names or addresses can thus push a lock out of the table, but only by
 * failing {@code maxKeys} times (each address itself limited) while that lock would have run: far slower than the
 * guessing the lock stops.
 */
public final class LoginThrottle {
  /**
   * The rules.
   *
   * @param maxFailures failures of one key within {@code window} that lock it
   * @param window how far back failures count
   * @param firstLock the first lock's length; each next lock of the same key doubles it
   * @param maxLock the longest lock
   * @param forget a key with no failure for this long, and not locked, is forgotten (its locks start again short)
   * @param maxKeys keys each table (addresses, user names) keeps at most
   */
  public record Policy(int maxFailures, Duration window, Duration firstLock, Duration maxLock, Duration forget, int maxKeys) {
    public static final Policy DEFAULT = new Policy(5, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(15),
        Duration.ofHours(1), 10_000);

    public Policy {
      if (maxFailures < 1 || maxKeys < 1 || window.isNegative() || firstLock.isNegative() || maxLock.compareTo(firstLock) < 0) {
        throw new IllegalArgumentException("bad login throttle policy " + this);
      }
    }
  }

  /** What a failure led to: the lock it started (zero when none) and which key it locked. */
  public record Failure(Duration lock, @Nullable String lockedKey) {}

  private static final class Count {
    int failures;
    Instant windowStart;
    Instant lastFailure;
    Instant lockedUntil = Instant.EPOCH;
    int locks;

    Count(Instant now) {
      windowStart = now;
      lastFailure = now;
    }
  }

  private final Clock clock;
  private final Policy policy;
  private final Map<String, Count> addresses;
  private final Map<String, Count> users;

  public LoginThrottle(Clock clock, Policy policy) {
    this.clock = clock;
    this.policy = policy;
    this.addresses = lru(policy.maxKeys());
    this.users = lru(policy.maxKeys());
  }

  private static Map<String, Count> lru(int max) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
        return size() > max;
      }
    };
  }

  static String userKey(String user) {
    return user.toLowerCase(Locale.ROOT);
  }

  /** @return how long attempts from this address or for this user name must still wait; zero when they may go on */
  public synchronized Duration lockLeft(String address, String user) {
    Instant now = clock.instant();
    Duration a = remaining(addresses, address, now);
    Duration u = user.isEmpty() ? Duration.ZERO : remaining(users, userKey(user), now);
    return a.compareTo(u) >= 0 ? a : u;
  }

  private Duration remaining(Map<String, Count> table, String key, Instant now) {
    Count e = table.get(key);
    if (e == null) {
      return Duration.ZERO;
    }
    if (stale(e, now)) {
      table.remove(key);
      return Duration.ZERO;
    }
    return now.isBefore(e.lockedUntil) ? Duration.between(now, e.lockedUntil) : Duration.ZERO;
  }

  private boolean stale(Count e, Instant now) {
    return !now.isBefore(e.lockedUntil) && !now.isBefore(e.lastFailure.plus(policy.forget()));
  }

  /** Counts a failed login. */
  public synchronized Failure failed(String address, String user) {
    Instant now = clock.instant();
    Duration a = count(addresses, address, now);
    Duration u = user.isEmpty() ? Duration.ZERO : count(users, userKey(user), now);
    String locked = !a.isZero() && !u.isZero() ? "address " + address + " and user name '" + user + "'"
        : !a.isZero() ? "address " + address : !u.isZero() ? "user name '" + user + "'" : null;
    return new Failure(a.compareTo(u) >= 0 ? a : u, locked);
  }

  private Duration count(Map<String, Count> table, String key, Instant now) {
    Count e = table.get(key);
    if (e == null || stale(e, now)) {
      e = new Count(now);
      table.put(key, e);
    }
    if (!now.isBefore(e.windowStart.plus(policy.window()))) {
      e.failures = 0;
      e.windowStart = now;
    }
    e.failures++;
    e.lastFailure = now;
    if (e.failures < policy.maxFailures()) {
      return Duration.ZERO;
    }
    Duration lock = policy.firstLock().multipliedBy(1L << Math.min(e.locks, 30));
    if (lock.compareTo(policy.maxLock()) > 0) {
      lock = policy.maxLock();
    }
    e.locks++;
    e.failures = 0;
    e.lockedUntil = now.plus(lock);
    e.windowStart = e.lockedUntil;
    return lock;
  }

  /** A successful login: the user name's failures are forgotten. */
  public synchronized void succeeded(String user) {
    users.remove(userKey(user));
  }

  /** @return the keys held (addresses, user names), for tests of the bound */
  synchronized int size() {
    return addresses.size() + users.size();
  }
}
