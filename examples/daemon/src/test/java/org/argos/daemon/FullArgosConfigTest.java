package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckSpec;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** The Argos example config, every section filled, websites in an !include, read unchanged. */
class FullArgosConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  @Test
  void readsEverySection() {
    DaemonConfig c = ConfigParser.load(Path.of("src/test/resources/argos-full/config.yaml"),
        Map.of("ARGOS_SECOND_SECRET", "s2"), checks);
    var g = c.general();
    assertThat(g.db().kind()).isEqualTo(DaemonConfig.DbKind.POSTGRESQL);
    assertThat(g.db().location()).isEqualTo("jdbc:postgresql://localhost/argos");
    assertThat(g.db().user()).isEqualTo("argos");
    assertThat(g.db().password()).isEqualTo("argos");
    assertThat(g.db().toString()).doesNotContain("password", ":argos@");
    assertThat(g.db().poolSize()).isEqualTo(10);
    assertThat(g.db().maxOverflow()).isEqualTo(20);
    assertThat(g.env()).isEqualTo("production");
    assertThat(g.cookieSecret()).isEqualTo("foo_bar_baz");
    assertThat(g.sessionDuration()).isEqualTo(Duration.ofDays(7));
    assertThat(g.rememberMeDuration()).isEqualTo(Duration.ofDays(30));
    assertThat(g.unauthenticatedAccess()).isEqualTo("dashboard");
    assertThat(g.ldap()).isEqualTo(new DaemonConfig.Ldap("ldaps://ldap.example.org", "ou=users,dc=example,dc=org",
        "uid=ldap_user,ou=users,dc=example,dc=org", "secr3t", "uid", "(!(uid=ldap_user))"));
    assertThat(g.frequency()).isEqualTo(Duration.ofMinutes(5));
    assertThat(g.recheckDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(g.rootPath()).isEqualTo("/foo");
    assertThat(g.alerts().channelsFor(Severity.CRITICAL)).containsExactly("local", "mail", "gotify", "apprise:my_notif_way");
    assertThat(g.alerts().noAgent()).containsExactly("local", "mail");
    assertThat(g.mail()).isEqualTo(new DaemonConfig.Mail("no-reply@example.org", "127.0.0.1", 25, false, false, "foo", "bar",
        List.of("foo@admin.example.org", "bar@admin.example.org")));
    assertThat(c.channels()).containsOnlyKeys("local", "mail", "gotify", "apprise:my_notif_way", "apprise:my_other_notif_way");
    assertThat(c.channels().get("gotify").settings()).containsEntry("servers",
        List.of(Map.of("url", "https://example.org", "tokens", List.of("foo", "bar"))));
    assertThat(c.channels().get("apprise:my_notif_way").settings()).containsEntry("urls",
        List.of("xmpps://alice:secr3t@example.org?to=bob@example.org"));
    assertThat(c.secrets()).containsExactly("1b1ee9b2-9d3f-44b8-9a3e-f3f1a2b0c1d2", "s2");
    assertThat(c.sslThresholds()).containsExactly(new DaemonConfig.SslThreshold(Duration.ofDays(1), Severity.CRITICAL),
        new DaemonConfig.SslThreshold(Duration.ofDays(5), Severity.WARNING));
    assertThat(c.recurringTasks()).isEqualTo(new DaemonConfig.RecurringTasks(Duration.ofDays(1), 100, Duration.ofMinutes(5)));
  }

  @Test
  void websitesFromTheIncludedFile() {
    DaemonConfig c = ConfigParser.load(Path.of("src/test/resources/argos-full/config.yaml"),
        Map.of("ARGOS_SECOND_SECRET", "s2"), checks);
    assertThat(c.sites()).extracting(Site::domain).containsExactly("https://mypads.example.org", "https://munin.example.org",
        "https://api.example.org", "http://old.example.org");
    Site mypads = c.sites().get(0);
    assertThat(mypads.frequency()).isEqualTo(Duration.ofMinutes(5));
    assertThat(mypads.recheckDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(mypads.paths().get(0).checks()).containsExactly(CheckSpec.of("status-is", 200),
        CheckSpec.of("body-contains", "<div id= \"mypads\"></div>"), CheckSpec.of("ssl-certificate-expiration", "on-check"));
    Site munin = c.sites().get(1);
    assertThat(munin.frequency()).isEqualTo(Duration.ofMinutes(20));
    assertThat(munin.recheckDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(munin.ipv4()).isFalse();
    assertThat(munin.ipv6()).isTrue();
    var post = munin.paths().get(2);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.requestData().json()).isTrue();
    assertThat(post.requestData().data()).isEqualTo(Map.of("login", "admin", "password", "my-password"));
    assertThat(post.requestData().headers()).containsEntry("Authorization", "Bearer foo-bar-baz");
    Site api = c.sites().get(2);
    assertThat(api.frequency()).as("a bare frequency is in minutes, as in Argos").isEqualTo(Duration.ofMinutes(10));
    assertThat(api.retryBeforeNotification()).isEqualTo(2);
    assertThat(api.paths().get(0).checks()).hasSize(9);
    assertThat(c.sites().get(3).paths().get(1).checks().get(0).parameter()).isEqualTo(Map.of("start", 301, "stop", 308));
    // 2 paths x 4 checks x 2 IP versions + 3 paths x 3 checks x 1 + 9 x 2 + 2 x 2
    assertThat(c.taskCount()).isEqualTo(8 + 3 + 18 + 4);
  }

  @Test
  void thePackagedExampleIsValid() {
    DaemonConfig c = ConfigParser.parse("example", ConfigParser.exampleText(), Path.of("."), Map.of(), checks);
    // it watches the daemon itself, on loopback, and keeps its data in the embedded database
    assertThat(c.sites()).extracting(Site::domain).containsExactly("http://127.0.0.1:8000");
    assertThat(c.general().db().kind()).isEqualTo(DaemonConfig.DbKind.EMBEDDED);
    assertThat(c.secrets()).hasSize(1);
  }
}
