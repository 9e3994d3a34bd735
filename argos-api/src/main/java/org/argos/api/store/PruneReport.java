package org.argos.api.store;

/**
 * What {@link Retention#prune} deleted.
 *
 * @param results raw results deleted
 * @param stateChanges history lines deleted
 * @param alerts delivered alerts deleted
 * @param incidents incidents resolved before the history's age, deleted with their domains and timelines
 * @param batches statements run, each in its own transaction
 */
public record PruneReport(long results, long stateChanges, long alerts, long incidents, int batches) {}
