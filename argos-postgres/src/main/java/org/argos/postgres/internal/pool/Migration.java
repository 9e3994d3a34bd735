package org.argos.postgres.internal.pool;

import javax.sql.DataSource;
import org.argos.api.StoreException;
import org.argos.postgres.JdbcStore;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Database;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates or upgrades the schema with Flyway, without the pool's read timeout (a migration may take long). */
public final class Migration {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  private static final String HISTORY_TABLE = "argos_schema_history";

  private Migration() {}

  /** @throws StoreException naming the database when the schema cannot be migrated */
  public static void migrate(DataSource ds, Database db, String where) {
    try {
      var result = Flyway.configure()
          .dataSource(new WithoutReadTimeout(ds))
          .locations(db.migrationLocations().toArray(String[]::new))
          .table(HISTORY_TABLE)
          .baselineOnMigrate(false)
          .load()
          .migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("Argos store ({}): applied {} schema migration(s), now at version {}", where,
            result.migrationsExecuted, result.targetSchemaVersion);
      }
    } catch (FlywayException e) {
      LOG.warn("Argos store ({}): could not migrate the schema: {}", where, Calls.rootMessage(e));
      throw new StoreException("Could not create or upgrade the Argos schema in " + where + ": " + Calls.rootMessage(e),
          e);
    }
  }
}
