package org.argos.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options shared by commands that read the config. */
abstract class WithConfig implements Callable<Integer> {
  final Daemon env;

  @Option(names = "--config", description = "the config file (default: $ARGOS_YAML_FILE, ./argos-config.yaml, "
      + "/etc/argos/config.yaml, else the packaged example)")
  @Nullable Path config;

  @Option(names = "--plugins", description = "directory of plugin jars (default: plugins/ beside the config file)")
  @Nullable Path plugins;

  WithConfig(Daemon env) {
    this.env = env;
  }

  Daemon.Loaded load() {
    return env.load(resolve(config), resolve(plugins));
  }

  @Nullable Path resolve(@Nullable Path p) {
    return p == null ? null : env.cwd().resolve(p);
  }

  /** The server's base URL: --server, else http://127.0.0.1:8000. */
  static String base(@Nullable String server) {
    String s = server == null ? "http://127.0.0.1:8000" : server;
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
