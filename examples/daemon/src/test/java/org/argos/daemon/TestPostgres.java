package org.argos.daemon;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Throw-away databases on the test PostgreSQL (127.0.0.1:5432, user postgres, trust auth), dropped by {@link #dropAll}. */
final class TestPostgres {
  private final List<String> created = new ArrayList<>();

  /** @return the {@code general.db.url} of a new, empty database whose name starts with the prefix */
  String newDatabaseUrl(String prefix) throws Exception {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + name);
    created.add(name);
    return "postgresql://postgres@127.0.0.1:5432/" + name;
  }

  void dropAll() throws Exception {
    for (String name : created) {
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    created.clear();
  }

  /** The maintenance database, as the superuser: for CREATE/DROP DATABASE and ROLE. */
  static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  /** Runs one statement on {@link #ADMIN_URL} as postgres. */
  static void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
