package org.argos.api.executor;

import java.time.Clock;

/**
 * What the engine gives a {@link ProbeExecutor} when it starts.
 *
 * @param runner runs a group locally (probe and checks)
 * @param clock the engine's clock
 */
public record ExecutorContext(GroupRunner runner, Clock clock) {}
