package org.argos.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ends web UI sessions before their expiry. Sessions live in signed cookies, so ending one means remembering it:
 * <ul>
 *   <li>per user, a "sessions valid after" stamp: a session issued at or before it is refused. A password change,
 *       disabling or deleting the user, and "log out everywhere" move it to now;</li>
 *   <li>per logged-out session, a record of its id (a hash of its nonce), kept until the session's own expiry.</li>
 * </ul>
 * Kept in a JSON file ({@value #FILE_NAME}, mode 0600) beside the users file, so that the CLI and a running server see
 * each other's changes (the server re-reads it when its size, time or inode changes) and it survives a restart. Writers
 * (the server, the CLI) take a lock on a {@code .lock} file beside it, so none loses another's change.
 *
 * <p>Bounded: a record goes when its session would have expired anyway; a user with {@value #MAX_PER_USER} live
 * records, or a file with {@value #MAX_RECORDS}, gets the user's stamp moved instead of one more record (that user's
 * other sessions end too, which only someone who logs out that often can cause).
 *
 * <p>An unreadable file ends every session (fail closed) and is logged as an ERROR naming it.
 */
public final class SessionRevocations {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRevocations.class);
  /** The file's name, beside the users file. */
  public static final String FILE_NAME = "argos-sessions.json";
  static final int MAX_PER_USER = 50;
  static final int MAX_RECORDS = 20_000;
  /** A file changed less than this before it was read may change again without its time changing (coarse clocks). */
  private static final Duration RACY = Duration.ofSeconds(2);
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private record Ended(String user, Instant until) {}

  /** The content: stamps by user (lower case), ended sessions by id. Mutable only inside {@link #update}. */
  private record State(Map<String, Instant> validAfter, Map<String, Ended> ended) {
    static State empty() {
      return new State(new HashMap<>(), new HashMap<>());
    }
  }

  private record Seen(@Nullable Object fileKey, FileTime modified, long size, Instant readAt, State state) {}

  private final @Nullable Path file;
  private final Object memoryLock = new Object();
  private volatile State memory = State.empty(); // in memory mode: replaced, never changed, so readers need no lock
  private volatile @Nullable Seen seen;
  private volatile @Nullable String lastError;

  private SessionRevocations(@Nullable Path file) {
    this.file = file == null ? null : file.toAbsolutePath().normalize();
  }

  /** @return revocations kept in this file (created when first needed) */
  public static SessionRevocations inFile(Path file) {
    return new SessionRevocations(file);
  }

  /** @return revocations kept in memory only: for a web UI embedded in a host that keeps no file (lost at restart) */
  public static SessionRevocations inMemory() {
    return new SessionRevocations(null);
  }

  /** @return the sessions file that goes with a users file: {@value #FILE_NAME} in the same directory */
  public static Path besideUsers(Path usersFile) {
    return usersFile.toAbsolutePath().normalize().resolveSibling(FILE_NAME);
  }

  /** @return the file, or null when kept in memory */
  public @Nullable Path file() {
    return file;
  }

  private static String userKey(String user) {
    return user.toLowerCase(Locale.ROOT);
  }

  /** @return the id under which a session is recorded: a hash of its nonce, so the file holds nothing a cookie uses */
  static String sessionId(String nonce) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(("argos-session|" + nonce).getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(java.util.Arrays.copyOf(h, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Ends every session of this user issued up to now (log out everywhere, password change, disable, delete).
   *
   * @throws UncheckedIOException when the file cannot be written; the message names it
   */
  public void endAll(String user, Instant now) {
    update(s -> {
      String key = userKey(user);
      s.validAfter().merge(key, now, (a, b) -> a.isAfter(b) ? a : b);
      s.ended().values().removeIf(e -> e.user().equals(key)); // the stamp covers them
    }, now);
  }

  /**
   * Ends one session for good (a logout): a copy of its cookie is refused until the session would have expired.
   *
   * @param nonce the session's nonce
   * @param expires the session's expiry: the record is kept until then
   * @throws UncheckedIOException when the file cannot be written; the message names it
   */
  public void end(String user, String nonce, Instant expires, Instant now) {
    update(s -> {
      String key = userKey(user);
      long mine = s.ended().values().stream().filter(e -> e.user().equals(key)).count();
      if (mine >= MAX_PER_USER || s.ended().size() >= MAX_RECORDS) {
        LOG.info("web UI: {} has logged out {} sessions that have not expired yet: all of this user's sessions end "
            + "instead", user, mine);
        s.validAfter().merge(key, now, (a, b) -> a.isAfter(b) ? a : b);
        s.ended().values().removeIf(e -> e.user().equals(key));
      } else {
        s.ended().put(sessionId(nonce), new Ended(key, expires));
      }
    }, now);
  }

  /**
   * @param issued when the session was issued
   * @param nonce the session's nonce
   * @return true when the session was ended: logged out, or issued at or before the user's stamp; also true when the
   *     file cannot be read (logged)
   */
  public boolean ended(String user, Instant issued, String nonce) {
    State s;
    try {
      s = current();
    } catch (IOException | RuntimeException e) {
      String why = "web UI: cannot read " + file + " (" + e.getMessage() + "): every session is refused until it is "
          + "fixed";
      if (!why.equals(lastError)) {
        lastError = why;
        LOG.error(why);
      }
      return true;
    }
    lastError = null;
    Instant after = s.validAfter().get(userKey(user));
    if (after != null && !issued.isAfter(after)) {
      return true;
    }
    return s.ended().containsKey(sessionId(nonce));
  }

  /** @return the user's "sessions valid after" stamp, if any (for the CLI and tests) */
  public java.util.Optional<Instant> validAfter(String user) {
    try {
      return java.util.Optional.ofNullable(current().validAfter().get(userKey(user)));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** @return the number of logged-out sessions recorded (for tests of the bound) */
  int records() {
    try {
      return current().ended().size();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------------------------ the file

  private State current() throws IOException {
    Path f = file;
    if (f == null) {
      return memory;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(f, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return State.empty();
    }
    Seen c = seen;
    if (c != null && Objects.equals(c.fileKey(), a.fileKey()) && c.modified().equals(a.lastModifiedTime())
        && c.size() == a.size() && c.readAt().isAfter(a.lastModifiedTime().toInstant().plus(RACY))) {
      return c.state();
    }
    Instant readAt = Instant.now();
    State s = read(f);
    seen = new Seen(a.fileKey(), a.lastModifiedTime(), a.size(), readAt, s);
    return s;
  }

  private static State read(Path f) throws IOException {
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return State.empty();
    }
    State s = State.empty();
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || root.isMissingNode()) {
        return s;
      }
      if (!root.isObject()) {
        throw new IOException("expected a JSON object");
      }
      for (Map.Entry<String, JsonNode> e : root.path("valid_after").properties()) {
        s.validAfter().put(e.getKey(), Instant.parse(e.getValue().asText()));
      }
      for (JsonNode e : root.path("ended")) {
        s.ended().put(e.path("session").asText(),
            new Ended(e.path("user").asText(), Instant.parse(e.path("until").asText())));
      }
      return s;
    } catch (DateTimeParseException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("the sessions file " + f + " is not valid: " + e.getMessage(), e);
    }
  }

  private void update(Consumer<State> change, Instant now) {
    Path f = file;
    if (f == null) {
      synchronized (memoryLock) {
        State s = new State(new HashMap<>(memory.validAfter()), new HashMap<>(memory.ended()));
        change.accept(s);
        s.ended().values().removeIf(e -> !e.until().isAfter(now));
        memory = s;
      }
      return;
    }
    ReentrantLock inJvm = LOCKS.computeIfAbsent(f, k -> new ReentrantLock());
    inJvm.lock(); // FileLock is per process: two instances in one JVM must also wait for each other
    try {
      Path dir = f.getParent();
      Files.createDirectories(dir);
      try (FileChannel lockFile = FileChannel.open(f.resolveSibling(f.getFileName() + ".lock"),
          java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly())) {
        FileLock lock = lockFile.lock(); // waits for a writer in another process (the CLI, or the server)
        try {
          State s = read(f); // under the lock, never the cached copy: another process may just have written
          change.accept(s);
          s.ended().values().removeIf(e -> !e.until().isAfter(now));
          write(f, s);
          seen = null;
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the sessions file " + f + ": " + e.getMessage(), e);
    } finally {
      inJvm.unlock();
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  private static void write(Path f, State s) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode stamps = root.putObject("valid_after");
    s.validAfter().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> stamps.put(e.getKey(), e.getValue().toString()));
    ArrayNode ended = root.putArray("ended");
    s.ended().entrySet().stream().sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(Ended::until)))
        .forEach(e -> ended.addObject().put("session", e.getKey()).put("user", e.getValue().user())
            .put("until", e.getValue().until().toString()));
    // createTempFile makes the file 0600 on POSIX systems; the atomic move keeps that mode
    Path tmp = Files.createTempFile(f.getParent(), ".argos-sessions", ".tmp");
    try {
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
