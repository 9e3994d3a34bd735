package org.argos.postgres.internal.sql;

import java.util.List;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectForUpdateStep;

/**
 * What differs between the two databases, kept in one place. Everything else (queries, schema script) is shared:
 * H2 2.x accepts {@code FOR UPDATE SKIP LOCKED}, sequences and {@code ON CONFLICT} through jOOQ's emulation, so the
 * only differences are the dialect, the migrations and whether several nodes may share it.
 */
public enum Database {
  POSTGRESQL(SQLDialect.POSTGRES, "PostgreSQL", true),
  H2(SQLDialect.H2, "H2", false);

  private static final String MIGRATIONS = "classpath:org/argos/postgres/migration/";

  public final SQLDialect dialect;
  public final String label;
  public final boolean severalNodes;

  Database(SQLDialect dialect, String label, boolean severalNodes) {
    this.dialect = dialect;
    this.label = label;
    this.severalNodes = severalNodes;
  }

  /**
   * @return where Flyway finds this database's migrations: the shared script, plus PostgreSQL-only statements (code
   *     point collation) that H2 neither needs nor parses
   */
  public List<String> migrationLocations() {
    return this == POSTGRESQL ? List.of(MIGRATIONS + "common", MIGRATIONS + "postgresql") : List.of(MIGRATIONS + "common");
  }

  /**
   * Locks the selected rows for a claim, skipping rows another transaction holds: two nodes claiming at once each get
   * different rows instead of waiting for each other. Both databases support it; kept here in case one day one does
   * not.
   */
  public <R extends Record> ResultQuery<R> lockSkippingLocked(SelectForUpdateStep<R> select) {
    return select.forUpdate().skipLocked();
  }

  /**
   * Locks the rows a prune batch will delete, skipping rows other transactions hold (a re-registration deleting the
   * same task's results), so pruning never waits on the engine nor deadlocks with it. H2 does not take FOR UPDATE in
   * a sub-select; it runs one process, whose writers are short, so there a batch may simply wait.
   */
  public <R extends Record> Select<R> lockForPrune(SelectForUpdateStep<R> select) {
    return this == POSTGRESQL ? select.forUpdate().skipLocked() : select;
  }

  public static Database fromProductName(String productName) {
    String p = productName.toLowerCase(java.util.Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("h2")) {
      return H2;
    }
    throw new IllegalArgumentException("database '" + productName + "' is not supported: use PostgreSQL or H2");
  }
}
