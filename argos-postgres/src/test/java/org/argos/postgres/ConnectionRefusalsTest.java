package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.argos.api.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PostgreSQL that refuses connections (a role over its CONNECTION LIMIT, as a server over max_connections): the
 * log says so once, naming this node's pool size setting and the server's max_connections, however many calls fail.
 */
class ConnectionRefusalsTest {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases();

  private final String role = "argos_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final PrintStream err = System.err;

  @AfterEach
  void dropRole() {
    System.setErr(err);
    PostgresDatabases.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
    DATABASES.afterAll(null); // the database first: the role owns it
    PostgresDatabases.admin("DROP ROLE IF EXISTS " + role);
  }

  @Test
  void refusedConnectionsAreLoggedOnceNamingPoolSizeAndMaxConnections() {
    String database = DATABASES.create("outage");
    PostgresDatabases.admin("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 5");
    PostgresDatabases.admin("ALTER DATABASE " + database + " OWNER TO " + role);
    try (JdbcStore store = JdbcStore.postgres("postgresql://" + role + "@" + PostgresDatabases.HOST + ":"
        + PostgresDatabases.PORT + "/" + database).poolSize(4).minimumIdle(0).connectionTimeout(Duration.ofMillis(500))
        .poolSetting("general.db.pool_size 3 + general.db.max_overflow 1").build()) {
      assertThat(store.severityCounts().total()).isZero();

      // the role may connect no more, and loses the connections it has: the pool must open new ones
      PostgresDatabases.admin("ALTER ROLE " + role + " CONNECTION LIMIT 0");
      PostgresDatabases.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(store::severityCounts).isInstanceOf(StoreException.class);
      }
      System.setErr(err);

      List<String> lines = Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
          .filter(l -> l.contains("refused a connection")).toList();
      assertThat(lines).singleElement().satisfies(line -> assertThat(line)
          .contains("ERROR", "too many connections (SQL state 53300)", "up to 4 connections",
              "general.db.pool_size 3 + general.db.max_overflow 1", "max_connections", "docs/storage.md")
          .doesNotContain("password"));
    }
  }
}
