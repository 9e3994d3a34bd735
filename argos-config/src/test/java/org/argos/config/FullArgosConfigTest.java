package org.argos.config;

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
import org.argos.config.secrets.ExampleSecrets;
import org.argos.config.secrets.Secrets;

/**
 * The Argos example config, every section filled, websites in an !include, read unchanged but for its secrets: those
 * are published (and one is 2 characters), so they are refused and the other tests replace them.
 */
class FullArgosConfigTest {
  private static final Path FILE = Path.of("src/test/resources/argos-full/config.yaml");
  private static final String COOKIE = "9d4c1a7e0b2f4e6a8c3d5b7f1e0a2c4d";
  private static final String FIRST = "6b8e2d4f0a1c3e5b7d9f1a3c5e7b9d0f";
  private static final String SECOND = "0f2e4d6c8b1a3f5e7d9c0b2a4f6e8d1c";
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  /** The example with its published secrets replaced, parsed as the file would be (its !include included). */
  private DaemonConfig load() throws java.io.IOException {
    String text = java.nio.file.Files.readString(FILE).replace("\"foo_bar_baz\"", "\"" + COOKIE + "\"")
        .replace("1b1ee9b2-9d3f-44b8-9a3e-f3f1a2b0c1d2", FIRST);
    return ConfigParser.parse(FILE.toString(), text, FILE.getParent(), Map.of("ARGOS_SECOND_SECRET", SECOND), checks);
  }

  @Test
  void itsPublishedSecretsAreRefusedEachAtItsPlace() {
    ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
        () -> ConfigParser.load(FILE, Map.of("ARGOS_SECOND_SECRET", "s2"), checks));
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        FILE + ":12:18: general.cookie_secret: is a value published in an example config: anyone can use it; "
            + "replace it with a new random secret (argos server generate-token)",
        FILE + ":71:7: service.secrets[0]: is a value published in an example config: anyone can use it; replace it "
            + "with a new random secret (argos server generate-token)",
        FILE + ":72:7: service.secrets[1]: is 2 characters long; a secret needs at least 16 random characters (argos "
            + "server generate-token makes one)");
    assertThat(e.getMessage()).doesNotContain("foo_bar_baz", "1b1ee9b2", "\"s2\"");
  }

  @Test
  void readsEverySection() throws Exception {
    DaemonConfig c = load();
    var g = c.general();
    assertThat(g.db().kind()).isEqualTo(DaemonConfig.DbKind.POSTGRESQL);
    assertThat(g.db().location()).isEqualTo("jdbc:postgresql://localhost/argos");
    assertThat(g.db().user()).isEqualTo("argos");
    assertThat(g.db().password()).isEqualTo("argos");
    assertThat(g.db().toString()).doesNotContain("password", ":argos@");
    assertThat(g.db().poolSize()).isEqualTo(10);
    assertThat(g.db().maxOverflow()).isEqualTo(20);
    assertThat(g.env()).isEqualTo("production");
    assertThat(g.cookieSecret()).isEqualTo(COOKIE);
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
    assertThat(c.secrets()).containsExactly(FIRST, SECOND);
    assertThat(c.sslThresholds()).containsExactly(new DaemonConfig.SslThreshold(Duration.ofDays(1), Severity.CRITICAL),
        new DaemonConfig.SslThreshold(Duration.ofDays(5), Severity.WARNING));
    assertThat(c.recurringTasks()).isEqualTo(new DaemonConfig.RecurringTasks(Duration.ofDays(1), 100, Duration.ofMinutes(5)));
  }

  @Test
  void websitesFromTheIncludedFile() throws Exception {
    DaemonConfig c = load();
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
    Map<String, String> env = new java.util.HashMap<>();
    ExampleSecrets.NAMES.forEach(n -> env.put(n, Secrets.generate())); // what a start finds in argos-data
    DaemonConfig c = ConfigParser.parse("example", ConfigParser.exampleText(), Path.of("."), env, checks);
    // it watches the daemon itself, on loopback, and keeps its data in the embedded database
    assertThat(c.sites()).extracting(Site::domain).containsExactly("http://127.0.0.1:8000");
    assertThat(c.general().db().kind()).isEqualTo(DaemonConfig.DbKind.EMBEDDED);
    assertThat(c.secrets()).containsExactly(env.get("ARGOS_AGENT_TOKEN"));
    assertThat(c.general().cookieSecret()).isEqualTo(env.get("ARGOS_COOKIE_SECRET"));
    assertThat(c.daemon().apiTokens()).containsExactly(new DaemonConfig.ApiToken("admin", env.get("ARGOS_ADMIN_TOKEN"),
        DaemonConfig.Scope.ADMIN));
  }
}
