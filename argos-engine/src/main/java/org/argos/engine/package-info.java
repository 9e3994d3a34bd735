/**
 * The Argos engine: {@link org.argos.engine.Argos} schedules request groups, runs them on a
 * {@link org.argos.api.executor.ProbeExecutor}, records results in a {@link org.argos.api.store.Store}, decides alerts and
 * hands them to notifiers.
 */
@NullMarked
package org.argos.engine;

import org.jspecify.annotations.NullMarked;
