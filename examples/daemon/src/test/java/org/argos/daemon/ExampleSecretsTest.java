package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.engine.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.DaemonConfig;
import org.argos.config.secrets.ExampleSecrets;
import org.argos.config.secrets.Secrets;

/**
 * No secret ships: {@code generate-config} prints new random ones at each run, and a server started on the built-in
 * example (no config file: {@code ./argos server start} on a fresh checkout) makes its own once, keeps them private in
 * its data directory, and reuses them at the next start.
 */
class ExampleSecretsTest {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  @TempDir Path dir;
  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The built-in example as {@code server start} runs it with no config file, on a memory store. */
  private Server startExample(Map<String, String> env) {
    return Server.start(new Server.Options(null, "127.0.0.1", 0, env, dir, null, null, List.of(),
        db -> new InMemoryStore()));
  }

  private Path secretsFile() {
    return dir.resolve("argos-data").resolve(ExampleSecrets.FILE);
  }

  private Map<String, String> secretsOnDisk() throws Exception {
    Map<String, String> out = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^(ARGOS_[A-Z_]+): \"([^\"]*)\"$").matcher(Files.readString(secretsFile()));
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** The secrets a generated config holds, by the key they are under. */
  private static Map<String, String> secretsOf(String config) {
    Map<String, String> out = new HashMap<>();
    Matcher cookie = Pattern.compile("(?m)^  cookie_secret: \"([^\"]+)\"$").matcher(config);
    Matcher agent = Pattern.compile("(?m)^  secrets:\\n    - \"([^\"]+)\"$").matcher(config);
    Matcher api = Pattern.compile("(?m)^      token: \"([^\"]+)\"$").matcher(config);
    assertThat(cookie.find() && agent.find() && api.find()).as("every secret is written out:\n%s", config).isTrue();
    out.put("cookie_secret", cookie.group(1));
    out.put("service.secrets", agent.group(1));
    out.put("api_tokens", api.group(1));
    return out;
  }

  @Test
  void generateConfigWritesNewRandomSecretsAtEachRun() throws Exception {
    Cli.Run first = Cli.run(dir, Map.of(), "server", "generate-config");
    Cli.Run second = Cli.run(dir, Map.of(), "server", "generate-config");
    assertThat(first.exit()).isZero();
    assertThat(first.out()).doesNotContain("${ARGOS_COOKIE_SECRET}", "${ARGOS_AGENT_TOKEN}", "${ARGOS_ADMIN_TOKEN}",
        "change-me", "5f1c2bde");
    Map<String, String> a = secretsOf(first.out());
    Map<String, String> b = secretsOf(second.out());
    for (String key : a.keySet()) {
      assertThat(a.get(key)).as(key).matches(HEX64);
      assertThat(b.get(key)).as("%s differs from one run to the next", key).isNotEqualTo(a.get(key));
    }
    assertThat(a.values()).as("each secret is its own").doesNotHaveDuplicates();

    Path f = dir.resolve("argos-config.yaml");
    Files.writeString(f, first.out());
    Cli.Run check = Cli.run(dir, Map.of(), "server", "check-config", "--config", f.toString());
    assertThat(check.exit()).as(check.err()).isZero();
    assertThat(check.out()).contains("  tokens: 1 for agents; API: admin (admin)").doesNotContain(a.get("api_tokens"));
    DaemonConfig c = Server.load(f, Map.of(), dir, null, List.of()).config();
    assertThat(c.general().cookieSecret()).isEqualTo(a.get("cookie_secret"));
    assertThat(c.secrets()).containsExactly(a.get("service.secrets"));
    assertThat(c.daemon().apiTokens()).extracting(DaemonConfig.ApiToken::token).containsExactly(a.get("api_tokens"));
    assertThat(c.daemon().apiTokens().get(0).scope()).isEqualTo(DaemonConfig.Scope.ADMIN);
  }

