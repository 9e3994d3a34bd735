package org.argos.api.store;

import java.nio.file.Path;

/**
 * An optional store capability: the store keeps its data in a file of this machine, which one engine node opens (the
 * embedded database). A host keeps what belongs to that data next to it, for example the daemon's node id, which must
 * survive restarts as the data does.
 *
 * <p>Find it with {@code store.capability(LocalFile.class)} (see {@link Store#capability(Class)}): the same store class
 * may offer it or not depending on how it was opened (a file, or a server such as PostgreSQL).
 */
public interface LocalFile {
  /** @return the data's file, absolute, as the store was opened with it (without a file-format extension) */
  Path file();
}
