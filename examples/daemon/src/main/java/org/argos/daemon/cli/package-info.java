/**
 * The {@code argos} command line: one class per command group (server, user, agent, config tools). The commands reach
 * the daemon only through {@link org.argos.daemon.cli.Daemon}, which {@code org.argos.daemon.Main} implements.
 */
@NullMarked
package org.argos.daemon.cli;

import org.jspecify.annotations.NullMarked;
