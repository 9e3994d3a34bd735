package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database password written in general.db.url never shows: not in config errors, command output, start failures or logs. */
class DbPasswordMaskingTest {
  private static final String SECRET = "hunter2-Zq9";

  @TempDir Path dir;

  private Path config(String url) throws Exception {
    return Files.writeString(dir.resolve("argos-config.yaml"), """
        general:
          db:
            url: "%s"
          frequency: "5m"
        service:
          secrets: ["4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"]
        websites: []
        """.formatted(url));
  }

  /** Runs the CLI, with what the loggers write to the standard error stream added to its error output. */
  private Cli.Run run(String... args) {
    PrintStream before = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try {
      Cli.Run r = Cli.run(dir, Map.of(), args);
      return new Cli.Run(r.exit(), r.out(), r.err() + logs.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(before);
    }
  }

  @Test
  void checkConfigNamesABadUrlWithoutItsPassword() throws Exception {
    Path cfg = config("postgresql://argos:" + SECRET + "@db.example.org:5432");
    Cli.Run r = run("server", "check-config", "--config", cfg.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("general.db.url", "postgresql://argos:***@db.example.org:5432").doesNotContain(SECRET);
    Cli.Run other = run("server", "check-config", "--config", config("mysql://argos:" + SECRET + "@db/argos").toString());
    assertThat(other.err()).contains("mysql://argos:***@db/argos").doesNotContain(SECRET);
  }

  @Test
  void aStoreThatCannotConnectFailsWithoutThePassword() throws Exception {
    // nothing listens on port 1 of loopback
    Cli.Run migrate = run("server", "migrate", "--config", config("postgresql://argos:" + SECRET + "@127.0.0.1:1/argos").toString());
    assertThat(migrate.exit()).isEqualTo(1);
    assertThat(migrate.err()).contains("127.0.0.1:1/argos").doesNotContain(SECRET);

    Cli.Run start = run("server", "start", "--port", "0", "--config",
        config("jdbc:postgresql://127.0.0.1:1/argos?user=argos&password=" + SECRET).toString());
    assertThat(start.exit()).isEqualTo(1);
    assertThat(start.err()).contains("127.0.0.1:1/argos").doesNotContain(SECRET);
  }

  @Test
  void migrateReportsTheDatabaseWithoutThePassword() throws Exception {
    String db = "argos_mask_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    try {
      // the test cluster trusts loopback, so any password is accepted
      Cli.Run r = run("server", "migrate", "--config", config("postgresql://postgres:" + SECRET + "@127.0.0.1:5432/" + db).toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("postgresql://postgres:***@127.0.0.1:5432/" + db, "is up to date");
      assertThat(r.out() + r.err()).doesNotContain(SECRET);
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }
}