  @Test
  void theBuiltInExampleMakesItsSecretsOnceKeepsThemPrivateAndReusesThem() throws Exception {
    assertThat(secretsFile()).doesNotExist();
    server = startExample(Map.of());
    assertThat(perms(secretsFile())).isEqualTo("rw-------");
    assertThat(perms(secretsFile().getParent())).isEqualTo("rwx------");
    Map<String, String> made = secretsOnDisk();
    assertThat(made).containsOnlyKeys(ExampleSecrets.NAMES);
    assertThat(made.values()).allSatisfy(v -> assertThat(v).matches(HEX64)).doesNotHaveDuplicates();
    assertThat(server.config().general().cookieSecret()).isEqualTo(made.get("ARGOS_COOKIE_SECRET"));
    assertThat(server.config().secrets()).containsExactly(made.get("ARGOS_AGENT_TOKEN"));

    // Out of the box, the admin token from the file opens the API and the agent token the agent protocol.
    String base = TestServers.base(server);
    assertThat(Http.get(base + "/api/sites", made.get("ARGOS_ADMIN_TOKEN")).status()).isEqualTo(200);
    assertThat(Http.get(base + "/api/tasks?agent_id=a", made.get("ARGOS_AGENT_TOKEN")).status()).isEqualTo(200);
    assertThat(Http.get(base + "/api/sites", made.get("ARGOS_AGENT_TOKEN")).status()).isEqualTo(403);
    assertThat(Http.get(base + "/api/severities").status()).isEqualTo(200);
    server.close();

    String before = Files.readString(secretsFile());
    server = startExample(Map.of());
    assertThat(Files.readString(secretsFile())).as("reused, not made again").isEqualTo(before);
    assertThat(server.config().general().cookieSecret()).isEqualTo(made.get("ARGOS_COOKIE_SECRET"));
    assertThat(Http.get(TestServers.base(server) + "/api/sites", made.get("ARGOS_ADMIN_TOKEN")).status())
        .isEqualTo(200);
  }

  @Test
  void aFileOpenedUpIsMadePrivateAgainAndTheEnvironmentWins() throws Exception {
    server = startExample(Map.of());
    server.close();
    Files.setPosixFilePermissions(secretsFile(), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(secretsFile().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    String mine = "admin-token-from-the-environment-51ac";
    server = startExample(Map.of("ARGOS_ADMIN_TOKEN", mine));
    assertThat(perms(secretsFile())).isEqualTo("rw-------");
    assertThat(perms(secretsFile().getParent())).isEqualTo("rwx------");
    assertThat(Http.get(TestServers.base(server) + "/api/sites", mine).status()).isEqualTo(200);
    assertThat(Http.get(TestServers.base(server) + "/api/sites", secretsOnDisk().get("ARGOS_ADMIN_TOKEN")).status())
        .isEqualTo(401);
  }

  @Test
  void aWeakOrBrokenFileIsReportedAtItsLine() throws Exception {
    Files.createDirectories(secretsFile().getParent());
    Files.writeString(secretsFile(), "ARGOS_COOKIE_SECRET: \"short\"\nARGOS_AGENT_TOKEN: \"" + Secrets.generate()
        + "\"\nARGOS_ADMINTOKEN: \"" + Secrets.generate() + "\"\n");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> startExample(Map.of()));
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        secretsFile() + ":1:22: ARGOS_COOKIE_SECRET: is 5 characters long; a secret needs at least 16 random "
            + "characters (argos server generate-token makes one) (or delete " + secretsFile()
            + " to make new secrets)",
        secretsFile() + ":3:1: ARGOS_ADMINTOKEN: unknown key 'ARGOS_ADMINTOKEN'; expected ARGOS_COOKIE_SECRET, "
            + "ARGOS_AGENT_TOKEN, ARGOS_ADMIN_TOKEN (or delete " + secretsFile() + " to make new secrets)");
  }

  @Test
  void checkConfigOnTheBuiltInExampleWritesNothing() {
    Cli.Run r = Cli.run(dir, Map.of(), "server", "check-config");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("built-in example config", "is valid: 1 sites");
    assertThat(dir.resolve("argos-data")).doesNotExist();
  }
}
