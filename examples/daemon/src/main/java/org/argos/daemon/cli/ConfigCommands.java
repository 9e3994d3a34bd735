package org.argos.daemon.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.settings.Durations;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.checks.http.HttpProbe;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;
import org.argos.config.secrets.ExampleSecrets;
import org.argos.config.secrets.Secrets;
import org.argos.engine.CheckRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands that read, check or generate a config, or try its parts: check-config, test-notify, checks... */
final class ConfigCommands {
  private ConfigCommands() {}

  @Command(name = "checks", mixinStandardHelpOptions = true, description = "List the check types available, plugins included.")
  static final class Checks extends WithConfig {
    Checks(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() {
      Path file = ConfigParser.locate(resolve(config), env.vars(), env.cwd());
      Path dir = plugins != null ? resolve(plugins) : (file == null ? env.cwd() : file.toAbsolutePath().getParent()).resolve("plugins");
      CheckRegistry registry = env.plugins(dir).checks();
      if (registry.names().isEmpty()) {
        env.err().println("no check types found (add argos-checks-builtin or plugin jars in " + dir + ")");
        return 1;
      }
      for (CheckProvider p : registry.providers().values()) {
        env.out().println(p.name());
        if (!p.description().isBlank()) {
          env.out().println("    " + p.description());
        }
        if (!p.parameterHelp().isBlank()) {
          env.out().println("    parameter: " + p.parameterHelp());
        }
        if (!p.exampleParameters().isEmpty()) {
          env.out().println("    e.g. - " + p.name() + ": " + CheckSpec.of(p.name(), p.exampleParameters().get(0)).expected());
        }
      }
      return 0;
    }
  }

  @Command(name = "generate-config", mixinStandardHelpOptions = true,
      description = "Print a commented example config, with new random secrets.")
  static final class GenerateConfig implements Callable<Integer> {
    private final Daemon env;

    GenerateConfig(Daemon env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().print(ExampleSecrets.withNewSecrets(ConfigParser.exampleText()));
      env.out().flush();
      return 0;
    }
  }

  @Command(name = "generate-token", mixinStandardHelpOptions = true,
      description = "Print a new random secret (32 bytes from SecureRandom, in hexadecimal) for service.secrets, "
          + "argos_java.api_tokens or general.cookie_secret.")
  static final class GenerateToken implements Callable<Integer> {
    private final Daemon env;

    GenerateToken(Daemon env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().println(Secrets.generate());
      return 0;
    }
  }

  @Command(name = "check-config", mixinStandardHelpOptions = true,
      description = "Validate the config; print its sites, paths and tasks, or every error (exit 1).")
  static final class CheckConfig extends WithConfig {
    CheckConfig(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() {
      DaemonConfig c;
      try {
        c = load().config();
      } catch (ConfigException e) {
        env.err().println(e.getMessage());
        return 1;
      }
      int paths = c.sites().stream().mapToInt(s -> s.paths().size()).sum();
      env.out().println("config " + c.source() + " is valid: " + c.sites().size() + " sites, " + paths + " paths, "
          + c.taskCount() + " tasks");
      env.out().println("  probing: " + (c.daemon().agentsOnly() ? "agents only" : "in-process") + "; database: "
          + c.general().db().kind().name().toLowerCase(java.util.Locale.ROOT) + "; frequency: "
          + Durations.format(c.general().frequency()) + "; channels: " + String.join(", ", new java.util.TreeSet<>(c.channels().keySet()))
          + (c.daemon().agentsOnly() ? "" : "; TLS: "
              + (c.daemon().tlsProvider() instanceof DaemonConfig.TlsProvider tls ? tls.className()
                  : HttpProbe.defaultTlsProvider())));
      env.out().println("  tokens: " + c.secrets().size() + " for agents; API: " + (c.daemon().apiTokens().isEmpty()
          ? "none (only /api/severities and /healthz answer without one)"
          : String.join(", ", c.daemon().apiTokens().stream()
              .map(t -> t.name() + " (" + t.scope().label() + ")").toList())));
      for (Site s : c.sites()) {
        long tasks = s.paths().stream().mapToLong(p -> (long) p.checks().size() * s.ipVersions().size()).sum();
        env.out().println("  " + s.domain() + ": every " + Durations.format(s.frequency()) + ", " + s.paths().size()
            + (s.paths().size() == 1 ? " path, " : " paths, ") + tasks + " tasks");
      }
      return 0;
    }
  }

  @Command(name = "test-notify", mixinStandardHelpOptions = true, description = "Send a test notification on a channel.")
  static final class TestNotify extends WithConfig {
    @Option(names = "--channel", required = true, description = "the channel: local, mail, gotify, apprise:<group>, or a name "
        + "under argos_java.notifiers")
    String channel = "";

    @Option(names = "--severity", defaultValue = "critical", description = "severity of the test alert (default critical)")
    String severity = "critical";

    TestNotify(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      Daemon.Loaded loaded = load();
      DaemonConfig.Channel ch = loaded.config().channels().get(channel);
      if (ch == null) {
        env.err().println("error: no channel '" + channel + "' in the config; configured channels: "
            + String.join(", ", new java.util.TreeSet<>(loaded.config().channels().keySet())));
        return 1;
      }
      Severity sev = Severity.fromLabel(severity);
      Instant now = Instant.now();
      StateChange change = new StateChange(0, "https://argos.test", "https://argos.test/", "GET", IpVersion.IPV4,
          new CheckSpec("status-is", 200), Severity.OK, sev, now, "this is a test notification from argos server test-notify", 0);
      try (Notifier n = env.notifier(ch, loaded.plugins())) {
        n.send(new Notification(List.of(new Alert(0, AlertKind.STATE_CHANGE, change)), 0, loaded.config().daemon().baseUrl()));
      } catch (Exception e) {
        env.err().println("error: sending on channel '" + channel + "' (" + ch.type() + ") failed: " + e.getMessage());
        return 1;
      }
      env.out().println("sent a test notification on channel '" + channel + "' (" + ch.type() + ")");
      return 0;
    }
  }
}
