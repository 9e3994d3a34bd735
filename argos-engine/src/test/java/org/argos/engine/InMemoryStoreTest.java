package org.argos.engine;

import org.argos.api.spi.Store;
import org.argos.testkit.StoreCompatibilityKit;

class InMemoryStoreTest extends StoreCompatibilityKit {
  @Override
  protected Store createStore() {
    return new InMemoryStore();
  }
}
