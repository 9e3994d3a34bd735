package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The argos command line: outputs and exit codes. */
class CliTest {
  @TempDir Path dir;

  private Cli.Run run(String... args) {
    return Cli.run(dir, Map.of(), args);
  }

  @Test
  void versionAndToken() {
    Cli.Run v = run("version");
    assertThat(v.exit()).isZero();
    assertThat(v.out()).matches("argos \\S+\\R");
    Cli.Run t = run("server", "generate-token");
    assertThat(t.exit()).isZero();
    assertThat(t.out().trim()).as("32 bytes from SecureRandom, in hexadecimal").matches("[0-9a-f]{64}");
    assertThat(run("server", "generate-token").out()).isNotEqualTo(t.out());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run().exit()).isEqualTo(2);
    Cli.Run bad = run("server", "frobnicate");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("frobnicate");
    Cli.Run agent = run("agent");
    assertThat(agent.exit()).isEqualTo(2);
    assertThat(agent.err()).contains("ARGOS_AGENT_SERVER_URL");
    assertThat(run("agent", "ftp://x", "t").err()).contains("must be an http(s) URL");
  }

  @Test
  void generatedConfigIsValidAndCheckConfigSummarizesIt() throws Exception {
    Cli.Run gen = run("server", "generate-config");
    assertThat(gen.exit()).isZero();
    assertThat(gen.out()).contains("general:", "websites:", "# ");
    Path f = dir.resolve("generated.yaml");
    Files.writeString(f, gen.out());
    Cli.Run check = run("server", "check-config", "--config", f.toString());
    assertThat(check.exit()).as(check.err()).isZero();
    assertThat(check.out()).contains("is valid: 1 sites, 2 paths, 5 tasks", "http://127.0.0.1:8000: every 1m, 2 paths, 5 tasks",
        "probing: in-process", "channels: local");
  }

  @Test
  void checkConfigPrintsEveryErrorAndFails() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, """
        general:
          frequency: 5m
          ipv4: perhaps
        service:
          secrets: ["%s"]
        websites:
          - domain: "http://127.0.0.1:1"
            paths:
              - path: "/"
                checks:
                  - status-iz: 200
        """.formatted(TestServers.TOKEN));
    Cli.Run r = run("server", "check-config", "--config", f.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("2 errors", "bad.yaml:3:9: general.ipv4: expected true or false",
        "bad.yaml:11:13: websites[0].paths[0].checks[0]: unknown check 'status-iz'");
  }

  @Test
  void configIsLookedUpAsArgosDoes() throws Exception {
    Files.writeString(dir.resolve("argos-config.yaml"), TestServers.config("", "http://127.0.0.1:1"));
    Cli.Run local = run("server", "check-config");
    assertThat(local.out()).contains("argos-config.yaml is valid: 1 sites");
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, TestServers.config("", "http://127.0.0.1:1", "http://127.0.0.1:2"));
    Cli.Run fromEnv = Cli.run(dir, Map.of("ARGOS_YAML_FILE", other.toString()), "server", "check-config");
    assertThat(fromEnv.out()).contains("other.yaml is valid: 2 sites");
  }

  @Test
  void checksListsTheAvailableTypes() {
    Cli.Run r = run("checks");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("status-is\n    Fails (critical) unless the response status equals the given code.\n    parameter: an HTTP status code, e.g. 200",
        "ssl-certificate-expiration");
  }

  @Test
  void pluginJarsAddChecks() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("extra"));
    try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(plugins.resolve("my-checks.jar")))) {
      jar.putNextEntry(new java.util.jar.JarEntry("META-INF/services/org.argos.api.spi.CheckProvider"));
      jar.write((PluginCheckProvider.class.getName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    assertThat(run("checks").out()).doesNotContain("plugin-check");
    Cli.Run withPlugins = run("checks", "--plugins", plugins.toString());
    assertThat(withPlugins.out()).contains("plugin-check\n    Always passes; proves plugin jars are loaded.");
    // By default the plugins directory is the one beside the config file, and config validation sees its checks.
    Files.copy(plugins.resolve("my-checks.jar"), Files.createDirectories(dir.resolve("plugins")).resolve("my-checks.jar"));
    Files.writeString(dir.resolve("argos-config.yaml"), TestServers.config("", "http://127.0.0.1:1")
        .replace("- status-is: 200\n", "- plugin-check: true\n"));
    Cli.Run check = run("server", "check-config");
    assertThat(check.exit()).as(check.err()).isZero();
    assertThat(run("checks").out()).contains("plugin-check");
  }

  @Test
  void nagiosExitCodesFollowTheWorstSeverity() throws Exception {
    assertThat(run("server", "nagios", "--server", "http://127.0.0.1:1").exit()).isEqualTo(3);
    WireMockServer site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    site.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    try (Server server = TestServers.start(TestServers.write(dir, TestServers.config("", "http://127.0.0.1:" + site.port())))) {
      String url = TestServers.base(server);
      // exit 0 alone is also what a server with every task still pending answers: wait for the three results
      await().atMost(Duration.ofSeconds(30)).until(() -> run("server", "nagios", "--server", url).out().startsWith("ok=3;"));
      assertThat(run("server", "nagios", "--server", url).out()).isEqualTo("ok=3; warning=0; critical=0; unknown=0;\n");
      site.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(500)));
      await().atMost(Duration.ofSeconds(30)).until(() -> run("server", "nagios", "--server", url).exit() == 2);
      assertThat(run("server", "nagios", "--server", url).out()).isEqualTo("ok=1; warning=0; critical=2; unknown=0;\n");
    } finally {
      site.stop();
    }
  }

  @Test
  void usersAreManagedFromTheCli() {
    String users = dir.resolve("users.json").toString();
    assertThat(run("server", "user", "add", "--users-file", users, "--name", "alice", "--password", "s3cret s3cret").out())
        .contains("user alice added");
    assertThat(run("server", "user", "add", "--users-file", users, "--name", "alice", "--password", "another password").err())
        .contains("already exists");
    assertThat(run("server", "user", "verify-password", "--users-file", users, "--name", "alice", "--password", "s3cret s3cret")
        .exit()).isZero();
    assertThat(run("server", "user", "verify-password", "--users-file", users, "--name", "alice", "--password", "nope").exit())
        .isEqualTo(1);
    assertThat(Cli.runWithInput(dir, Map.of(), "n3w passphrase\n", "server", "user", "change-password", "--users-file", users,
        "--name", "alice").exit()).isZero();
    assertThat(run("server", "user", "verify-password", "--users-file", users, "--name", "alice", "--password", "n3w passphrase")
        .exit()).isZero();
    assertThat(run("server", "user", "disable", "--users-file", users, "--name", "alice").out()).contains("disabled");
    assertThat(run("server", "user", "verify-password", "--users-file", users, "--name", "alice", "--password", "n3w passphrase")
        .err()).contains("disabled");
    assertThat(run("server", "user", "show", "--users-file", users).out()).contains("alice", "disabled");
    assertThat(run("server", "user", "enable", "--users-file", users, "--name", "alice").exit()).isZero();
    assertThat(run("server", "user", "delete", "--users-file", users, "--name", "alice").exit()).isZero();
    assertThat(run("server", "user", "show", "--users-file", users).out()).contains("no users");
    Cli.Run missing = run("server", "user", "delete", "--users-file", users, "--name", "bob");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no user named 'bob'");
  }

  @Test
  void passwordsOutsideTheRulesAreRefusedWithTheRuleAndNothingIsWritten() {
    String users = dir.resolve("users.json").toString();
    Cli.Run one = run("server", "user", "add", "--users-file", users, "--name", "alice", "--password", "x");
    assertThat(one.exit()).isEqualTo(1);
    assertThat(one.err()).contains("error: the password must be at least 12 characters long, got 1");
    Cli.Run typed = Cli.runWithInput(dir, Map.of(), "short\n", "server", "user", "add", "--users-file", users, "--name", "alice");
    assertThat(typed.err()).contains("at least 12 characters long, got 5");
    Cli.Run longer = run("server", "user", "add", "--users-file", users, "--name", "alice", "--password", "x".repeat(73));
    assertThat(longer.exit()).isEqualTo(1);
    assertThat(longer.err()).contains("at most 72 bytes in UTF-8, got 73");
    assertThat(dir.resolve("users.json")).doesNotExist();
    assertThat(run("server", "user", "add", "--users-file", users, "--name", "alice", "--password", "twelve chars").exit())
        .isZero();
    Cli.Run change = run("server", "user", "change-password", "--users-file", users, "--name", "alice", "--password", "x");
    assertThat(change.exit()).isEqualTo(1);
    assertThat(change.err()).contains("at least 12 characters");
    assertThat(run("server", "user", "verify-password", "--users-file", users, "--name", "alice", "--password", "twelve chars")
        .exit()).as("the old password stays").isZero();
    Cli.Run everywhere = run("server", "user", "logout-everywhere", "--users-file", users, "--name", "alice");
    assertThat(everywhere.exit()).isZero();
    assertThat(everywhere.out()).contains("every session of alice has ended", "argos-sessions.json");
    assertThat(run("server", "user", "logout-everywhere", "--users-file", users, "--name", "").err())
        .contains("--name must be a user name");
  }

  @Test
  void testNotifySendsThroughTheNamedChannel() throws Exception {
    Path f = TestServers.write(dir, TestServers.config("", "http://127.0.0.1:1"));
    Cli.Run ok = run("server", "test-notify", "--config", f.toString(), "--channel", "local");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("sent a test notification on channel 'local'");
    Cli.Run unknown = run("server", "test-notify", "--config", f.toString(), "--channel", "mail");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no channel 'mail'", "configured channels: local");
  }

  @Test
  void migrateOpensTheStore() throws Exception {
    Path f = TestServers.write(dir, TestServers.config("", "http://127.0.0.1:1"));
    Cli.Run r = run("server", "migrate", "--config", f.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("database memory (memory) is up to date");
  }
}
