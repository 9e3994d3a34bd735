package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ending web UI sessions before their expiry, over real HTTP against a running daemon: logout, "log out everywhere"
 * (web and CLI), and the CLI's password change and disable, seen by the running server without a restart.
 */
class WebSessionRevocationTest {
  private static final String SECRET = "  cookie_secret: \"Xq3v9LrT0bWm7Yc2Kp5NsH8dJf4Ga1Ue6Zi\"\n";
  private static final String PASSWORD = "correct horse";
  @TempDir Path dir;

  private Server start(String general) throws Exception {
    return TestServers.startWithoutSites(dir, general, PASSWORD);
  }

  /** A second browser holding a copy of the cookie (stolen, or another tab). */
  private static WebClient copyOf(Server server, WebClient web) {
    WebClient copy = new WebClient(TestServers.base(server));
    HttpCookie c = new HttpCookie("argos_session", web.cookie("argos_session"));
    c.setPath("/");
    c.setVersion(0);
    copy.cookies.getCookieStore().add(URI.create(TestServers.base(server)), c);
    return copy;
  }

  private static boolean in(WebClient web) {
    WebClient.Page p = web.get("/domains");
    if (p.status() == 303 && p.location().startsWith("/login")) {
      return false;
    }
    assertThat(p.status()).isEqualTo(200);
    return true;
  }

  private Cli.Run cli(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "server";
    all[1] = "user";
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--config";
    all[args.length + 3] = dir.resolve("argos-config.yaml").toString();
    Cli.Run r = Cli.run(dir, Map.of(), all);
    assertThat(r.exit()).as(r.err()).isZero();
    return r;
  }

  @Test
  void logoutEndsThatSessionForGoodAlsoForACopyOfItsCookieAndAfterARestart() throws Exception {
    WebClient other;
    WebClient copy;
    try (Server server = start(SECRET)) {
      WebClient web = new WebClient(TestServers.base(server));
      web.login("alice", PASSWORD);
      copy = copyOf(server, web);
      other = new WebClient(TestServers.base(server));
      other.login("alice", PASSWORD);
      assertThat(in(copy)).isTrue();

      assertThat(web.post("/logout", "_csrf", web.get("/").csrf()).status()).isEqualTo(303);
      assertThat(in(web)).isFalse();
      assertThat(in(copy)).as("the copied cookie of the logged-out session").isFalse();
      assertThat(in(other)).as("another session of the same user lives on").isTrue();
    }
    try (Server again = TestServers.start(dir.resolve("argos-config.yaml"))) {
      WebClient copyAfter = copyOf(again, copy);
      WebClient otherAfter = copyOf(again, other);
      assertThat(in(copyAfter)).as("the record survives a restart").isFalse();
      assertThat(in(otherAfter)).isTrue();
    }
  }

  @Test
  void theCliEndsSessionsOfARunningServer() throws Exception {
    try (Server server = start(SECRET)) {
      WebClient web = new WebClient(TestServers.base(server));
      web.login("alice", PASSWORD);
      WebClient copy = copyOf(server, web);
      assertThat(in(copy)).isTrue();

      assertThat(cli("change-password", "--name", "alice", "--password", "a new passphrase").out())
          .contains("sessions opened with the old one have ended");
      assertThat(in(web)).as("a session opened with the old password").isFalse();
      assertThat(in(copy)).isFalse();

      WebClient fresh = new WebClient(TestServers.base(server));
      fresh.login("alice", "a new passphrase");
      WebClient freshCopy = copyOf(server, fresh);
      cli("disable", "--name", "alice");
      assertThat(in(freshCopy)).isFalse();
      cli("enable", "--name", "alice");
      assertThat(in(freshCopy)).as("enabling again does not bring back the sessions opened before the disable").isFalse();

      WebClient third = new WebClient(TestServers.base(server));
      third.login("alice", "a new passphrase");
      WebClient thirdCopy = copyOf(server, third);
      assertThat(in(thirdCopy)).isTrue();
      assertThat(cli("logout-everywhere", "--name", "alice").out()).contains("every session of alice has ended");
      assertThat(in(third)).isFalse();
      assertThat(in(thirdCopy)).isFalse();

      WebClient fourth = new WebClient(TestServers.base(server));
      fourth.login("alice", "a new passphrase");
      assertThat(in(fourth)).as("a login after all this works").isTrue();
      cli("delete", "--name", "alice");
      cli("add", "--name", "alice", "--password", "a third passphrase");
      assertThat(in(fourth)).as("a user deleted and added again does not inherit the old sessions").isFalse();
    }
  }

