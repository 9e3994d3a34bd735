package org.argos.postgres;

import java.util.UUID;
import org.argos.api.store.Store;
import org.argos.testkit.StoreCompatibilityKit;

/** The store contract on the embedded database (H2 in memory, dropped when the store closes). */
class EmbeddedStoreCompatibilityTest extends StoreCompatibilityKit {
  @Override
  protected Store createStore() {
    return JdbcStore.inMemory("kit-" + UUID.randomUUID()).build();
  }
}
