package org.argos.api.store;

import java.time.Instant;
import org.argos.api.AlertKind;
import org.argos.api.TaskState;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TransitionRule} decided for one task.
 *
 * @param next the state to store
 * @param severityChanged true to record a state change in the history
 * @param alert the alert to put in the outbox, or null
 * @param nextRun when this task wants its group to run again; the group runs at the earliest of its tasks' wishes
 */
public record Transition(TaskState next, boolean severityChanged, @Nullable AlertKind alert, Instant nextRun) {}
