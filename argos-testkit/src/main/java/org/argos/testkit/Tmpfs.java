package org.argos.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small, size-bounded tmpfs mounted for a disk-full test, so that a real file system fills up under the code being
 * tested (an embedded database, a daemon's data directory).
 *
 * <p>Mounting needs root (the test machines run as root) and Linux' {@code mount}/{@code umount}. When the mount is not
 * possible, {@link #mount(Path, int)} throws: the test fails loudly, it is never skipped. {@link #close()} unmounts.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path dir;
  private final Path filler;

  private Tmpfs(Path dir) {
    this.dir = dir;
    this.filler = dir.resolve("filler.bin");
  }

  /**
   * Mounts a tmpfs of the given size on a directory, created if missing.
   *
   * @param dir an empty directory
   * @param megabytes the file system's size
   * @return the mounted file system, to close (unmount) after the test
   * @throws IOException if the mount fails, with its output (typically: not root)
   * @throws InterruptedException if interrupted while waiting for {@code mount}
   */
  public static Tmpfs mount(Path dir, int megabytes) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString()));
    return new Tmpfs(dir);
  }

  /** @return the directory the tmpfs is mounted on */
  public Path dir() {
    return dir;
  }

  /** Writes a file until the file system refuses: no byte left. */
  public void fill() throws IOException {
    fill(0);
  }

  /** @param keepFree bytes to leave free: writes a file until no more than that is left */
  public void fill(long keepFree) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      int size = chunk.length;
      while (true) {
        try {
          if (keepFree > 0 && Files.getFileStore(dir).getUsableSpace() <= keepFree) {
            return;
          }
          out.write(chunk, 0, size);
          out.flush();
        } catch (IOException full) {
          if (size == 1) {
            return;
          }
          size = Math.max(1, size / 2);
        }
      }
    } catch (IOException closing) {
      // the last bytes could not be flushed on close: the disk is full, which is what was asked
    }
  }

  /** Gives the space back. */
  public void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Unmounts the file system (lazily, so open files do not stop it). */
  @Override
  public void close() throws Exception {
    run(List.of("umount", "-l", dir.toString()));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (p.exitValue() != 0) {
      throw new IOException(command + " failed (exit " + p.exitValue() + "; this test needs root): " + out.strip());
    }
  }
}
