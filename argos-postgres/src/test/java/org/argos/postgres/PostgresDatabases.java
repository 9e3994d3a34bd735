package org.argos.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Creates throw-away databases on the test PostgreSQL server (127.0.0.1:5432, user postgres, trust auth; override
 * with ARGOS_TEST_PGHOST / ARGOS_TEST_PGPORT) and drops them after the test class, so no run depends on what another
 * left behind.
 */
final class PostgresDatabases implements AfterAllCallback {
  static final String HOST = System.getenv().getOrDefault("ARGOS_TEST_PGHOST", "127.0.0.1");
  static final String PORT = System.getenv().getOrDefault("ARGOS_TEST_PGPORT", "5432");
  static final String USER = "postgres";

  private final List<String> created = new ArrayList<>();
  private final String prefix;

  PostgresDatabases() {
    this.prefix = "argos_test_";
  }

  /** @param tag part of each database's name, so that parallel runs from several work trees stay apart */
  PostgresDatabases(String tag) {
    this.prefix = "argos_test_" + tag + "_";
  }

  /** @return the name of a new, empty database */
  synchronized String create() {
    return named(prefix);
  }

  /** @return the name of a new, empty database whose name holds {@code label} (who made it, for a shared server) */
  synchronized String create(String label) {
    return named("argos_" + label + "_");
  }

  private String named(String start) {
    String name = start + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    created.add(name);
    // Test data need not survive a crash: commits without waiting for the disk keep the suite fast on a busy machine.
    admin("ALTER DATABASE " + name + " SET synchronous_commit = off");
    return name;
  }

  /** @return an Argos URL of a new, empty database */
  String newDatabaseUrl() {
    return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + create();
  }

  static String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
  }

  static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  static void admin(String sql) {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test PostgreSQL at " + HOST + ":" + PORT + " refused '" + sql + "': "
          + e.getMessage() + " (is it running? scripts/ensure-postgres starts it)", e);
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    for (String name : created) {
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    created.clear();
  }
}
