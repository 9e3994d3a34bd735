/**
 * The extension points of Argos. Plugin authors implement these and depend on {@code argos-api} only:
 * <ul>
 *   <li>{@link org.argos.api.spi.CheckProvider} / {@link org.argos.api.spi.Check}: a named test of a probe response;</li>
 *   <li>{@link org.argos.api.spi.Probe}: does the I/O for a request group;</li>
 *   <li>{@link org.argos.api.spi.NotifierProvider} / {@link org.argos.api.spi.Notifier}: sends alerts;</li>
 *   <li>{@link org.argos.api.spi.ProbeExecutor}: where probes run (in-process, remote agents...);</li>
 *   <li>{@link org.argos.api.spi.Store}: persistence of sites, schedule, results, state, history and alert outbox.</li>
 * </ul>
 * Each has a compatibility kit in {@code argos-testkit} that an implementation runs with a few lines of subclass.
 */
@NullMarked
package org.argos.api.spi;

import org.jspecify.annotations.NullMarked;
