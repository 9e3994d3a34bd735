package org.argos.daemon;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Redaction;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.checks.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.argos.agents.protocol.Json;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;
import org.argos.config.TlsProviders;
import org.argos.config.secrets.ExampleSecrets;
import org.argos.config.secrets.Secrets;
import org.argos.config.version.ConfigVersions;
import org.argos.agents.agent.Agent;
import org.argos.api.settings.Durations;
import org.argos.web.auth.FileUserStore;
import org.argos.web.auth.UserStore;

/**
 * The {@code argos} command line, with the Argos Panoptès command names: {@code argos server start},
 * {@code argos agent URL TOKEN}, {@code argos server check-config}... Run {@code argos --help}.
 */
public final class Main {
  private Main() {}

  /**
   * Runs a command and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(execute(args, Env.system()));
  }

  /**
   * Where a command runs: its streams and environment, and what tests inject (check providers, a probe, a store).
   */
  record Env(PrintStream out, PrintStream err, InputStream in, Map<String, String> vars, Path cwd, List<CheckProvider> checks,
      @Nullable Probe probe, Stores.Factory stores) {
    static Env system() {
      return new Env(System.out, System.err, System.in, System.getenv(), Path.of("").toAbsolutePath(), List.of(), null,
          Stores.DEFAULT);
    }
  }

