package org.argos.daemon.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.config.DaemonConfig;
import org.argos.config.version.ConfigVersions;
import org.argos.engine.plugin.PluginRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What the commands need from the process and from the daemon that wires them: the streams and environment a command
 * runs in (which tests replace), and the daemon's own parts (server, plugins, notifiers), which stay package-private in
 * {@code org.argos.daemon}.
 */
public interface Daemon {
  /** @return standard output */
  PrintStream out();

  /** @return standard error */
  PrintStream err();

  /** @return standard input (passwords) */
  InputStream in();

  /** @return the environment variables */
  Map<String, String> vars();

  /** @return the working directory, against which relative paths are resolved */
  Path cwd();

  /** @return check providers given explicitly (tests), besides the discovered ones */
  List<CheckProvider> checks();

  /** @return the probe to use instead of the discovered one (tests), or null */
  @Nullable Probe probe();

  /**
   * Reads and validates the config, with its plugins.
   *
   * @param config the --config option, resolved, or null for the default places
   * @param plugins the --plugins option, resolved, or null for plugins/ beside the config file
   * @return the config and the class loader of its plugins
   */
  Loaded load(@Nullable Path config, @Nullable Path plugins);

  /**
   * A config read by {@link #load}.
   *
   * @param config the config
   * @param classLoader the class loader of its plugins
   */
  record Loaded(DaemonConfig config, PluginRegistry plugins) {}

  /**
   * Opens the store the config designates, which creates or upgrades its schema, and closes it.
   *
   * @param db the config's database
   */
  void migrate(DaemonConfig.Db db);

  /**
   * Starts the server and runs it until it is stopped.
   *
   * @param start what {@code argos server start} was given
   * @return the exit code
   * @throws InterruptedException if interrupted while waiting for the shutdown
   */
  int serve(Start start) throws InterruptedException;

  /**
   * The options of {@code argos server start}.
   *
   * @param config the config file, resolved, or null
   * @param plugins the plugin directory, resolved, or null
   * @param host the address to listen on
   * @param port the port to listen on (0 for any)
   * @param onMismatch what to do when the cluster runs another config
   */
  record Start(@Nullable Path config, @Nullable Path plugins, String host, int port,
      ConfigVersions.OnMismatch onMismatch) {}

  /**
   * @param dir a directory of plugin jars, or null for the application's class path only
   * @return the one plugin registry a command uses: discovering over the directory's jars, with the injected checks
   *     installed
   */
  PluginRegistry plugins(@Nullable Path dir);

  /**
   * @param channel a configured notification channel
   * @param plugins the plugin registry the config was loaded with
   * @return a notifier for the channel; the caller closes it
   */
  Notifier notifier(DaemonConfig.Channel channel, PluginRegistry plugins);

  /**
   * @param id an agent name
   * @return whether the server accepts it as an agent id
   */
  boolean validAgentId(String id);
}
