package org.argos.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.argos.api.ArgosException;
import org.argos.api.store.LocalFile;
import org.argos.api.store.Store;
import org.argos.engine.NodeIds;
import org.jspecify.annotations.Nullable;
import org.argos.config.DaemonConfig;

/**
 * The daemon's engine node id, stable across restarts so that a restarted node takes back its own claims at once:
 * {@code argos_java.node_id} when configured; else, with the embedded database, an id generated at the first start and
 * kept in {@code <database>.node-id} (mode 0600) next to it; else (PostgreSQL without a configured id) a new one per
 * start, whose claims the other nodes take over after a few missed heartbeats.
 */
final class NodeIdentity {
  private NodeIdentity() {}

  /**
   * @param store the store the daemon opened: an id is kept next to the embedded database only when that database is
   *     what the node runs on (a test or host may hand the daemon another store)
   * @return the node id, or null to let the engine generate one
   */
  static @Nullable String of(DaemonConfig.Cluster cluster, DaemonConfig.Db db, Store store) {
    if (cluster.nodeId() != null) {
      return cluster.nodeId();
    }
    if (db.kind() != DaemonConfig.DbKind.EMBEDDED || store.capability(LocalFile.class).isEmpty()) {
      return null;
    }
    return persisted(Path.of(db.location() + ".node-id"));
  }

  /** Reads the id kept in {@code file}, or creates it. */
  static String persisted(Path file) {
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!NodeIds.isValid(id)) {
          throw new ArgosException("the node id file " + file + " holds '" + (id.length() > 120 ? id.substring(0, 120)
              + "…" : id) + "', which is not a node id (1-100 letters, digits, '.', '_' or '-'): fix it, delete it "
              + "(a new id is made; claims of the old one end with their lease) or set argos_java.node_id");
        }
        return id;
      }
      String id = NodeIds.generate();
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) { // not a POSIX file system
        Files.createFile(tmp);
      }
      Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) { // another process made it first: use its id
        Files.deleteIfExists(tmp);
        return persisted(file);
      }
      return id;
    } catch (IOException e) {
      throw new ArgosException("could not read or create the node id file " + file + ": " + e, e);
    }
  }
}
