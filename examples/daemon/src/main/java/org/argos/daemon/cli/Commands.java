package org.argos.daemon.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code argos} command tree, with the Argos Panoptès command names: {@code argos server start},
 * {@code argos agent URL TOKEN}, {@code argos server check-config}... Run {@code argos --help}.
 */
public final class Commands {
  private Commands() {}

  /**
   * @param daemon where the commands run and what they start
   * @return the command line, printing to the daemon's streams; the caller sets its execution exception handler
   */
  public static CommandLine of(Daemon daemon) {
    CommandLine cl = new CommandLine(new Root(daemon))
        .addSubcommand("version", new Version(daemon))
        .addSubcommand("checks", new ConfigCommands.Checks(daemon))
        .addSubcommand("agent", new AgentCommands.AgentCmd(daemon))
        .addSubcommand("server", new CommandLine(new ServerCmd())
            .addSubcommand("start", new ServerCommands.Start(daemon))
            .addSubcommand("migrate", new ServerCommands.Migrate(daemon))
            .addSubcommand("reload-config", new ServerCommands.ReloadConfig(daemon))
            .addSubcommand("generate-config", new ConfigCommands.GenerateConfig(daemon))
            .addSubcommand("generate-token", new ConfigCommands.GenerateToken(daemon))
            .addSubcommand("nagios", new ServerCommands.Nagios(daemon))
            .addSubcommand("push-url", new PushUrl(daemon))
            .addSubcommand("check-config", new ConfigCommands.CheckConfig(daemon))
            .addSubcommand("test-notify", new ConfigCommands.TestNotify(daemon))
            .addSubcommand("user", UserCommands.of(daemon)));
    cl.setOut(new PrintWriter(daemon.out(), true));
    cl.setErr(new PrintWriter(daemon.err(), true));
    return cl;
  }

  /** @return the version of the build, or "dev" */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = Commands.class.getResourceAsStream("/org/argos/daemon/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (java.io.IOException ignored) {
      // the version is informative only
    }
    return p.getProperty("version", "dev");
  }

  /** Argos' --log-level names (Python levels) mapped to slf4j-simple's; must run before the first logger is made. */
  static void logLevel(@Nullable String level) {
    if (level == null) {
      return;
    }
    String l = switch (level.toUpperCase(java.util.Locale.ROOT)) {
      case "DEBUG" -> "debug";
      case "INFO" -> "info";
      case "WARNING", "WARN" -> "warn";
      case "ERROR", "CRITICAL" -> "error";
      default -> throw new IllegalArgumentException("--log-level must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got '" + level + "'");
    };
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
  }

  @Command(name = "argos", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Website supervision: the Argos Panoptès server, agent and tools.",
      subcommandsRepeatable = false)
  static final class Root implements Callable<Integer> {
    private final Daemon env;

    Root(Daemon env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      new CommandLine(this).usage(env.err());
      return 2;
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"argos " + version()};
    }
  }

  @Command(name = "server", mixinStandardHelpOptions = true, description = "Run and manage the server.")
  static final class ServerCmd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return 2;
    }
  }

  @Command(name = "version", description = "Print the version.")
  static final class Version implements Callable<Integer> {
    private final Daemon env;

    Version(Daemon env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().println("argos " + version());
      return 0;
    }
  }
}
