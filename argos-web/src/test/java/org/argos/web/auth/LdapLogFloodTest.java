package org.argos.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.argos.web.ui.WebUi.Verdict;
import org.junit.jupiter.api.Test;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;

/** Anyone can try to log in: with the directory down, a thousand tries write a few lines, not a thousand. */
class LdapLogFloodTest {
  @Test
  void failedLoginsAgainstAnUnreachableDirectoryLogAFewLines() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    LdapDirectory d = new LdapDirectory(new DaemonConfig.Ldap("ldap://svc:s3cret@127.0.0.1:" + port, "ou=people,dc=x",
        null, null, "uid", null), Duration.ofMillis(500), Clock.systemUTC());
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 1000; i++) {
        assertThat(d.authenticate("user" + i, "pw")).isEqualTo(Verdict.UNAVAILABLE);
      }
    } finally {
      System.setErr(before);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.lines().count()).as(log).isBetween(1L, 25L);
    assertThat(log).contains("logins fail until it answers", "ldap://svc:***@127.0.0.1").doesNotContain("s3cret");
  }

  @Test
  void credentialsInTheLdapUriAreRefusedByTheConfig() {
    var checks = org.argos.engine.CheckRegistry.of(java.util.List.of(), true, getClass().getClassLoader());
    ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
        () -> ConfigParser.parse("l.yaml", """
            general:
              frequency: 5m
              ldap:
                uri: "ldap://svc:s3cret@ldap.example"
                user_tree: "ou=people,dc=example"
                user_attr: uid
            websites: []
            """, java.nio.file.Path.of("."), java.util.Map.of(), checks));
    assertThat(e.getMessage()).contains("general.ldap.uri: the service account goes in bind_dn and bind_pwd",
        "ldap://svc:***@ldap.example").doesNotContain("s3cret");
  }
}
