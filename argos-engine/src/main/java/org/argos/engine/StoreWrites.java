package org.argos.engine;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether the engine can write to its store (claims, results, alerts), and what it holds in memory meanwhile: a full
 * disk under the embedded database, a database that refuses writes or is away. Small and general, so any page or
 * health endpoint can show it. Given by {@link Argos#health()} and {@link Argos#storeWrites()}.
 *
 * @param failingSince when writes began to fail, or null while they work
 * @param cause the last failure in one line (no credentials; file paths shortened to their last two names), or null
 *     while writes work
 * @param failures failed write attempts since the engine was built (each retried with a backoff)
 * @param resultsHeld finished runs (each with a result per task of its request group) waiting in memory to be written
 *     (bounded by the executor's capacity: claiming stops when it is reached, so none is dropped for room)
 * @param alertsHeld alerts given to {@link Argos#enqueueAlert} that wait in memory for the store (bounded by
 *     {@link Argos.Builder#heldAlerts})
 * @param resultsLost finished runs whose results will never be written: refused by the store for good (not for being
 *     away or full), or still held when the engine was closed
 * @param alertsLost alerts that will never be sent: beyond the bound of held alerts, or still held when the engine
 *     was closed
 */
public record StoreWrites(
    @Nullable Instant failingSince,
    @Nullable String cause,
    long failures,
    long resultsHeld,
    long alertsHeld,
    long resultsLost,
    long alertsLost) {

  /** @return true while the store refuses writes */
  public boolean failing() {
    return failingSince != null;
  }

  /**
   * @return {@code "store writes failing since <time>: <cause>"} while they fail, followed by what is held and lost,
   *     or null while writes work
   */
  public @Nullable String problem() {
    if (failingSince == null) {
      return null;
    }
    return "store writes failing since " + failingSince + ": " + cause + " (held in memory: " + resultsHeld
        + " results, " + alertsHeld + " alerts; lost: " + resultsLost + " results, " + alertsLost + " alerts)";
  }
}
