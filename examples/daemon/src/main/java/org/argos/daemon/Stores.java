package org.argos.daemon;

import java.nio.file.Path;
import org.argos.api.store.Store;
import org.argos.engine.InMemoryStore;
import org.argos.postgres.JdbcStore;
import org.argos.config.DaemonConfig;
import org.argos.postgres.JdbcStoreBuilder;

/**
 * Opens the store {@code general.db} designates: PostgreSQL (several engine nodes may share it), the embedded H2 file
 * database (the default, one engine node), or memory (tests).
 */
final class Stores {
  private Stores() {}

  /** Opens a store for the daemon's config; the caller closes it. */
  interface Factory {
    Store open(DaemonConfig.Db db);
  }

  static final Factory DEFAULT = db -> switch (db.kind()) {
    case MEMORY -> new InMemoryStore();
    case POSTGRESQL -> {
      // pool_size connections stay open, max_overflow more are opened when pages and calls need them (SQLAlchemy's
      // meaning, which Argos configs carry); the refusal of a connection names both settings.
      JdbcStoreBuilder b = JdbcStore.postgres(db.location()).poolSize(db.poolSize() + db.maxOverflow())
          .minimumIdle(db.poolSize())
          .poolSetting("general.db.pool_size " + db.poolSize() + " + general.db.max_overflow " + db.maxOverflow())
          // A page or API call waits at most about 1 s for a connection, then answers 503 (web.DatabaseOutage): not
          // the 11-14 s a dead database cost with the library's 10 s. The engine retries by itself either way.
          .connectionTimeout(java.time.Duration.ofSeconds(1)).validationTimeout(java.time.Duration.ofSeconds(1));
      if (db.user() != null) {
        b.user(db.user());
      }
      if (db.password() != null) {
        b.password(db.password());
      }
      yield b.build();
    }
    case EMBEDDED -> JdbcStore.embedded(Path.of(db.location())).build();
  };
}
