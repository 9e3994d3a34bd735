package org.argos.daemon.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.argos.agents.protocol.Json;
import org.argos.api.Redaction;
import org.argos.config.DaemonConfig;
import org.argos.config.version.ConfigVersions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands that run the server or talk to a running one: start, migrate, reload-config, nagios. */
final class ServerCommands {
  private ServerCommands() {}

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

    Start(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() throws InterruptedException {
      Commands.logLevel(logLevel);
      if (adoptConfig && readOnly) {
        throw new IllegalArgumentException("--adopt-config and --read-only exclude each other");
      }
      return env.serve(new Daemon.Start(resolve(config), resolve(plugins), host, port,
          adoptConfig ? ConfigVersions.OnMismatch.ADOPT
              : readOnly ? ConfigVersions.OnMismatch.READ_ONLY : ConfigVersions.OnMismatch.REFUSE));
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Create or upgrade the database schema.")
  static final class Migrate extends WithConfig {
    Migrate(Daemon env) {
      super(env);
    }

    @Override
    public Integer call() {
      DaemonConfig c = load().config();
      env.migrate(c.general().db());
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

    ReloadConfig(Daemon env) {
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

  @Command(name = "nagios", mixinStandardHelpOptions = true,
      description = "Nagios check: task counts by severity; exit 0 ok, 1 warning, 2 critical, 3 unknown.")
  static final class Nagios implements Callable<Integer> {
    private final Daemon env;

    @Option(names = "--server", description = "the server's URL (default http://127.0.0.1:8000, root_path included)")
    @Nullable String server;

    Nagios(Daemon env) {
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
}
