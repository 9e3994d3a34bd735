package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.argos.api.Severity;
import org.argos.api.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push monitor in the daemon: {@code domain: push://backup-job} in the config, {@code argos server push-url} prints
 * its URL (asking the server with the config's write token), and the job's call, with no token, turns the site from
 * critical (never called) to ok.
 */
class PushMonitorTest {
  private static final String SITE = "push://backup-job";
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  Server server;
  Path config;

  @BeforeEach
  void start() throws Exception {
    config = TestServers.write(dir, TestServers.config("") + """
          - domain: push://backup-job
            frequency: 1s
            paths:
              - path: /
                checks:
                  - heartbeat: {period: 1h, grace: 5m}
        """);
    server = TestServers.start(config);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Severity severity() {
    TaskStatus t = server.argos().store().tasks(SITE).getFirst();
    return t.state() == null ? null : t.state().severity();
  }

  @Test
  void theCliPrintsTheUrlAndTheJobsCallMakesTheSiteOk() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> severity() == Severity.CRITICAL); // never called yet

    Cli.Run run = Cli.run(dir, Map.of(), "server", "push-url", SITE, "--config", config.toString(), "--server",
        TestServers.base(server));
    assertThat(run.exit()).as(run.err()).isZero();
    String url = run.out().lines().findFirst().orElseThrow();
    assertThat(url).startsWith(TestServers.base(server) + "/api/push/");
    assertThat(run.out()).contains("curl -fsS");

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "?msg=backup%20done"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> severity() == Severity.OK);

    Cli.Run notPush = Cli.run(dir, Map.of(), "server", "push-url", "https://example.org", "--config",
        config.toString(), "--server", TestServers.base(server));
    assertThat(notPush.exit()).isEqualTo(1);
    assertThat(notPush.err()).contains("not a push site");
  }
}
