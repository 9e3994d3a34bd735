package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on its embedded database, as processes: while {@code server start} runs, CLI commands that read the same
 * config and database still work, through the database's loopback server and with the password from its file.
 */
class EmbeddedDatabaseCliTest {
  @TempDir Path dir;

  @Test
  void theCliOpensTheDatabaseWhileTheServerRuns() throws Exception {
    Path data = dir.resolve("data");
    Path cfg = dir.resolve("argos-config.yaml");
    Files.writeString(cfg, """
        general:
          db:
            url: "sqlite:///%s/argos.db"
          frequency: "5m"
          cookie_secret: "c1d5b6f0e7a84f2e9b3c0d8a7e6f5a4b3c2d1e0f9a8b7c6d"
        service:
          secrets: ["4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"]
        websites: []
        """.formatted(data));
    Process server = java("server", "start", "--config", cfg.toString(), "--port", "0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder log = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("argos listening on http://127.0.0.1:")) {
        log.append(line).append('\n');
      }
      assertThat(line).as("the server started:\n" + log).isNotNull();
      Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // a full pipe would block the server's logging
      assertThat(Files.readString(data.resolve("argos.password")).strip()).matches("[0-9a-f]{48}");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");

      Result migrate = run("server", "migrate", "--config", cfg.toString());
      assertThat(migrate.exit()).as(migrate.output()).isZero();
      assertThat(migrate.output()).contains("is up to date");
      Result check = run("server", "check-config", "--config", cfg.toString());
      assertThat(check.exit()).as(check.output()).isZero();
      assertThat(server.isAlive()).isTrue();
    } finally {
      server.destroy();
      server.waitFor(60, TimeUnit.SECONDS);
      server.destroyForcibly();
    }
  }

  record Result(int exit, String output) {}

  private Result run(String... args) throws Exception {
    Process p = java(args);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  private Process java(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
  }
}
