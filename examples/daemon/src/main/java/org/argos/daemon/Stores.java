package org.argos.daemon;

import org.argos.api.spi.Store;
import org.argos.engine.InMemoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store {@code general.db} designates. Until argos-postgres is part of the daemon, every kind is served by
 * the in-memory store (with a warning for the persistent kinds); the merge replaces the two marked branches.
 */
final class Stores {
  private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

  private Stores() {}

  /** Opens a store for the daemon's config; the caller closes it. */
  interface Factory {
    Store open(DaemonConfig.Db db);
  }

  static final Factory DEFAULT = db -> switch (db.kind()) {
    case MEMORY -> new InMemoryStore();
    case POSTGRESQL, EMBEDDED -> {
      // Wiring point for argos-postgres: PostgreSQL at db.location() (JDBC URL) with db.user()/db.password() and a pool
      // of db.poolSize() + db.maxOverflow(); or embedded H2 at the file db.location().
      LOG.warn("general.db.url {} asks for a {} store, which this build does not include: using the in-memory store "
          + "(nothing is kept across restarts)", db.url(), db.kind().name().toLowerCase(java.util.Locale.ROOT));
      yield new InMemoryStore();
    }
  };
}
