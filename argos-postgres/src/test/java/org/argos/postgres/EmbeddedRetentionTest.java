package org.argos.postgres;

import java.util.UUID;

/** The retention tests on the embedded database. */
class EmbeddedRetentionTest extends RetentionTest {
  @Override
  JdbcStore createStore() {
    return JdbcStore.inMemory("retention-" + UUID.randomUUID()).build();
  }
}
