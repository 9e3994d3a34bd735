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
    long alertsSilenced) {}
