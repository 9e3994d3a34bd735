/**
 * Internal: the validation of an Argos YAML tree into a {@link org.argos.config.DaemonConfig}, one class per part of
 * the file (general, notification channels, websites, argos_java). Not exported; the entry point is
 * {@link org.argos.config.ConfigParser}.
 */
@NullMarked
package org.argos.config.parse;

import org.jspecify.annotations.NullMarked;
