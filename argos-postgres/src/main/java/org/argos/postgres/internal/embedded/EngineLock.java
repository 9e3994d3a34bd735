package org.argos.postgres.internal.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.argos.api.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a second engine node away from a database that serves one (H2): in this process by the node id, in another
 * process by a lock on {@code <database>.engine.lock}, so the second node is refused with a message saying to use
 * PostgreSQL instead of both writing as if each were alone.
 */
public final class EngineLock {
  private static final Logger LOG = LoggerFactory.getLogger(EngineLock.class);

  private final String where;
  private final @Nullable Path lockFile;
  private final @Nullable EmbeddedDatabase embedded;
  private @Nullable String engineNode;
  private @Nullable FileChannel channel;
  private @Nullable FileLock lock;

  /**
   * @param where the database, for messages
   * @param lockFile the lock file of an embedded file database; null for one in memory (this process only)
   * @param embedded the embedded file database, whose files are kept private
   */
  public EngineLock(String where, @Nullable Path lockFile, @Nullable EmbeddedDatabase embedded) {
    this.where = where;
    this.lockFile = lockFile;
    this.embedded = embedded;
  }

  /** @throws StoreException when another node, of this process or another, uses the database */
  public synchronized void starting(String nodeId) {
    String refusal = "The embedded database (" + where + ") serves a single Argos engine node and is already used by "
        + "another one; to run several engine nodes, use PostgreSQL (general.db.url: postgresql://user@host/db)";
    if (engineNode != null && !engineNode.equals(nodeId)) {
      throw new StoreException(refusal);
    }
    if (lockFile != null && lock == null) {
      try {
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (embedded != null) {
          embedded.tightenFiles();
        }
        FileLock taken;
        try {
          taken = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          taken = null;
        }
        if (taken == null) {
          ch.close();
          throw new StoreException(refusal + " (lock file " + lockFile + ")");
        }
        channel = ch;
        lock = taken;
      } catch (IOException e) {
        throw new StoreException("Could not take the engine lock " + lockFile + ": " + e.getMessage(), e);
      }
    }
    engineNode = nodeId;
  }

  /** Frees the database for another node when {@code nodeId} is the one that holds it. */
  public synchronized void stopped(String nodeId) {
    if (!nodeId.equals(engineNode)) {
      return;
    }
    engineNode = null;
    release();
  }

  /** Releases the lock file, whichever node holds it (the store is closing). */
  public synchronized void release() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      LOG.debug("Argos store ({}): releasing the engine lock failed: {}", where, e.toString());
    }
    lock = null;
    channel = null;
  }
}
