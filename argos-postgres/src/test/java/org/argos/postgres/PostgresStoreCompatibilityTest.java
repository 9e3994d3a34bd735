package org.argos.postgres;

import org.argos.api.store.Store;
import org.argos.testkit.StoreCompatibilityKit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on PostgreSQL, a new database per test. */
class PostgresStoreCompatibilityTest extends StoreCompatibilityKit {
  @RegisterExtension
  static final PostgresDatabases PG = new PostgresDatabases();

  @Override
  protected Store createStore() {
    return JdbcStore.postgres(PG.newDatabaseUrl()).poolSize(4).build();
  }
}