  /** @return the exit code */
  static int execute(String[] args, Env env) {
    CommandLine cl = new CommandLine(new Root(env))
        .addSubcommand("version", new Version(env))
        .addSubcommand("checks", new Checks(env))
        .addSubcommand("agent", new AgentCmd(env))
        .addSubcommand("server", new CommandLine(new ServerCmd())
            .addSubcommand("start", new Start(env))
            .addSubcommand("migrate", new Migrate(env))
            .addSubcommand("reload-config", new ReloadConfig(env))
            .addSubcommand("generate-config", new GenerateConfig(env))
            .addSubcommand("generate-token", new GenerateToken(env))
            .addSubcommand("nagios", new Nagios(env))
            .addSubcommand("check-config", new CheckConfig(env))
            .addSubcommand("test-notify", new TestNotify(env))
            .addSubcommand("user", new CommandLine(new UserCmd())
                .addSubcommand("add", new UserAdd(env))
                .addSubcommand("change-password", new UserChangePassword(env))
                .addSubcommand("verify-password", new UserVerify(env))
                .addSubcommand("disable", new UserEnable(env, false))
                .addSubcommand("enable", new UserEnable(env, true))
                .addSubcommand("delete", new UserDelete(env))
                .addSubcommand("logout-everywhere", new UserLogoutEverywhere(env))
                .addSubcommand("show", new UserShow(env))));
    cl.setOut(new PrintWriter(env.out(), true));
    cl.setErr(new PrintWriter(env.err(), true));
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof ConfigVersions.Mismatch m) {
        env.err().println(m.getMessage());
        return ConfigVersions.MISMATCH_EXIT;
      }
      if (e instanceof org.argos.engine.NodeIdInUseException n) { // another live daemon has this node_id
        env.err().println("argos: " + n.getMessage() + "; exiting with status " + NODE_ID_IN_USE);
        return NODE_ID_IN_USE;
      }
      if (e instanceof ConfigException ce) {
        env.err().println(ce.getMessage());
        return 1;
      }
      if (e instanceof ArgosException || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
        env.err().println("error: " + Redaction.text(e.getMessage())); // a driver's message may quote a URL
        return 1;
      }
      throw e;
    });
    return cl.execute(args);
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/org/argos/daemon/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (java.io.IOException ignored) {
      // the version is informative only
    }
    return p.getProperty("version", "dev");
  }

  @Command(name = "argos", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Website supervision: the Argos Panoptès server, agent and tools.",
      subcommandsRepeatable = false)
  static final class Root implements Callable<Integer> {
    private final Env env;

    Root(Env env) {
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

  @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage web UI users.")
  static final class UserCmd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return 2;
    }
  }

  /** Options shared by commands that read the config. */
  abstract static class WithConfig implements Callable<Integer> {
    final Env env;

    @Option(names = "--config", description = "the config file (default: $ARGOS_YAML_FILE, ./argos-config.yaml, "
        + "/etc/argos/config.yaml, else the packaged example)")
    @Nullable Path config;

    @Option(names = "--plugins", description = "directory of plugin jars (default: plugins/ beside the config file)")
    @Nullable Path plugins;

    WithConfig(Env env) {
      this.env = env;
    }

    Server.Loaded load() {
      return Server.load(resolve(config), env.vars(), env.cwd(), resolve(plugins), env.checks());
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

  @Command(name = "version", description = "Print the version.")
  static final class Version implements Callable<Integer> {
    private final Env env;

    Version(Env env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().println("argos " + version());
      return 0;
    }
  }

  @Command(name = "checks", mixinStandardHelpOptions = true, description = "List the check types available, plugins included.")
  static final class Checks extends WithConfig {
    Checks(Env env) {
      super(env);
    }

    @Override
    public Integer call() {
      Path file = ConfigParser.locate(resolve(config), env.vars(), env.cwd());
      Path dir = plugins != null ? resolve(plugins) : (file == null ? env.cwd() : file.toAbsolutePath().getParent()).resolve("plugins");
      CheckRegistry registry = CheckRegistry.of(env.checks(), true, Plugins.loader(dir));
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

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server (API, probing, alerts).")
  static final class Start extends WithConfig {
    @Option(names = "--log-level", description = "DEBUG, INFO (default), WARNING, ERROR or CRITICAL")
    @Nullable String logLevel;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", defaultValue = "8000", description = "port to listen on (default ${DEFAULT-VALUE})")
    int port = 8000;

    @Option(names = "--adopt-config", description = "make this node's config the one the cluster runs, even if the "
        + "database holds another (its sites replace the stored ones; sites it lacks are deleted for every node)")
    boolean adoptConfig;

    @Option(names = "--read-only", description = "if this node's config differs from the one the cluster runs, check "
        + "the stored sites without registering this config's (instead of refusing to start)")
    boolean readOnly;

    Start(Env env) {
      super(env);
    }

    @Override
    public Integer call() throws InterruptedException {
      logLevel(logLevel);
      if (adoptConfig && readOnly) {
        throw new IllegalArgumentException("--adopt-config and --read-only exclude each other");
      }
      Server server = Server.start(new Server.Options(resolve(config), host, port, env.vars(), env.cwd(), resolve(plugins),
          env.probe(), env.checks(), env.stores()).onMismatch(adoptConfig ? ConfigVersions.OnMismatch.ADOPT
              : readOnly ? ConfigVersions.OnMismatch.READ_ONLY : ConfigVersions.OnMismatch.REFUSE));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "argos-shutdown"));
      stopOnSignals(server, System::exit);
      exitWhenDead(server, env.err(), System::exit);
      try {
        sun.misc.SignalHandler before =
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> Thread.ofVirtual().start(server::reload));
        if (before == sun.misc.SignalHandler.SIG_IGN) {
          // A process started with SIGHUP ignored (nohup, some supervisors) keeps it ignored: the JVM will not
          // install a handler over it, so a SIGHUP would silently do nothing.
          env.err().println("note: SIGHUP is ignored in this process (started under nohup?), so it will not reload "
              + "the config; use 'argos server reload-config', or start without nohup");
        }
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        env.err().println("note: SIGHUP is not available here; use 'argos server reload-config'");
      }
      env.out().println("argos listening on http://" + host + ":" + server.port() + server.config().general().rootPath()
          + " (config: " + server.config().source() + ")");
      server.awaitShutdown();
      return 0;
    }
  }

  /**
   * SIGTERM and SIGINT stop the server before the JVM's shutdown begins: the embedded database closes itself in a
   * shutdown hook of its own, which would run alongside ours and close it under the engine while it records the runs
   * in progress and releases its claims (issue 17). The shutdown hook stays for other ways out.
   */
  static void stopOnSignals(Server server, java.util.function.IntConsumer exit) {
    for (String name : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> Thread.ofPlatform().name("argos-stop").start(() -> {
          try {
            server.close();
          } finally {
            exit.accept(0);
          }
        }));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // not available here (or ignored by the launcher): the shutdown hook stops the server
      }
    }
  }

  /** Exit status of a daemon whose engine died (EX_SOFTWARE). */
  static final int DEAD_ENGINE = 70;
  /** Exit status when another live process runs with this node id on the shared database (issue 17). */
  static final int NODE_ID_IN_USE = 76;

  /**
   * An engine that cannot go on (its writer out of memory again and again...) must not leave a daemon that answers HTTP
   * and checks nothing: it exits loudly, so that its supervisor restarts it.
   */
  static void exitWhenDead(Server server, PrintStream err, java.util.function.IntConsumer exit) {
    server.argos().onDeath(reason -> {
      err.println("argos: the engine is dead (" + reason + "); exiting with status " + DEAD_ENGINE);
      // on another thread: exit runs the shutdown hook, which waits for the engine's threads, this one among them
      Thread.ofPlatform().name("argos-exit").start(() -> exit.accept(DEAD_ENGINE));
    });
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Create or upgrade the database schema.")
  static final class Migrate extends WithConfig {
    Migrate(Env env) {
      super(env);
    }

    @Override
    public Integer call() {
      DaemonConfig c = load().config();
      // Opening the store runs its migrations (a no-op for the in-memory store).
      env.stores().open(c.general().db()).close();
      env.out().println("database " + c.general().db().kind().name().toLowerCase(java.util.Locale.ROOT) + " ("
          + Redaction.url(c.general().db().url()) + ") is up to date");
      return 0;
    }
  }

  @Command(name = "reload-config", mixinStandardHelpOptions = true,
      description = "Ask the running server to re-read its config file (POST /api/reload-config with an admin API "
          + "token of the config).")
  static final class ReloadConfig extends WithConfig {
    @Option(names = "--server", description = "the server's URL (default http://127.0.0.1:8000)")
    @Nullable String server;

    @Option(names = "--force", description = "apply even if more sites than argos_java.reload_max_deletions would be "
        + "deleted")
    boolean force;

    @Option(names = "--adopt-config", description = "make the file's config the one the cluster runs, even if the "
        + "database holds another")
    boolean adopt;

    ReloadConfig(Env env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      DaemonConfig c = load().config();
      // Agent tokens cannot reload (they serve the agent protocol only): the CLI needs an admin API token.
      DaemonConfig.ApiToken admin = c.daemon().apiTokens().stream()
          .filter(t -> t.scope().includes(DaemonConfig.Scope.ADMIN)).findFirst().orElse(null);
      if (admin == null) {
        env.err().println("error: reload-config needs an API token with the admin scope in argos_java.api_tokens of "
            + c.source() + ", e.g.\n  argos_java:\n    api_tokens:\n      - {name: admin, token: \"<the output of "
            + "'argos server generate-token'>\", scopes: [admin]}\nor send SIGHUP to the server (kill -HUP <pid>)");
        return 1;
      }
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base(server)
          + c.general().rootPath() + "/api/reload-config" + (force || adopt ? "?" : "") + (force ? "force=true" : "")
          + (force && adopt ? "&" : "") + (adopt ? "adopt=true" : ""))).header("Authorization", "Bearer " + admin.token())
          .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      var body = Json.MAPPER.readTree(r.body());
      if (r.statusCode() == 200) {
        env.out().println("config reloaded: " + body.path("added").asInt() + " added, " + body.path("changed").asInt()
            + " changed, " + body.path("removed").asInt() + " removed, " + body.path("unchanged").asInt() + " unchanged");
        return 0;
      }
      env.err().println("the server refused the reload (HTTP " + r.statusCode() + "); it keeps its running config:");
      body.path("errors").forEach(e -> env.err().println("  " + e.asText()));
      if (body.has("error")) {
        env.err().println("  " + body.get("error").asText());
      }
      return 1;
    }
  }

  @Command(name = "generate-config", mixinStandardHelpOptions = true,
      description = "Print a commented example config, with new random secrets.")
  static final class GenerateConfig implements Callable<Integer> {
    private final Env env;

    GenerateConfig(Env env) {
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
    private final Env env;

    GenerateToken(Env env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().println(Secrets.generate());
      return 0;
    }
  }

  @Command(name = "nagios", mixinStandardHelpOptions = true,
      description = "Nagios check: task counts by severity; exit 0 ok, 1 warning, 2 critical, 3 unknown.")
  static final class Nagios implements Callable<Integer> {
    private final Env env;

    @Option(names = "--server", description = "the server's URL (default http://127.0.0.1:8000, root_path included)")
    @Nullable String server;

    Nagios(Env env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      String url = WithConfig.base(server) + "/api/severities";
      try {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          env.out().println("UNKNOWN: " + Redaction.url(url) + " answered HTTP " + r.statusCode());
          return 3;
        }
        var b = Json.MAPPER.readTree(r.body());
        long ok = b.path("ok").asLong();
        long warning = b.path("warning").asLong();
        long critical = b.path("critical").asLong();
        long unknown = b.path("unknown").asLong();
        env.out().println("ok=" + ok + "; warning=" + warning + "; critical=" + critical + "; unknown=" + unknown + ";");
        return unknown > 0 ? 3 : critical > 0 ? 2 : warning > 0 ? 1 : 0;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        env.out().println("UNKNOWN: cannot read " + Redaction.url(url) + ": " + Redaction.text(e.toString()));
        return 3;
      }
    }
  }

  @Command(name = "check-config", mixinStandardHelpOptions = true,
      description = "Validate the config; print its sites, paths and tasks, or every error (exit 1).")
  static final class CheckConfig extends WithConfig {
    CheckConfig(Env env) {
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

    TestNotify(Env env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      Server.Loaded loaded = load();
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
      try (Notifier n = Notifiers.build(ch, Notifiers.providers(loaded.classLoader()))) {
        n.send(new Notification(List.of(new Alert(0, AlertKind.STATE_CHANGE, change)), 0, loaded.config().daemon().baseUrl()));
      } catch (Exception e) {
        env.err().println("error: sending on channel '" + channel + "' (" + ch.type() + ") failed: " + e.getMessage());
        return 1;
      }
      env.out().println("sent a test notification on channel '" + channel + "' (" + ch.type() + ")");
      return 0;
    }
  }

  @Command(name = "agent", mixinStandardHelpOptions = true,
      description = "Run an agent: pull tasks from SERVER_URL, probe, post results.")
  static final class AgentCmd implements Callable<Integer> {
    private final Env env;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER_URL", description = "the server (or $ARGOS_AGENT_SERVER_URL)")
    @Nullable String serverUrl;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TOKEN", description = "a secret of the server (or $ARGOS_AGENT_TOKEN)")
    @Nullable String token;

    @Option(names = "--max-tasks", defaultValue = "10", description = "tasks per poll (default ${DEFAULT-VALUE})")
    int maxTasks = 10;

    @Option(names = "--wait-time", defaultValue = "10", description = "seconds to wait when there was nothing to do (default ${DEFAULT-VALUE})")
    int waitTime = 10;

    @Option(names = "--agent-id", description = "this agent's name (default: the host name)")
    @Nullable String agentId;

    @Option(names = "--log-level", description = "DEBUG, INFO (default), WARNING, ERROR or CRITICAL")
    @Nullable String logLevel;

    @Option(names = "--plugins", description = "directory of plugin jars (checks, probe)")
    @Nullable Path plugins;

    @Option(names = "--tls-provider", paramLabel = "CLASS", description = "a JSSE provider class for the built-in "
        + "probe's TLS connections, from the class path or --plugins, or " + TlsProviders.JDK + " for the JDK's own "
        + "(default: Conscrypt's where it loads, else the JDK's)")
    @Nullable String tlsProvider;

    AgentCmd(Env env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      String url = serverUrl != null ? serverUrl : env.vars().get("ARGOS_AGENT_SERVER_URL");
      String tok = token != null ? token : env.vars().get("ARGOS_AGENT_TOKEN");
      if (url == null || url.isBlank() || tok == null || tok.isBlank()) {
        env.err().println("error: give SERVER_URL and TOKEN, or set ARGOS_AGENT_SERVER_URL and ARGOS_AGENT_TOKEN");
        return 2;
      }
      if (!url.matches("https?://.+")) {
        env.err().println("error: SERVER_URL must be an http(s) URL, got '" + Redaction.url(url) + "'");
        return 2;
      }
      logLevel(logLevel);
      if (maxTasks < 1 || waitTime < 0) {
        env.err().println("error: --max-tasks must be >= 1 and --wait-time >= 0");
        return 2;
      }
      ClassLoader cl = plugins == null ? Main.class.getClassLoader() : Plugins.loader(env.cwd().resolve(plugins));
      CheckRegistry registry = CheckRegistry.of(env.checks(), true, cl);
      Probe probe;
      if (env.probe() != null) {
        probe = env.probe();
      } else if (tlsProvider != null) {
        try {
          probe = TlsProviders.probe(tlsProvider, cl);
        } catch (ArgosException e) {
          env.err().println("error: --tls-provider: " + e.getMessage());
          return 2;
        }
      } else {
        probe = discoverProbe(cl);
      }
      if (probe instanceof HttpProbe http) {
        org.slf4j.LoggerFactory.getLogger(Agent.class)
            .info("the probe makes its TLS connections with {}", http.tlsProvider());
      }
      String id = agentId != null ? agentId : hostName();
      if (!org.argos.web.agents.AgentRoutes.validAgentId(id)) {
        env.err().println("error: --agent-id must be 1 to 200 printable characters (no control characters)");
        return 2;
      }
      try (Agent agent = new Agent(url, tok, id, maxTasks, Duration.ofSeconds(waitTime),
          new LocalGroupRunner(probe, registry, Clock.systemUTC()), registry, Clock.systemUTC())) {
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "argos-agent-shutdown"));
        agent.run();
      }
      return 0;
    }

    private static Probe discoverProbe(ClassLoader cl) {
      var found = java.util.ServiceLoader.load(Probe.class, cl).stream().toList();
      if (found.size() != 1) {
        throw new ArgosException(found.isEmpty() ? "no probe found: add argos-checks-builtin (its HttpProbe) or a plugin jar"
            : "several probes found: " + found.stream().map(p -> p.type().getName()).toList());
      }
      return found.get(0).get();
    }

    private static String hostName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        return "agent-" + UUID.randomUUID().toString().substring(0, 8);
      }
    }
  }

  /** Options shared by user commands. */
  abstract static class WithUsers implements Callable<Integer> {
    final Env env;

    @Option(names = "--config", description = "the config file; users are kept in argos-users.json beside it")
    @Nullable Path config;

    @Option(names = "--users-file", description = "the users file (default: argos-users.json beside the config file)")
    @Nullable Path usersFile;

    WithUsers(Env env) {
      this.env = env;
    }

    /** @return the users file's store; its sessions file ({@code argos-sessions.json}) is beside it */
    FileUserStore users() {
      if (usersFile != null) {
        return new FileUserStore(env.cwd().resolve(usersFile));
      }
      Path file = ConfigParser.locate(config == null ? null : env.cwd().resolve(config), env.vars(), env.cwd());
      Path dir = file == null ? env.cwd() : file.toAbsolutePath().getParent();
      return new FileUserStore(dir.resolve("argos-users.json"));
    }

    String password(@Nullable String given) throws java.io.IOException {
      if (given != null) {
        return given;
      }
      java.io.Console console = System.console();
      if (console != null && env.in() == System.in) {
        char[] p = console.readPassword("Password: ");
        return p == null ? "" : new String(p);
      }
      String line = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user (password from --password or stdin).")
  static final class UserAdd extends WithUsers {
    @Option(names = "--name", required = true) String name = "";
    @Option(names = "--password") @Nullable String password;

    UserAdd(Env env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      users().add(name, password(password));
      env.out().println("user " + name + " added");
      return 0;
    }
  }

  @Command(name = "change-password", mixinStandardHelpOptions = true, description = "Change a user's password.")
  static final class UserChangePassword extends WithUsers {
    @Option(names = "--name", required = true) String name = "";
    @Option(names = "--password") @Nullable String password;

    UserChangePassword(Env env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      users().changePassword(name, password(password));
      env.out().println("password of " + name + " changed; the sessions opened with the old one have ended");
      return 0;
    }
  }

  @Command(name = "verify-password", mixinStandardHelpOptions = true, description = "Check a user's password (exit 1 if wrong).")
  static final class UserVerify extends WithUsers {
    @Option(names = "--name", required = true) String name = "";
    @Option(names = "--password") @Nullable String password;

    UserVerify(Env env) {
      super(env);
    }

    @Override
    public Integer call() throws Exception {
      UserStore users = users();
      if (users.find(name).isEmpty()) {
        env.err().println("error: no user named '" + name + "'");
        return 1;
      }
      if (users.verify(name, password(password))) {
        env.out().println("the password of " + name + " is correct");
        return 0;
      }
      env.err().println("wrong password for " + name + (users.find(name).get().enabled() ? "" : " (the user is disabled)"));
      return 1;
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable or disable a user.")
  static final class UserEnable extends WithUsers {
    private final boolean enable;
    @Option(names = "--name", required = true) String name = "";

    UserEnable(Env env, boolean enable) {
      super(env);
      this.enable = enable;
    }

    @Override
    public Integer call() {
      users().setEnabled(name, enable);
      env.out().println("user " + name + (enable ? " enabled" : " disabled; every session of " + name + " has ended"));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user.")
  static final class UserDelete extends WithUsers {
    @Option(names = "--name", required = true) String name = "";

    UserDelete(Env env) {
      super(env);
    }

    @Override
    public Integer call() {
      users().delete(name);
      env.out().println("user " + name + " deleted");
      return 0;
    }
  }

  @Command(name = "logout-everywhere", mixinStandardHelpOptions = true,
      description = "End every web UI session of a user (of the users file or of the LDAP directory), at once, also "
          + "in a running server.")
  static final class UserLogoutEverywhere extends WithUsers {
    @Option(names = "--name", required = true) String name = "";

    UserLogoutEverywhere(Env env) {
      super(env);
    }

    @Override
    public Integer call() {
      if (name.isBlank() || name.length() > 64 || name.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
        throw new IllegalArgumentException("--name must be a user name of 1 to 64 printable characters");
      }
      FileUserStore users = users();
      users.sessions().endAll(name, java.time.Instant.now());
      env.out().println("every session of " + name + " has ended (recorded in " + users.sessions().file() + ")"
          + (users.find(name).isPresent() ? "" : "; there is no user " + name + " in the users file: if " + name
              + " logs in through LDAP, that is expected"));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "List users.")
  static final class UserShow extends WithUsers {
    UserShow(Env env) {
      super(env);
    }

    @Override
    public Integer call() {
      List<UserStore.User> all = users().all();
      if (all.isEmpty()) {
        env.out().println("no users");
      }
      for (UserStore.User u : all) {
        env.out().println(u.name() + "  " + (u.enabled() ? "enabled " : "disabled") + "  created " + u.createdAt()
            + (u.lastLoginAt().isEmpty() ? "" : "  last login " + u.lastLoginAt()));
      }
      return 0;
    }
  }
}
