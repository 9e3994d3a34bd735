package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a process: {@code server start} on an ephemeral port, SIGHUP reloads the config (a new API
 * token becomes valid, the old one does not), a broken file on SIGHUP keeps the running config, SIGTERM stops it.
 */
class DaemonProcessIT {
  @TempDir Path dir;

  private com.sun.net.httpserver.HttpServer site;

  private static final String OLD = "old-api-token-of-the-process-test";
  private static final String NEW = "new-api-token-of-the-process-test";
  private static final String THIRD = "third-api-token-of-the-process-test";

  /**
   * The default embedded database (in the working directory), in-process probing of one local site; {@code apiToken}
   * may read the API.
   */
  private String config(String apiToken) {
    return """
        general:
          frequency: "5m"
        service:
          secrets: ["agent-token-of-the-process-test"]
        argos_java:
          first_run_spread: 0
          api_tokens:
            - {name: reader, token: "%s", scopes: [read]}
        websites:
          - domain: "http://127.0.0.1:%d"
            paths:
              - path: "/"
                checks:
                  - status-is: 200
                  - body-contains: "hello"
        """.formatted(apiToken, site.getAddress().getPort());
  }

  @org.junit.jupiter.api.BeforeEach
  void startSite() throws Exception {
    site = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", ex -> {
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    site.start();
  }

  @org.junit.jupiter.api.AfterEach
  void stopSite() {
    site.stop(0);
  }

  @Test
  void sighupReloadsAndABadFileIsKeptOut() throws Exception {
    Path jar = jar();
    Path cfg = dir.resolve("argos-config.yaml");
    Files.writeString(cfg, config(OLD));
    // The child inherits an ignored SIGHUP from a runner started under nohup, and the JVM cannot catch an inherited
    // "ignore": reset it, as a service manager would.
    Process p = start(jar, cfg, "env", "--default-signal=HUP");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      // Keep draining stdout: a child whose pipe fills up (64 KiB of log lines) blocks in its next write, reload
      // thread included.
      Thread.ofVirtual().name("daemon-stdout").start(() -> {
        try {
          while (out.readLine() != null) {
            // discarded: the test reads stderr and the API
          }
        } catch (java.io.IOException ignored) {
          // the process ended
        }
      });
      assertThat(line).as("first line of stdout; stderr: %s", Files.readString(dir.resolve("stderr.txt")))
          .startsWith("argos listening on http://127.0.0.1:");
      Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
      assertThat(m.find()).isTrue();
      String base = "http://127.0.0.1:" + m.group(1);
      assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("SIGHUP is ignored");
      assertThat(Http.get(base + "/api/sites", OLD).status()).isEqualTo(200);
      assertThat(Http.get(base + "/api/sites", NEW).status()).isEqualTo(401);
      // the packaged jar probes in-process with the built-in checks, on the embedded database
      await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(base + "/api/severities").body().contains("\"ok\":2"));
      // the web UI's templates were compiled at build time: the jar renders them with no compiler at run time
      Http.Response login = Http.get(base + "/login");
      assertThat(login.status()).isEqualTo(200);
      assertThat(login.body()).contains("<form method=\"post\"", "name=\"_csrf\"");
      assertThat(Http.get(base + "/static/argos.css").body()).contains("--critical");
      assertThat(dir.resolve("argos-data")).isDirectory();

      Files.writeString(cfg, config(NEW));
      hup(p);
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(base + "/api/sites", NEW).status() == 200);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("the reload did not apply; daemon stderr:\n" + Files.readString(dir.resolve("stderr.txt")), e);
      }
      assertThat(Http.get(base + "/api/sites", OLD).status()).isEqualTo(401);

      Files.writeString(cfg, config(THIRD).replace("frequency: \"5m\"", "frequency: \"whenever\""));
      hup(p);
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("stderr.txt")).contains("reload of"));
      assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("the running configuration is kept", "general.frequency");
      assertThat(Http.get(base + "/api/sites", NEW).status()).isEqualTo(200);
      assertThat(Http.get(base + "/api/sites", THIRD).status()).isEqualTo(401);
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(p.exitValue()).as("SIGTERM ends the server through its shutdown hook").isIn(0, 143);
  }

  /** Under nohup the daemon cannot reload on SIGHUP: it says so at start instead of ignoring signals silently. */
  @Test
  void aDaemonStartedUnderNohupSaysThatSighupWillNotReload() throws Exception {
    Path cfg = dir.resolve("argos-config.yaml");
    Files.writeString(cfg, config(OLD));
    Process p = start(jar(), cfg, "nohup");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("stderr: %s", Files.readString(dir.resolve("stderr.txt")))
          .startsWith("argos listening on http://127.0.0.1:");
      assertThat(Files.readString(dir.resolve("stderr.txt")))
          .contains("SIGHUP is ignored in this process", "argos server reload-config");
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Starts the packaged daemon through {@code launcher} (a command that execs its arguments). */
  private Process start(Path jar, Path cfg, String... launcher) throws java.io.IOException {
    List<String> cmd = new ArrayList<>(List.of(launcher));
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toAbsolutePath().toString(), "server", "start", "--config", cfg.toString(), "--port", "0"));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
  }

  private static Path jar() throws java.io.IOException {
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      return s.filter(p -> p.getFileName().toString().matches("argos-daemon-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("the shaded jar is missing: run mvn verify (package comes first)"));
    }
  }

  private static void hup(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }
}
