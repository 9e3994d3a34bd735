package org.argos.engine;

import java.time.Duration;

/**
 * A snapshot of what the engine has done since it started, for metrics endpoints and benchmarks.
 *
 * @param groupsClaimed request groups claimed from the store
 * @param groupsRun group runs completed (probes)
 * @param resultsWritten task results recorded
 * @param stateChanges severity changes recorded
 * @param alertsDecided alerts put in the outbox
 * @param notificationsSent notifications delivered
 * @param notificationsFailed notification attempts that failed
 * @param held groups claimed and not yet recorded (waiting, running or being written)
 * @param lagP50 median start lag (start time minus due time) over the recent window
 * @param lagP99 99th percentile start lag over the recent window
 * @param lagMax largest start lag since start
 * @param storeErrors failed store calls (each retried)
 * @param alertsSilenced alerts not sent because a silence covered them
 * @param storeWriteFailures failed attempts to write to the store (claims, results, held alerts), each retried
 * @param resultsHeld finished runs waiting in memory to be written (see {@link StoreWrites#resultsHeld})
 * @param alertsHeld alerts waiting in memory for the outbox (see {@link StoreWrites#alertsHeld})
 * @param resultsLost finished runs whose results will never be written (see {@link StoreWrites#resultsLost})
 * @param alertsLost alerts that will never be sent (see {@link StoreWrites#alertsLost})
 */
public record EngineMetrics(
    long groupsClaimed,
    long groupsRun,
    long resultsWritten,
    long stateChanges,
    long alertsDecided,
    long notificationsSent,
    long notificationsFailed,
    long held,
    Duration lagP50,
    Duration lagP99,
    Duration lagMax,
    long storeErrors,
    long alertsSilenced,
    long storeWriteFailures,
    long resultsHeld,
    long alertsHeld,
    long resultsLost,
    long alertsLost) {}
