package org.argos.api.store;

import org.argos.api.CheckSpec;

/**
 * A task of a claimed group: its id and its check.
 *
 * @param taskId the task's id in the store
 * @param check the check to evaluate
 */
public record TaskRef(long taskId, CheckSpec check) {}
