package org.argos.engine;

import java.time.Duration;

/**
 * A snapshot of what the engine has done since it started, for health endpoints, tests and benchmarks: the engine's
 * own reading of its Micrometer meters (see {@link Argos.Builder#meterRegistry}).
 *
 * @param groupsClaimed request groups claimed from the store
 * @param groupsRun group runs completed (probes)
 * @param resultsWritten task results recorded
 * @param stateChanges severity changes recorded
 * @param alertsDecided alerts put in the outbox
 * @param notificationsSent notifications delivered
 * @param notificationsFailed notification attempts that failed
 * @param held groups claimed and not yet recorded (waiting, running or being written)
 * @param lagP50 median start lag (when a group was handed to the executor minus its due time) over the last few
 *     minutes (the {@code argos.start.lag} timer's percentile)
 * @param lagP99 99th percentile start lag over the last few minutes
 * @param lagMax largest start lag over the last few minutes (the timer's decaying maximum)
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
