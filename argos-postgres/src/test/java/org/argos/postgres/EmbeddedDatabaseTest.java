package org.argos.postgres;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.argos.api.Site;
import org.argos.api.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database is private to its user: loopback only, a password, and files nobody else reads. */
class EmbeddedDatabaseTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String OPTIONS = ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  @TempDir Path dir;

  @Test
  void itsServerListensOnLoopbackOnly() throws Exception {
    Path file = dir.resolve("data").resolve("argos");
    Process store = EmbeddedStoreProcess.start(file);
    try {
      int port = serverPort(file);
      List<String> listening = listeningAddresses(port);
      assertThat(listening).as("sockets listening on port " + port).isNotEmpty()
          .allSatisfy(a -> assertThat(InetAddress.getByName(a).isLoopbackAddress() || a.equals("::ffff:127.0.0.1"))
              .as(a + " is loopback").isTrue());
      // and from this machine's other addresses, nothing answers
      for (InetAddress other : nonLoopbackAddresses()) {
        try (Socket s = new Socket()) {
          assertThatThrownBy(() -> s.connect(new InetSocketAddress(other, port), 2000))
              .as("connecting to " + other + ":" + port).isInstanceOf(ConnectException.class);
        }
      }
    } finally {
      store.getOutputStream().close();
      store.waitFor();
    }
  }

  @Test
  void aNewDatabaseGetsARandomPasswordKeptInAPrivateFile() throws Exception {
    Path file = dir.resolve("data").resolve("argos");
    String url = "jdbc:h2:file:" + file + OPTIONS;
    try (JdbcStore store = JdbcStore.embedded(file).build()) {
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
      Path passwordFile = dir.resolve("data").resolve("argos.password");
      String password = Files.readString(passwordFile).strip();
      assertThat(password).matches("[0-9a-f]{48}");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
      assertThat(wrongPassword(url, "")).isTrue();
      assertThat(wrongPassword(url, password)).isFalse();
    }
    Path other = dir.resolve("other").resolve("argos");
    try (JdbcStore store = JdbcStore.embedded(other).build()) {
      assertThat(Files.readString(dir.resolve("other").resolve("argos.password")))
          .isNotEqualTo(Files.readString(dir.resolve("data").resolve("argos.password")));
    }
  }

  @Test
  void theDirectoryIsClosedAndEveryFileIsReadableByItsOwnerOnly() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    Path file = data.resolve("argos");
    try (JdbcStore store = JdbcStore.embedded(file).build()) {
      store.nodeStarting("node-1");
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(filesOf(data)).contains("argos.mv.db", "argos.password", "argos.engine.lock", "argos.lock.db");
      assertPrivate(data);
      // a file H2 writes later (its trace, on an error) is made private too
      assertThat(wrongPassword("jdbc:h2:file:" + file + OPTIONS, "wrong")).isTrue();
      store.nodeStopped("node-1");
    }
    assertThat(filesOf(data)).contains("argos.trace.db");
    assertPrivate(data);
  }

  @Test
  void aDirectoryHoldingOtherFilesIsLeftOpenButTheDatabaseFilesAreNot() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.writeString(shared.resolve("notes.txt"), "someone else's");
    try (JdbcStore store = JdbcStore.embedded(shared.resolve("argos")).build()) {
      store.siteCount();
    }
    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    assertThat(mode(shared.resolve("notes.txt"))).isNotEqualTo("rw-------");
    assertThat(mode(shared.resolve("argos.mv.db"))).isEqualTo("rw-------");
    assertThat(mode(shared.resolve("argos.password"))).isEqualTo("rw-------");
  }

  @Test
  void aDatabaseCreatedWithAnEmptyPasswordGetsOneAndKeepsItsData() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Path file = data.resolve("argos");
    String url = "jdbc:h2:file:" + file + OPTIONS;
    Site s = site("https://a.example", "status-is");
    // what an Argos without a password file left behind: a database whose password is empty
    org.h2.jdbcx.JdbcDataSource old = new org.h2.jdbcx.JdbcDataSource();
    old.setURL(url);
    try (JdbcStore store = JdbcStore.dataSource(old).build()) {
      store.register(plan(s, T0), T0);
    }
    assertThat(wrongPassword(url, "")).isFalse();

    try (JdbcStore store = JdbcStore.embedded(file).build()) {
      assertThat(store.site(s.domain())).contains(s);
    }
    String password = Files.readString(data.resolve("argos.password")).strip();
    assertThat(wrongPassword(url, "")).isTrue();
    assertThat(wrongPassword(url, password)).isFalse();
    try (JdbcStore store = JdbcStore.embedded(file).build()) {
      assertThat(store.site(s.domain())).contains(s);
    }
  }

  @Test
  void aLostPasswordFileIsReportedNotReplaced() throws Exception {
    Path file = dir.resolve("data").resolve("argos");
    try (JdbcStore store = JdbcStore.embedded(file).build()) {
      store.siteCount();
    }
    Path passwordFile = dir.resolve("data").resolve("argos.password");
    Files.delete(passwordFile);
    assertThatThrownBy(() -> JdbcStore.embedded(file).build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("its password is not the one in " + passwordFile);
    assertThat(passwordFile).doesNotExist();
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static boolean wrongPassword(String url, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "");
    p.setProperty("password", password);
    try (Connection c = DriverManager.getConnection(url, p)) {
      return false;
    } catch (SQLException e) {
      if (e.getErrorCode() == 28000) {
        return true;
      }
      throw e;
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<String> filesOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static void assertPrivate(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.toList()).allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
    }
  }

  /** The port of H2's automatic server, as its lock file tells the other processes. */
  private static int serverPort(Path file) throws IOException {
    Properties lock = new Properties();
    try (var in = Files.newInputStream(Path.of(file + ".lock.db"))) {
      lock.load(in);
    }
    String server = lock.getProperty("server");
    assertThat(server).as("the lock file names the automatic server").isNotNull();
    return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
  }

  /** The local addresses of the sockets listening on a port, from the kernel's tables (IPv4 and IPv6). */
  private static List<String> listeningAddresses(int port) throws IOException {
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 4 || !f[3].equals("0A")) {
          continue; // header, or not LISTEN
        }
        String[] local = f[1].split(":");
        if (Integer.parseInt(local[1], 16) == port) {
          out.add(InetAddress.getByAddress(kernelOrder(local[0])).getHostAddress());
        }
      }
    }
    return out;
  }

  /** /proc/net/tcp prints addresses as 32-bit words in host (little-endian) order. */
  private static byte[] kernelOrder(String hex) {
    byte[] raw = new BigInteger("1" + hex, 16).toByteArray(); // the leading 1 keeps leading zeros
    byte[] b = java.util.Arrays.copyOfRange(raw, raw.length - hex.length() / 2, raw.length);
    for (int w = 0; w < b.length; w += 4) {
      for (int i = 0; i < 2; i++) {
        byte t = b[w + i];
        b[w + i] = b[w + 3 - i];
        b[w + 3 - i] = t;
      }
    }
    return b;
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> out = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && !nif.isLoopback()) {
        nif.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(out::add);
      }
    }
    return out;
  }
}
