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

  private static final String KEY = "3f9a0c7b5e2d4f6a8b1c0d9e7f5a3b2c4d6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a";

  @BeforeEach
  void start() throws Exception {
    config = TestServers.write(dir, TestServers.config("").replace("  first_run_spread: 0\n",
        "  first_run_spread: 0\n  push_key: !env ARGOS_PUSH_KEY\n") + """
          - domain: push://backup-job
            frequency: 1s
            paths:
              - path: /
                checks:
                  - heartbeat: {period: 1h, grace: 5m}
        """);
    server = start(config);
  }

  private static Server start(Path config) {
    return Server.start(new Server.Options(config, "127.0.0.1", 0, Map.of("ARGOS_PUSH_KEY", KEY), config.getParent(),
        null, null, java.util.List.of(), Stores.DEFAULT));
  }

  private String pushUrl() {
    Cli.Run run = Cli.run(dir, Map.of("ARGOS_PUSH_KEY", KEY), "server", "push-url", SITE, "--config",
        config.toString(), "--server", TestServers.base(server));
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out().lines().findFirst().orElseThrow();
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

    String url = pushUrl();
    assertThat(url).startsWith(TestServers.base(server) + "/api/push/");

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "?msg=backup%20done"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> severity() == Severity.OK);

    Cli.Run notPush = Cli.run(dir, Map.of("ARGOS_PUSH_KEY", KEY), "server", "push-url", "https://example.org", "--config",
        config.toString(), "--server", TestServers.base(server));
    assertThat(notPush.exit()).isEqualTo(1);
    assertThat(notPush.err()).contains("not a push site");
  }

  @Test
  void withAConfiguredKeyTheUrlSurvivesARestartOfTheInMemoryStore() throws Exception {
    String url = pushUrl();
    org.argos.engine.InMemoryStore elsewhere = new org.argos.engine.InMemoryStore();
    org.argos.api.store.PushHeartbeats beats =
        elsewhere.capability(org.argos.api.store.PushHeartbeats.class).orElseThrow();
    beats.replacePushSecret(KEY);
    String expected = new org.argos.engine.PushTokens(beats, java.time.Instant::now).token(SITE);
    assertThat(url).endsWith("/api/push/" + expected);

    server.close();
    server = start(config); // a new in-memory store: without push_key, a new key and new URLs
    assertThat(pushUrl()).endsWith("/api/push/" + expected);
  }
}
