/**
 * Where probes run: the {@link org.argos.api.executor.ProbeExecutor} contract, for those who run claimed groups
 * elsewhere than on the engine's virtual threads (remote agents, a queue). The engine hands an executor a
 * {@link org.argos.api.executor.GroupRunner} through {@link org.argos.api.executor.ExecutorContext}.
 */
@NullMarked
package org.argos.api.executor;

import org.jspecify.annotations.NullMarked;
