package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, failure 1, as processes of the packaged jar on one PostgreSQL database: a second daemon started with another
 * config exits with status 78 and a message naming both versions; with {@code --read-only} it serves and says so.
 */
class ConfigVersionProcessIT {
  private static final String READER = "reader-token-of-the-config-process-test";

  @TempDir Path dir1;
  @TempDir Path dir2;
  final TestPostgres postgres = new TestPostgres();
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    postgres.dropAll();
  }

  private static String config(String db, String checks) {
    return """
        general:
          db:
            url: "%s"
          frequency: "5m"
        service:
          secrets: ["agent-token-of-the-config-process-test"]
        argos_java:
          first_run_spread: 0
          api_tokens:
            - {name: reader, token: "%s", scopes: [read]}
        websites:
          - domain: "http://127.0.0.1:9"
            paths:
              - path: "/"
                checks:
        %s""".formatted(db, READER, checks);
  }

  @Test
  void aSecondDaemonWithAnotherConfigExitsWith78OrRunsReadOnly() throws Exception {
    String db = postgres.newDatabaseUrl("argos_config_process");
    Path cfg1 = dir1.resolve("argos-config.yaml");
    Files.writeString(cfg1, config(db, "          - status-is: 200\n          - body-contains: ok\n"));
    Path cfg2 = dir2.resolve("argos-config.yaml");
    Files.writeString(cfg2, config(db, "          - status-is: 200\n"));

    Process node1 = start(dir1, cfg1);
    String base1 = listening(node1, dir1);
    Http.Response v1 = Http.get(base1 + "/api/config-version", READER);
    String hash = v1.json().path("stored").path("hash").asText();
    assertThat(hash).hasSize(64);

    Process refused = start(dir2, cfg2);
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).as("the second node exits").isTrue();
    String err = Files.readString(dir2.resolve("stderr.txt"));
    assertThat(refused.exitValue()).as(err).isEqualTo(78);
    assertThat(err).contains("differs from the one the cluster runs", hash.substring(0, 12), cfg1.toString(),
        cfg2.toString(), "--adopt-config", "--read-only");

    Process readOnly = start(dir2, cfg2, "--read-only");
    String base2 = listening(readOnly, dir2);
    Http.Response v2 = Http.get(base2 + "/api/config-version", READER);
    assertThat(v2.json().path("read_only").asBoolean()).isTrue();
    assertThat(v2.json().path("stored").path("hash").asText()).isEqualTo(hash);
    assertThat(Http.get(base1 + "/api/sites/" + java.net.URLEncoder.encode("http://127.0.0.1:9", StandardCharsets.UTF_8),
        READER).body()).as("node 1's site keeps both checks").contains("body-contains");
  }

  private Process start(Path dir, Path cfg, String... options) throws java.io.IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar().toAbsolutePath().toString(), "server", "start", "--config", cfg.toString(), "--port", "0"));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
    processes.add(p);
    return p;
  }

  /** @return the base URL the daemon printed on its first stdout line; the rest of stdout is drained */
  private static String listening(Process p, Path dir) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Thread.ofVirtual().start(() -> {
      try {
        while (out.readLine() != null) {
          // discarded
        }
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    assertThat(line).as("stderr: %s", Files.readString(dir.resolve("stderr.txt"))).startsWith("argos listening on");
    Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
    assertThat(m.find()).isTrue();
    return "http://127.0.0.1:" + m.group(1);
  }

  private static Path jar() throws java.io.IOException {
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      return s.filter(p -> p.getFileName().toString().matches("argos-daemon-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("the shaded jar is missing: run mvn verify (package comes first)"));
    }
  }
}
