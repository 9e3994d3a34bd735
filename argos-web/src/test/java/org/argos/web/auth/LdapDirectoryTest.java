package org.argos.web.auth;

import org.argos.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.argos.web.ui.WebUi.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.argos.config.DaemonConfig;

/** Logins against a real LDAP server (in-memory, on a loopback port): the search, the binds, escaping, failures. */
class LdapDirectoryTest {
  private TestLdap ldap;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    ldap = new TestLdap();
  }

  @AfterEach
  void stop() {
    ldap.close();
  }

  private LdapDirectory directory(DaemonConfig.Ldap config) {
    return new LdapDirectory(config, Duration.ofMillis(500), clock);
  }

  @Test
  void theRightPasswordLogsInAndEveryWrongOneIsRefused() {
    LdapDirectory d = directory(ldap.config());
    assertThat(d.authenticate("alice", "alice's password")).isEqualTo(Verdict.ACCEPTED);
    assertThat(d.authenticate("ALICE", "alice's password")).as("uid matches ignoring case, as LDAP does").isEqualTo(Verdict.ACCEPTED);
    assertThat(d.authenticate("alice", "wrong")).isEqualTo(Verdict.REJECTED);
    assertThat(d.authenticate("alice", "")).as("an empty password is an anonymous bind: never a login").isEqualTo(Verdict.REJECTED);
    assertThat(d.authenticate("carol", "alice's password")).as("unknown user").isEqualTo(Verdict.REJECTED);
    assertThat(d.authenticate("bob", "bob's password")).as("left out by user_filter").isEqualTo(Verdict.REJECTED);
    assertThat(d.authenticate("argos", TestLdap.SERVICE_PWD)).as("outside user_tree").isEqualTo(Verdict.REJECTED);
  }

  private int binds(Runnable login) {
    int before = ldap.binds.get();
    login.run();
    return ldap.binds.get() - before;
  }

  @Test
  void everyRefusedLoginAsksTheDirectoryForAsManyBindsAsAWrongPassword() throws Exception {
    LdapDirectory d = directory(ldap.config());
    ldap.person("alice-twin", "twin", "twin password", "staff");
    ldap.person("alice-twin2", "twin", "twin password", "staff");
    int wrong = binds(() -> assertThat(d.authenticate("alice", "wrong")).isEqualTo(Verdict.REJECTED));
    assertThat(wrong).as("the service account, then the user").isEqualTo(2);
    assertThat(binds(() -> assertThat(d.authenticate("carol", "wrong")).isEqualTo(Verdict.REJECTED))).as("unknown")
        .isEqualTo(wrong);
    assertThat(binds(() -> assertThat(d.authenticate("bob", "bob's password")).isEqualTo(Verdict.REJECTED)))
        .as("left out by user_filter").isEqualTo(wrong);
    assertThat(binds(() -> assertThat(d.authenticate("twin", "twin password")).isEqualTo(Verdict.REJECTED)))
        .as("two entries").isEqualTo(wrong);
    assertThat(binds(() -> assertThat(d.authenticate("*", "wrong")).isEqualTo(Verdict.REJECTED))).isEqualTo(wrong);
  }

  /** @return the median time of each kind of login, measured in turns so that a passing load weighs on all alike */
  private static long[] medianNanos(int rounds, Runnable... kinds) {
    long[][] t = new long[kinds.length][rounds];
    for (int i = 0; i < rounds; i++) {
      for (int k = 0; k < kinds.length; k++) {
        long start = System.nanoTime();
        kinds[k].run();
        t[k][i] = System.nanoTime() - start;
      }
    }
    long[] medians = new long[kinds.length];
    for (int k = 0; k < kinds.length; k++) {
      java.util.Arrays.sort(t[k]);
      medians[k] = t[k][rounds / 2];
    }
    return medians;
  }

  @Test
  void anUnknownOrFilteredUserTakesAboutAsLongAsAWrongPassword() {
    LdapDirectory d = directory(ldap.config());
    for (int i = 0; i < 20; i++) { // warm up the JIT and the JNDI classes
      d.authenticate("alice", "wrong");
      d.authenticate("carol", "wrong");
    }
    long[] m = medianNanos(41, () -> d.authenticate("alice", "wrong"), () -> d.authenticate("carol", "wrong"),
        () -> d.authenticate("bob", "wrong"));
    long existing = m[0];
    long unknown = m[1];
    long filtered = m[2];
    assertThat(unknown).as("unknown %d µs vs existing %d µs", unknown / 1000, existing / 1000).isGreaterThanOrEqualTo(existing / 2);
    assertThat(filtered).as("filtered %d µs vs existing %d µs", filtered / 1000, existing / 1000)
        .isGreaterThanOrEqualTo(existing / 2);
  }

  @Test
  void withoutUserFilterEveryoneInTheTreeMayLogIn() {
    DaemonConfig.Ldap c = ldap.config();
    LdapDirectory d = directory(new DaemonConfig.Ldap(c.uri(), c.userTree(), c.bindDn(), c.bindPwd(), "uid", null));
    assertThat(d.authenticate("bob", "bob's password")).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void withoutBindDnTheSearchIsAnonymous() {
    DaemonConfig.Ldap c = ldap.config();
    LdapDirectory d = directory(new DaemonConfig.Ldap(c.uri(), c.userTree(), null, null, "uid", c.userFilter()));
    assertThat(d.authenticate("alice", "alice's password")).isEqualTo(Verdict.ACCEPTED);
    assertThat(d.authenticate("alice", "nope")).isEqualTo(Verdict.REJECTED);
  }

  @Test
  void filterSyntaxInAUserNameIsOnlyEverCompared() {
    LdapDirectory d = directory(ldap.config());
    // Unescaped, these names would make (&(uid=*)(uid=*)(employeeType=staff)) or (&(uid=*)(...)): alice alone matches
    // the staff filter, so alice's password would log the attacker in under a made-up name.
    for (String attack : new String[] {"*", "*)(uid=*", "alice)(|(uid=*", "a*", "*)(employeeType=staff", "alice\u0000"}) {
      assertThat(d.authenticate(attack, "alice's password")).as(attack).isEqualTo(Verdict.REJECTED);
    }
    assertThat(d.authenticate("*)(uid=*", "bob's password")).isEqualTo(Verdict.REJECTED);
    // A real uid full of those characters still logs in: they are escaped, not stripped.
    assertThat(d.authenticate(TestLdap.ODD_UID, "odd password")).isEqualTo(Verdict.ACCEPTED);
    assertThat(d.authenticate("o*", "odd password")).isEqualTo(Verdict.REJECTED);
  }

  @Test
  void escapingFollowsRfc4515() {
    assertThat(LdapDirectory.escape("*)(uid=*")).isEqualTo("\\2a\\29\\28uid=\\2a");
    assertThat(LdapDirectory.escape("a\\b\u0000c\u007f")).isEqualTo("a\\5cb\\00c\\7f");
    assertThat(LdapDirectory.escape("élodie.o'neil@example.org")).isEqualTo("élodie.o'neil@example.org");
    assertThat(LdapDirectory.filter(ldap.config(), "a*")).isEqualTo("(&(uid=a\\2a)(employeeType=staff))");
  }

  @Test
  void twoEntriesWithTheSameNameAreRefusedRatherThanGuessed() throws Exception {
    ldap.person("alice2", "alice", "other password", "staff");
    LdapDirectory d = directory(ldap.config());
    assertThat(d.authenticate("alice", "alice's password")).isEqualTo(Verdict.REJECTED);
    assertThat(d.authenticate("alice", "other password")).isEqualTo(Verdict.REJECTED);
  }

  @Test
  void aStoppedServerIsUnavailableWithALogLineNotAnException() {
    LdapDirectory d = directory(ldap.config());
    String uri = ldap.uri();
    ldap.close();
    String log = stderrOf(() -> assertThat(d.authenticate("alice", "alice's password")).isEqualTo(Verdict.UNAVAILABLE));
    assertThat(log).contains("LDAP server " + uri + " unreachable", "logins fail until it answers")
        .doesNotContain("alice's password").doesNotContain(TestLdap.SERVICE_PWD);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    // Accepts connections (the kernel's backlog) and never says a word.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      DaemonConfig.Ldap c = ldap.config();
      LdapDirectory d = directory(new DaemonConfig.Ldap("ldap://127.0.0.1:" + silent.getLocalPort(), c.userTree(), c.bindDn(),
          c.bindPwd(), "uid", c.userFilter()));
      long start = System.nanoTime();
      String log = stderrOf(() -> assertThat(d.authenticate("alice", "alice's password")).isEqualTo(Verdict.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      assertThat(log).contains("no answer within 500 ms");
    }
  }

  @Test
  void aWrongServiceAccountIsReportedAsAConfigProblem() {
    DaemonConfig.Ldap c = ldap.config();
    LdapDirectory d = directory(new DaemonConfig.Ldap(c.uri(), c.userTree(), c.bindDn(), "not it", "uid", c.userFilter()));
    String log = stderrOf(() -> assertThat(d.authenticate("alice", "alice's password")).isEqualTo(Verdict.UNAVAILABLE));
    assertThat(log).contains("refused the service account: check general.ldap.bind_dn and bind_pwd");
  }

  @Test
  void aSessionEndsWhenItsUserLeavesTheDirectoryOrTheDirectoryIsDown() throws Exception {
    LdapDirectory d = directory(ldap.config());
    assertThat(d.authenticate("alice", "alice's password")).isEqualTo(Verdict.ACCEPTED);
    assertThat(d.active("alice")).isTrue();
    assertThat(d.active("bob")).as("left out by the filter").isFalse();
    ldap.server.delete("cn=alice," + TestLdap.USERS);
    assertThat(d.active("alice")).as("asked again only after a minute").isTrue();
    clock.advance(LdapDirectory.ACTIVE_CACHE.plusSeconds(1));
    assertThat(d.active("alice")).isFalse();

    ldap.person("alice", "alice", "alice's password", "staff");
    assertThat(d.active("alice")).isTrue();
    ldap.close();
    clock.advance(LdapDirectory.ACTIVE_CACHE.plusSeconds(1));
    stderrOf(() -> assertThat(d.active("alice")).as("fails closed, as Argos does").isFalse());
  }

  /** Runs the action with System.err captured (slf4j-simple writes there) and returns what was written. */
  private static String stderrOf(Runnable action) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    old.print(out);
    return out;
  }
}
