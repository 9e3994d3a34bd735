package org.argos.api.spi;

import java.time.Clock;

/**
 * What the engine gives a {@link ProbeExecutor} when it starts.
 *
 * @param runner runs a group locally (probe and checks)
 * @param clock the engine's clock
 */
public record ExecutorContext(GroupRunner runner, Clock clock) {}
