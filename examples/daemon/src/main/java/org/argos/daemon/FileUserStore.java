package org.argos.daemon;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Users in a JSON file (bcrypt hashes), written atomically. Not for concurrent writers. */
final class FileUserStore implements UserStore {
  private static final int COST = 12;
  private final Path file;

  FileUserStore(Path file) {
    this.file = file;
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

  private static String hash(String password) {
    if (password.isEmpty()) {
      throw new IllegalArgumentException("the password must not be empty");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
      throw new IllegalArgumentException("the password must be at most 72 bytes (a bcrypt limit)");
    }
    return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
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
    users.put(name, new User(name, hash(password), true, Instant.now().toString(), ""));
    write(users);
  }

  @Override
  public synchronized void changePassword(String name, String password) {
    TreeMap<String, User> users = read();
    User u = require(users, name);
    users.put(name, new User(name, hash(password), u.enabled(), u.createdAt(), u.lastLoginAt()));
    write(users);
  }

  @Override
  public synchronized boolean verify(String name, String password) {
    User u = read().get(name);
    return u != null && u.enabled() && BCrypt.verifyer().verify(password.toCharArray(), u.passwordHash()).verified;
  }

  @Override
  public synchronized void setEnabled(String name, boolean enabled) {
    TreeMap<String, User> users = read();
    User u = require(users, name);
    users.put(name, new User(name, u.passwordHash(), enabled, u.createdAt(), u.lastLoginAt()));
    write(users);
  }

  @Override
  public synchronized void delete(String name) {
    TreeMap<String, User> users = read();
    require(users, name);
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
