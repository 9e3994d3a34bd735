package org.argos.web.auth;

import java.util.List;
import java.util.Optional;

/**
 * Web UI users managed from the CLI ({@code argos server user ...}). Passwords are kept as bcrypt hashes. The file
 * implementation serves until the database store holds users.
 */
public interface UserStore {
  /** A user as shown by {@code user show}. */
  record User(String name, String passwordHash, boolean enabled, String createdAt, String lastLoginAt) {}

  /**
   * @throws IllegalArgumentException when the user exists or the name or password is not acceptable (a password is 12
   *     characters at least, 72 UTF-8 bytes at most)
   */
  void add(String name, String password);

  /** @throws IllegalArgumentException when the user does not exist */
  void changePassword(String name, String password);

  /**
   * @return true when the user exists, is enabled, and the password matches; a false answer takes as long whichever of
   *     these failed, so that its time does not tell whether the user exists
   */
  boolean verify(String name, String password);

  /** @throws IllegalArgumentException when the user does not exist */
  void setEnabled(String name, boolean enabled);

  /** @throws IllegalArgumentException when the user does not exist */
  void delete(String name);

  Optional<User> find(String name);

  List<User> all();
}
