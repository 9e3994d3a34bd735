/**
 * The plugin contracts: what a third-party jar implements, depending on {@code argos-api} only.
 * <ul>
 *   <li>{@link org.argos.api.spi.CheckProvider} / {@link org.argos.api.spi.Check}: a named test of a probe response,
 *       with {@link org.argos.api.spi.CheckContext} and, for results posted by agents,
 *       {@link org.argos.api.spi.AgentReport};</li>
 *   <li>{@link org.argos.api.spi.Probe}: does the I/O for a request group, from a
 *       {@link org.argos.api.spi.ProbeRequest} to a {@link org.argos.api.spi.ProbeResponse}, made by a
 *       {@link org.argos.api.spi.ProbeProvider} for the URI schemes it serves;</li>
 *   <li>{@link org.argos.api.spi.NotifierProvider} / {@link org.argos.api.spi.Notifier}: sends a
 *       {@link org.argos.api.spi.Notification}.</li>
 * </ul>
 * Those who replace where the engine keeps its data or where probes run implement {@link org.argos.api.store} and
 * {@link org.argos.api.executor} instead. Each contract has a compatibility kit in {@code argos-testkit} that an
 * implementation runs with a few lines of subclass.
 */
@NullMarked
package org.argos.api.spi;

import org.jspecify.annotations.NullMarked;
