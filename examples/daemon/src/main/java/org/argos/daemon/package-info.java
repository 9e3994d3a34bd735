/**
 * The bundled daemon: reads the Argos YAML config unchanged, runs the engine behind an Argos-compatible HTTP API
 * (agents, status, sites, metrics), and offers the Argos command line. Only {@link org.argos.daemon.Main} is public.
 */
@NullMarked
package org.argos.daemon;

import org.jspecify.annotations.NullMarked;
