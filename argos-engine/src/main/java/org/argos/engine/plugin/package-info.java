/**
 * Plugins: {@link org.argos.engine.plugin.PluginRegistry}, the one place where check providers, notifier providers
 * and probes are installed or discovered.
 */
@NullMarked
package org.argos.engine.plugin;

import org.jspecify.annotations.NullMarked;
