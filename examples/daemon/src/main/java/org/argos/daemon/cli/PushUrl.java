package org.argos.daemon.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.argos.agents.protocol.Json;
import org.argos.config.DaemonConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code argos server push-url push://backup-job}: asks the running server for the URL a push site's job calls
 * ({@code GET /api/push-url}, with an API token of the config that has the write scope), and prints it with the curl
 * line for a crontab. The token is derived by the server from its store's key, so only the server can tell it.
 */
@Command(name = "push-url", mixinStandardHelpOptions = true,
    description = "Print the URL a push (heartbeat) site's job calls, and a curl line for cron (GET /api/push-url "
        + "with a write-scope API token of the config).")
final class PushUrl extends WithConfig {
  @Parameters(index = "0", paramLabel = "SITE", description = "the push site, e.g. push://backup-job")
  String site = "";

  @Option(names = "--server", description = "the server's URL (default http://127.0.0.1:8000)")
  @Nullable String server;

  PushUrl(Daemon env) {
    super(env);
  }

  @Override
  public Integer call() throws Exception {
    DaemonConfig c = load().config();
    DaemonConfig.ApiToken writer = c.daemon().apiTokens().stream()
        .filter(t -> t.scope().includes(DaemonConfig.Scope.WRITE)).findFirst().orElse(null);
    if (writer == null) {
      env.err().println("error: push-url needs an API token with the write scope in argos_java.api_tokens of "
          + c.source() + " (a push URL lets its holder report for the site)");
      return 1;
    }
    String url = base(server) + c.general().rootPath() + "/api/push-url?site="
        + URLEncoder.encode(site, StandardCharsets.UTF_8);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + writer.token()).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    var body = Json.MAPPER.readTree(r.body());
    if (r.statusCode() != 200) {
      env.err().println("error: the server answered HTTP " + r.statusCode() + ": " + body.path("error").asText());
      return 1;
    }
    String pushUrl = body.path("url").asText();
    env.out().println(pushUrl);
    env.out().println("# in the job's crontab line, after the job (status=fail when it failed):");
    env.out().println("#   <job> && curl -fsS -m 10 --retry 3 '" + pushUrl + "' >/dev/null || curl -fsS -m 10 --retry 3 '"
        + pushUrl + "?status=fail' >/dev/null");
    return 0;
  }
}
