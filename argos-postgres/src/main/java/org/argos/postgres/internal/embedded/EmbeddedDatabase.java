package org.argos.postgres.internal.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.argos.api.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 file database kept private to the user running Argos: its directory is 0700 and its files 0600, it
 * has a random password kept in a 0600 file beside it, and its automatic server (which lets the CLI open the database
 * while the daemon runs) listens on loopback only.
 */
public final class EmbeddedDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  /** H2's code for a wrong user name or password. */
  private static final int WRONG_PASSWORD = 28000;
  private static final String BIND_ADDRESS = "h2.bindAddress";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path base;
  private final Path directory;
  private final Path passwordFile;
  private volatile @Nullable Connection held;

  /** @return the database file without its extension */
  public Path base() {
    return base;
  }

  /** @param base the database file without its extension ({@code /var/lib/argos/argos}) */
  public EmbeddedDatabase(Path base) {
    this.base = base;
    this.directory = base.getParent();
    this.passwordFile = Path.of(base + ".password");
  }

  public Path passwordFile() {
    return passwordFile;
  }

  /**
   * H2's automatic server listens where the system property {@code h2.bindAddress} says, read once when H2 starts,
   * and on every interface without it. Set it to loopback before H2 reads it.
   *
   * @return true when H2 will listen on loopback only, so {@code AUTO_SERVER} may be used
   */
  public static boolean autoServerOnLoopback() {
    if (System.getProperty(BIND_ADDRESS) == null) {
      System.setProperty(BIND_ADDRESS, "127.0.0.1");
    }
    String bind = org.h2.engine.SysProperties.BIND_ADDRESS;
    try {
      return bind != null && !bind.isBlank() && InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Makes the directory private, then returns the database's password: read from its file, or created with a fresh
   * random one (first start). A database created by an older Argos with an empty password gets this password on the
   * way (see {@link #migrateEmptyPassword}).
   */
  public String prepare(String jdbcUrl) {
    makeDirectoryPrivate();
    boolean existed = Files.exists(passwordFile);
    String password = readOrCreatePassword();
    try {
      migrateEmptyPassword(jdbcUrl, password);
    } catch (StoreException e) {
      if (!existed) {
        try {
          Files.deleteIfExists(passwordFile); // a password nobody can use would only mislead the next start
        } catch (IOException ignored) {
          // the error below says what to do
        }
      }
      throw e;
    }
    tightenFiles();
    return password;
  }

  private void makeDirectoryPrivate() {
    if (directory == null) {
      return;
    }
    try {
      if (!Files.exists(directory)) {
        Files.createDirectories(directory);
        chmod(directory, DIRECTORY);
        return;
      }
      if (!posix()) {
        return;
      }
      Set<PosixFilePermission> now = Files.getPosixFilePermissions(directory);
      if (now.equals(DIRECTORY)) {
        return;
      }
      // A directory that holds more than this database (a home directory, /tmp) is not ours to close: only the
      // database's own files are then made private.
      String prefix = base.getFileName().toString() + ".";
      boolean onlyOurs;
      try (Stream<Path> files = Files.list(directory)) {
        onlyOurs = files.allMatch(p -> p.getFileName().toString().startsWith(prefix));
      }
      int mode = (Integer) Files.getAttribute(directory, "unix:mode");
      if (!onlyOurs || (mode & 01000) != 0) {
        LOG.warn("The embedded database's directory {} ({}) holds other files: its database files are kept rw-------, "
            + "but give the database a directory of its own", directory, PosixFilePermissions.toString(now));
        return;
      }
      chmod(directory, DIRECTORY);
      LOG.info("The embedded database's directory {} was {}; it is now rwx------ (only this user reads it)", directory,
          PosixFilePermissions.toString(now));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new StoreException("Could not make the embedded database's directory " + directory + " private: " + e, e);
    }
  }

  private String readOrCreatePassword() {
    try {
      if (!Files.exists(passwordFile)) {
        String fresh = HexFormat.of().formatHex(randomBytes(24));
        try {
          if (posix()) {
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(FILE));
          } else {
            Files.createFile(passwordFile);
          }
          Files.writeString(passwordFile, fresh + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
          return fresh;
        } catch (FileAlreadyExistsException raced) {
          // another process (the CLI, started at the same moment) created it first: use its password
        }
      }
      chmod(passwordFile, FILE);
      String p = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      if (p.isEmpty()) {
        throw new StoreException("The embedded database's password file " + passwordFile + " is empty; restore it "
            + "from a backup, or delete it if the database was created by an Argos older than this file");
      }
      return p;
    } catch (IOException e) {
      throw new StoreException("Could not read or create the embedded database's password file " + passwordFile + ": "
          + e, e);
    }
  }

  /**
   * Opens the database once with its password. A database made by an Argos that kept no password file has an empty
   * password: it is then opened with that and given the password, so an upgrade keeps every result. A crash between
   * writing the file and changing the password is repaired the same way at the next start.
   */
  private void migrateEmptyPassword(String jdbcUrl, String password) {
    try {
      // kept open until the pool has its own connection: H2 closes a database with its last connection, and opening
      // a large one twice would double the start time
      held = DriverManager.getConnection(jdbcUrl, "", password);
      return;
    } catch (SQLException e) {
      if (e.getErrorCode() != WRONG_PASSWORD) {
        throw new StoreException("Could not open the embedded database " + base + ".mv.db: " + e.getMessage(), e);
      }
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, "", ""); Statement s = c.createStatement()) {
      // A password cannot be a bind parameter here; it is hex, so quoting it is safe.
      s.execute("ALTER USER \"" + currentUser(c) + "\" SET PASSWORD '" + password + "'");
      LOG.info("The embedded database {}.mv.db had no password; it now has the one kept in {}", base, passwordFile);
      held = DriverManager.getConnection(jdbcUrl, "", password);
    } catch (SQLException e) {
      throw new StoreException("Could not open the embedded database " + base + ".mv.db: its password is not the one "
          + "in " + passwordFile + " (was that file replaced or deleted?): " + e.getMessage(), e);
    }
  }

  private static String currentUser(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT CURRENT_USER")) {
      rs.next();
      return rs.getString(1).replace("\"", "\"\"");
    }
  }

  /** Closes the connection {@link #prepare} kept open, once the pool holds its own. */
  public void release() {
    Connection c = held;
    held = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing the embedded database's first connection failed: {}", e.toString());
      }
    }
  }

  /** Makes every file of the database (H2 creates some later: trace, lock, temporary) readable by its owner only. */
  public void tightenFiles() {
    if (directory == null || !posix() || !Files.isDirectory(directory)) {
      return;
    }
    String prefix = base.getFileName().toString() + ".";
    try (Stream<Path> files = Files.list(directory)) {
      files.filter(p -> p.getFileName().toString().startsWith(prefix)
              && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(p -> {
            try {
              chmod(p, FILE);
            } catch (IOException | RuntimeException e) {
              LOG.debug("could not restrict {}: {}", p, e.toString()); // a temporary file H2 deleted meanwhile
            }
          });
    } catch (IOException e) {
      LOG.warn("Could not restrict the permissions of the embedded database's files in {}: {}", directory,
          e.toString());
    }
  }

  private static void chmod(Path p, Set<PosixFilePermission> perms) throws IOException {
    if (posix() && !Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(perms)) {
      Files.setPosixFilePermissions(p, perms);
    }
  }

  private static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public String toString() {
    return "EmbeddedDatabase[" + base + "]";
  }
}