  /** Runs {@code argos server user ...} in a JVM of its own, as an admin would from a shell beside the server. */
  private Process cliProcess(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "server", "user"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--config", dir.resolve("argos-config.yaml").toString()));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
  }

  @Test
  void aCliInAnotherProcessWaitsForTheLockThenEndsSessionsOfTheRunningServer() throws Exception {
    try (Server server = start(SECRET)) {
      WebClient web = new WebClient(TestServers.base(server));
      web.login("alice", PASSWORD);
      WebClient copy = copyOf(server, web);
      WebClient other = new WebClient(TestServers.base(server));
      other.login("alice", PASSWORD);
      assertThat(other.post("/logout", "_csrf", other.get("/").csrf()).status()).as("the server writes the file").isEqualTo(303);

      Process p;
      Path lock = dir.resolve("argos-sessions.json.lock");
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE)) {
        assertThat(ch.lock().isValid()).isTrue(); // released when the channel closes
        // Another writer holds the lock (as the server does while it records a logout): the CLI must wait for it,
        // else it could write over what the other just recorded.
        p = cliProcess("change-password", "--name", "alice", "--password", "a passphrase from a shell");
        Thread.sleep(3000);
        assertThat(p.isAlive()).as("waiting for the lock").isTrue();
        assertThat(in(copy)).isTrue();
      }
      assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(in(copy)).as("ended by the other process's password change").isFalse();
      WebClient fresh = new WebClient(TestServers.base(server));
      fresh.login("alice", "a passphrase from a shell");
      assertThat(in(fresh)).isTrue();
    }
  }

  @Test
  void logOutEverywhereFromTheWebUiEndsEverySessionOfTheUser() throws Exception {
    try (Server server = start(SECRET)) {
      WebClient phone = new WebClient(TestServers.base(server));
      phone.login("alice", PASSWORD);
      WebClient laptop = new WebClient(TestServers.base(server));
      laptop.login("alice", PASSWORD);
      WebClient stolen = copyOf(server, laptop);

      WebClient.Page page = phone.get("/logout");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("action=\"/logout/everywhere\"", "id=\"logout-everywhere\"");
      assertThat(phone.get("/").body()).as("reachable from every page").contains("href=\"/logout\" id=\"sessions-link\"");
      assertThat(phone.post("/logout/everywhere").status()).as("without its CSRF token").isEqualTo(403);
      assertThat(phone.post("/logout/everywhere", "_csrf", laptop.get("/").csrf()).status()).as("another session's token")
          .isEqualTo(403);
      assertThat(in(laptop)).isTrue();

      WebClient.Page done = phone.post("/logout/everywhere", "_csrf", page.csrf());
      assertThat(done.status()).isEqualTo(303);
      assertThat(done.location()).isEqualTo("/login");
      assertThat(in(phone)).isFalse();
      assertThat(in(laptop)).isFalse();
      assertThat(in(stolen)).isFalse();

      WebClient anonymous = new WebClient(TestServers.base(server));
      assertThat(anonymous.post("/logout/everywhere", "_csrf", anonymous.get("/login").csrf()).status()).isEqualTo(401);
      phone.login("alice", PASSWORD);
      assertThat(in(phone)).isTrue();
    }
  }

  @Test
  void ldapUsersSessionsEndTooWithTheStampKeptByTheDaemon() throws Exception {
    try (TestLdap ldap = new TestLdap(); Server server = start(SECRET + ldap.yaml())) {
      WebClient web = new WebClient(TestServers.base(server));
      web.login("alice", "alice's password");
      WebClient copy = copyOf(server, web);
      WebClient other = new WebClient(TestServers.base(server));
      other.login("alice", "alice's password");
      assertThat(web.post("/logout", "_csrf", web.get("/").csrf()).status()).isEqualTo(303);
      assertThat(in(copy)).isFalse();
      assertThat(in(other)).isTrue();
      assertThat(cli("logout-everywhere", "--name", "ALICE").out()).contains("logs in through LDAP");
      assertThat(in(other)).as("LDAP names match in any case").isFalse();
    }
  }
}
