package org.argos.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.argos.api.spi.Store;
import org.argos.postgres.JdbcStore;

/**
 * The PostgreSQL store for the benchmark, on a database that {@code benchmarks/run} created for this run: each
 * scenario starts from an empty schema, so a smaller fleet never inherits a bigger one's sites.
 */
final class PostgresFleetStore {
  private final String jdbcUrl;

  PostgresFleetStore(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1") && !jdbcUrl.startsWith("jdbc:postgresql://localhost")) {
      throw new IllegalArgumentException("--jdbc-url must name a database on 127.0.0.1 (the benchmark drops its "
          + "schema), got " + jdbcUrl);
    }
    this.jdbcUrl = jdbcUrl;
  }

  Store open() {
    return JdbcStore.postgres(jdbcUrl).poolSize(10).build();
  }

  /** @return the database's size in bytes */
  long databaseSize() {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the size of the benchmark database: " + e.getMessage(), e);
    }
  }

  /** Empties the database for the next scenario. */
  void reset() {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reset the benchmark database: " + e.getMessage(), e);
    }
  }
}
