package org.argos.engine.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Each request group's own place in its period: an offset from the epoch that a hash of its key gives, so a fleet's
 * groups are spread evenly over the period, the same on every node and after every restart. New groups start on
 * their slot, and a group that ran late returns to it, so a backlog leaves no bunch behind.
 */
public final class Slots {
  private Slots() {}

  /**
   * @param key the group's key ({@code ProbeRequest.key()})
   * @param period the period
   * @return the group's offset in the period, in milliseconds from the epoch modulo the period
   */
  public static long offset(String key, Duration period) {
    return Math.floorMod(mix(key.hashCode()), Math.max(1, period.toMillis()));
  }

  /**
   * @param earliest not before this
   * @param offset the group's {@link #offset}
   * @param period the period
   * @return the group's first slot at or after {@code earliest}
   */
  public static Instant atOrAfter(Instant earliest, long offset, Duration period) {
    long p = Math.max(1, period.toMillis());
    return Instant.ofEpochMilli(offset + Math.ceilDiv(earliest.toEpochMilli() - offset, p) * p);
  }

  /** Spreads nearby hashes (names that differ in a digit) over the whole range: SplitMix64's finalizer. */
  private static long mix(long h) {
    long z = h + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
