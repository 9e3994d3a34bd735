package org.argos.postgres.internal.embedded;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Keeps some space free under the embedded database. H2 takes a write into memory and saves it a moment later; on a
 * full disk that save fails, H2 closes the database and what it had taken since its last save is gone, though each
 * caller was told it was written. Refusing writes before the disk is full instead keeps them in the engine's memory,
 * where they wait until space is back (see docs/storage.md, "A full disk"). The free space is read at most every
 * {@value #LOOK_MILLIS} ms, so the check costs nothing on the hot path.
 */
public final class FreeSpace {
  private static final long LOOK_MILLIS = 500;

  private final Path directory;
  private final String shown;
  private final long floor;
  private volatile long nextLook;
  private volatile long free = Long.MAX_VALUE;

  /** @param directory the database's directory @param floor bytes to keep free (0: no check) */
  public FreeSpace(Path directory, long floor) {
    this.directory = directory;
    Path name = directory.getFileName();
    this.shown = "…/" + (name == null ? directory : name);
    this.floor = floor;
  }

  /** @return why a write must wait (less than the floor is free), or null when it may go on */
  public @Nullable String refusal() {
    if (floor <= 0) {
      return null;
    }
    long now = System.nanoTime() / 1_000_000;
    if (now - nextLook >= 0) {
      free = usable();
      nextLook = now + LOOK_MILLIS;
    }
    if (free < floor) {
      return "No space left on device for the embedded database (" + shown + " has " + mb(free) + " free, below the "
          + mb(floor) + " kept free; writes resume by themselves once space is freed)";
    }
    return null;
  }

  private long usable() {
    try {
      FileStore store = Files.getFileStore(directory);
      return store.getUsableSpace();
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE; // cannot tell: let the database try, and fail on its own if it must
    }
  }

  private static String mb(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
  }
}
