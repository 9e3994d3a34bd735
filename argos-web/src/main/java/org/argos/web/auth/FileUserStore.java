package org.argos.web.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.agents.protocol.Json;

/**
 * Users in a JSON file (bcrypt hashes), written atomically (mode 0600). Not for concurrent writers. A password change,
 * disabling, deleting or (re)adding a user ends the user's web sessions through the sessions file beside it
 * ({@link SessionRevocations}), which a running server reads.
 *
 * <p>Every failed {@link #verify} costs one bcrypt verification at the cost of the stored hashes, whether the user is
 * unknown, disabled or gave a wrong password: the time a login takes does not tell whether the user exists.
 */
public final class FileUserStore implements UserStore {
  static final int COST = 12;
  /** Shortest password accepted, in characters (Unicode code points). */
  static final int MIN_PASSWORD = 12;
  /** Longest password accepted, in UTF-8 bytes: bcrypt reads no further, so a longer one would be silently cut. */
  static final int MAX_PASSWORD_BYTES = 72;
  private static final Pattern COST_OF = Pattern.compile("\\$2[abxy]?\\$(\\d\\d)\\$.*", Pattern.DOTALL);
  private static final Map<Integer, String> DUMMIES = new ConcurrentHashMap<>();

  /** Checks a password against a bcrypt hash: bcrypt itself, or a counting wrapper in tests. */
  @FunctionalInterface
  interface Verifier {
    boolean matches(String password, String hash);
  }

  static final Verifier BCRYPT = (password, hash) -> BCrypt.verifyer().verify(password.toCharArray(), hash).verified;

  private final Path file;
  private final Verifier verifier;
  private final SessionRevocations sessions;

  public FileUserStore(Path file) {
    this(file, BCRYPT);
  }

  public FileUserStore(Path file, Verifier verifier) {
    this.file = file;
    this.verifier = verifier;
    this.sessions = SessionRevocations.inFile(SessionRevocations.besideUsers(file));
  }

  /** @return the sessions file that goes with this users file */
  public SessionRevocations sessions() {
    return sessions;
  }

  private TreeMap<String, User> read() {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      List<User> users = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), new TypeReference<List<User>>() {});
      TreeMap<String, User> m = new TreeMap<>();
      users.forEach(u -> m.put(u.name(), u));
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the users file " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(TreeMap<String, User> users) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".argos-users", ".tmp");
      Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(new ArrayList<>(users.values())));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the users file " + file + ": " + e.getMessage(), e);
    }
  }

  /** @throws IllegalArgumentException when the password is too short or too long, saying what the rules are */
  static void checkPassword(String password) {
    int chars = password.codePointCount(0, password.length());
    if (chars < MIN_PASSWORD) {
      throw new IllegalArgumentException("the password must be at least " + MIN_PASSWORD + " characters long, got "
          + chars + " (a passphrase of a few words is easy to type and hard to guess)");
    }
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException("the password must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8, got "
          + bytes + ": bcrypt ignores what comes after, so a longer one would not be what you think it is");
    }
    if (password.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
      throw new IllegalArgumentException("the password must not contain control characters (such as a tab or a line "
          + "break): the login form could not send them");
    }
  }

  private static String hash(String password) {
    checkPassword(password);
    return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
  }

  /** @return the work factor of a bcrypt hash, or {@link #COST} when it cannot be read */
  static int cost(String hash) {
    Matcher m = COST_OF.matcher(hash);
    return m.matches() ? Integer.parseInt(m.group(1)) : COST;
  }

  /**
   * @return a hash of a random password at this cost, made once per cost: what unknown users are verified against, so
   *     that their failure costs what a real user's does
   */
  static String dummyHash(int cost) {
    return DUMMIES.computeIfAbsent(cost, c -> {
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      char[] password = java.util.Base64.getEncoder().encodeToString(random).toCharArray();
      return BCrypt.withDefaults().hashToString(Math.clamp(c, 4, 31), password);
    });
  }

  private static User require(TreeMap<String, User> users, String name) {
    User u = users.get(name);
    if (u == null) {
      throw new IllegalArgumentException("no user named '" + name + "'");
    }
    return u;
  }

  @Override
  public synchronized void add(String name, String password) {
    if (!name.matches("[A-Za-z0-9_.@-]{1,64}")) {
      throw new IllegalArgumentException("a user name is 1 to 64 letters, digits or _ . @ -, got '" + name + "'");
    }
    TreeMap<String, User> users = read();
    if (users.containsKey(name)) {
      throw new IllegalArgumentException("user '" + name + "' already exists");
    }
    String hash = hash(password);
    // Ends the sessions of a user of the same name deleted earlier, whose cookies would otherwise come back to life.
    sessions.endAll(name, Instant.now());
    users.put(name, new User(name, hash, true, Instant.now().toString(), ""));
    write(users);
  }

  @Override
  public synchronized void changePassword(String name, String password) {
    TreeMap<String, User> users = read();
    User u = require(users, name);
    String hash = hash(password);
    sessions.endAll(name, Instant.now()); // first: a session must not outlive the password it was opened with
    users.put(name, new User(name, hash, u.enabled(), u.createdAt(), u.lastLoginAt()));
    write(users);
  }

  @Override
  public boolean verify(String name, String password) {
    // Not synchronized: each call reads the file afresh, and logins need not wait for each other's bcrypt
    TreeMap<String, User> users = read();
    User u = users.get(name);
    // Unknown users are checked against a dummy hash of the cost real ones have, disabled users against their own,
    // and too long a password (which bcrypt refuses) against the hash with a stand-in: every failure costs one
    // verification.
    String hash = u != null ? u.passwordHash()
        : dummyHash(users.values().stream().mapToInt(x -> cost(x.passwordHash())).max().orElse(COST));
    boolean tooLong = password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    boolean matches;
    try {
      matches = verifier.matches(tooLong ? "-" : password, hash);
    } catch (IllegalArgumentException e) {
      matches = false; // a hash edited by hand beyond recognition: nobody logs in with it
    }
    return u != null && u.enabled() && !tooLong && matches;
  }

  @Override
  public synchronized void setEnabled(String name, boolean enabled) {
    TreeMap<String, User> users = read();
    User u = require(users, name);
    if (!enabled) {
      // Also when enabled again later: the sessions opened before it was disabled stay ended.
      sessions.endAll(name, Instant.now());
    }
    users.put(name, new User(name, u.passwordHash(), enabled, u.createdAt(), u.lastLoginAt()));
    write(users);
  }

  @Override
  public synchronized void delete(String name) {
    TreeMap<String, User> users = read();
    require(users, name);
    sessions.endAll(name, Instant.now());
    users.remove(name);
    write(users);
  }

  @Override
  public synchronized Optional<User> find(String name) {
    return Optional.ofNullable(read().get(name));
  }

  @Override
  public synchronized List<User> all() {
    return new ArrayList<>(read().values());
  }
}
