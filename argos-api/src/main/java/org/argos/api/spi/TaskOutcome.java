package org.argos.api.spi;

import org.argos.api.CheckResult;

/**
 * The result of one task in a group run.
 *
 * @param taskId the task
 * @param result its result
 */
public record TaskOutcome(long taskId, CheckResult result) {}
