package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;
import org.argos.config.secrets.Secrets;

/**
 * Our secrets in the config: short, published and placeholder values are errors at their key and position, naming
 * the command that makes a good one; a value under two keys is an error; {@code argos_java.api_tokens} is validated
 * like every other section. Third-party credentials (mail, LDAP, Gotify) are not ours to judge.
 */
class SecretsConfigTest {
  private static final String GOOD_COOKIE = "7c2f9e4a1b6d3c8e0f5a2b7d4c9e1f36";
  private static final String GOOD_AGENT = "d41e7a2c9b5f3e8d0c6a1f4b7e2d9c53";
  private static final String GOOD_API = "a9f3c6e1d8b4f2a7c5e0b3d6f9a2c4e8";

  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
  @TempDir Path dir;

  private String yaml(String cookie, String agent, String apiTokens) {
    return """
        general:
          frequency: 5m
          cookie_secret: %s
        service:
          secrets: [%s]
        argos_java:
          api_tokens:
        %s
        websites: []
        """.formatted(cookie, agent, apiTokens);
  }

  private String yaml(String cookie, String agent) {
    return yaml(cookie, agent, "    - {name: ci, token: \"" + GOOD_API + "\", scopes: [read]}");
  }

  private ConfigException refused(String text, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigParser.parse("argos-config.yaml", text, Path.of("."), env, checks));
    assertThat(e).as("refused:\n%s", text).isNotNull();
    return e;
  }

  private ConfigException refused(String text) {
    return refused(text, Map.of());
  }

  private DaemonConfig parse(String text) {
    return ConfigParser.parse("argos-config.yaml", text, Path.of("."), Map.of(), checks);
  }

  @Test
  void goodSecretsAreAccepted() {
    DaemonConfig c = parse(yaml("\"" + GOOD_COOKIE + "\"", "\"" + GOOD_AGENT + "\""));
    assertThat(c.general().cookieSecret()).isEqualTo(GOOD_COOKIE);
    assertThat(c.secrets()).containsExactly(GOOD_AGENT);
    assertThat(c.daemon().apiTokens())
        .containsExactly(new DaemonConfig.ApiToken("ci", GOOD_API, DaemonConfig.Scope.READ));
    // Argos' own generate-token makes UUIDs: they stay valid agent tokens.
    assertThat(parse(yaml("\"" + GOOD_COOKIE + "\"", "\"1d0e6a8c-3f2b-4b7e-9c51-a2d4e6f80b13\"")).secrets()).hasSize(1);
    // Exactly 16 characters is enough.
    assertThat(parse(yaml("\"" + GOOD_COOKIE + "\"", "\"Zq8#rT2!vL5@wN9$\"")).secrets()).hasSize(1);
  }

  /** Every secret value this repository ever shipped (git log -p), and the Argos example config's. */
  @ParameterizedTest
  @ValueSource(strings = {"change-me-please", "5f1c2bde-0a55-4c69-9d8b-2f7c7e0a1b3d",
      "1b1ee9b2-9d3f-44b8-9a3e-f3f1a2b0c1d2", "foo_bar_baz", "status-pages-benchmark", "bench", "CHANGE_ME_PLEASE",
      "5F1C2BDE0A554C699D8B2F7C7E0A1B3D"})
  void publishedValuesAreRefusedUnderEveryKey(String published) {
    String q = "\"" + published + "\"";
    ConfigException cookie = refused(yaml(q, "\"" + GOOD_AGENT + "\""));
    assertThat(cookie.errors()).extracting(ConfigError::toString).singleElement().asString()
        .startsWith("argos-config.yaml:3:18: general.cookie_secret: ").contains("argos server generate-token");
    ConfigException agent = refused(yaml("\"" + GOOD_COOKIE + "\"", q));
    assertThat(agent.errors()).extracting(ConfigError::toString).singleElement().asString()
        .startsWith("argos-config.yaml:5:13: service.secrets[0]: ").contains("argos server generate-token");
    ConfigException api = refused(yaml("\"" + GOOD_COOKIE + "\"", "\"" + GOOD_AGENT + "\"",
        "    - {name: ci, token: " + q + ", scopes: [read]}"));
    assertThat(api.errors()).extracting(ConfigError::toString).singleElement().asString()
        .startsWith("argos-config.yaml:8:25: argos_java.api_tokens[0].token: ").contains("argos server generate-token");
    for (ConfigException e : List.of(cookie, agent, api)) {
      assertThat(e.getMessage()).as("the value is never repeated").doesNotContain(published);
    }
  }

  /** The example config as it shipped before: its fallbacks were published defaults. */
  @Test
  void theFormerExampleDefaultsAreRefused() {
    String former = yaml("\"${ARGOS_COOKIE_SECRET:-change-me-please}\"",
        "\"${ARGOS_AGENT_TOKEN:-5f1c2bde-0a55-4c69-9d8b-2f7c7e0a1b3d}\"");
    assertThat(refused(former).errors()).extracting(ConfigError::key)
        .containsExactly("general.cookie_secret", "service.secrets[0]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "0123456789abcde", "changeme", "change-me-in-production-2024", "ChangeMe!ChangeMe!",
      "secret-token-for-argos-1234", "password1234567890", "my-secret-token-number-one", "aaaaaaaaaaaaaaaaaaaaaaaa",
      "abababababababababababab", "1212121212121212", "replace-me-with-a-real-secret", "                    "})
  void shortPlaceholderAndEasyValuesAreRefused(String weak) {
    ConfigException e = refused(yaml("\"" + weak + "\"", "\"" + weak + "\"",
        "    - {name: ci, token: \"" + weak + "\", scopes: [admin]}"));
    assertThat(e.errors()).extracting(ConfigError::key)
        .containsExactly("general.cookie_secret", "service.secrets[0]", "argos_java.api_tokens[0].token");
    assertThat(e.errors()).allSatisfy(err -> assertThat(err.message()).contains("argos server generate-token"));
  }

  @Test
  void theLengthIsSaid() {
    assertThat(refused(yaml("\"x\"", "\"" + GOOD_AGENT + "\"")).errors().get(0).message())
        .isEqualTo("is 1 character long; a secret needs at least 16 random characters (argos server generate-token "
            + "makes one)");
    assertThat(refused(yaml("\"" + GOOD_COOKIE + "\"", "\"0123456789abcde\"")).errors().get(0).message())
        .startsWith("is 15 characters long;");
  }

  @Test
  void aWeakValueFromTheEnvironmentIsReportedWhereTheVariableIsUsed() {
    ConfigException e = refused(yaml("\"${COOKIE}\"", "!env AGENT"), Map.of("COOKIE", "short", "AGENT", "tiny"));
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        "argos-config.yaml:3:18: general.cookie_secret: is 5 characters long; a secret needs at least 16 random "
            + "characters (argos server generate-token makes one)",
        "argos-config.yaml:5:13: service.secrets[0]: is 4 characters long; a secret needs at least 16 random "
            + "characters (argos server generate-token makes one)");
  }

  @Test
  void oneValueUnderTwoKeysIsRefused() {
    // An agent's token that is also the cookie secret would let every agent sign web sessions.
    assertThat(refused(yaml("\"" + GOOD_AGENT + "\"", "\"" + GOOD_AGENT + "\"")).errors())
        .extracting(ConfigError::toString).singleElement().asString()
        .startsWith("argos-config.yaml:5:13: service.secrets[0]: is the same value as general.cookie_secret "
            + "(argos-config.yaml:3:18)");
    // An agent's token that is also an API token would give every agent that token's scopes.
    assertThat(refused(yaml("\"" + GOOD_COOKIE + "\"", "\"" + GOOD_API + "\"")).errors()).extracting(ConfigError::key)
        .containsExactly("argos_java.api_tokens[0].token");
    // Two API tokens with one value: which scopes would it have?
    assertThat(refused(yaml("\"" + GOOD_COOKIE + "\"", "\"" + GOOD_AGENT + "\"",
        "    - {name: a, token: \"" + GOOD_API + "\", scopes: [read]}\n    - {name: b, token: \"" + GOOD_API
            + "\", scopes: [admin]}")).errors())
        .extracting(ConfigError::key).containsExactly("argos_java.api_tokens[1].token");
    // The same agent token listed twice is harmless.
    assertThat(parse(yaml("\"" + GOOD_COOKIE + "\"", "\"" + GOOD_AGENT + "\", \"" + GOOD_AGENT + "\"")).secrets())
        .hasSize(2);
  }

  @Test
  void apiTokensAreValidatedWithPositions() {
    String good = "\"" + GOOD_COOKIE + "\"";
    String agent = "\"" + GOOD_AGENT + "\"";
    assertThat(refused(yaml(good, agent, "    - {name: ci, token: \"" + GOOD_API + "\", scopes: [wirte]}")).errors())
        .extracting(ConfigError::toString)
        .containsExactly("argos-config.yaml:8:70: argos_java.api_tokens[0].scopes[0]: unknown scope 'wirte' (did you "
            + "mean 'write'?); expected read, write or admin");
    assertThat(refused(yaml(good, agent, "    - {name: ci, token: \"" + GOOD_API + "\", scopes: []}")).errors())
        .extracting(ConfigError::toString).singleElement().asString()
        .startsWith("argos-config.yaml:8:69: argos_java.api_tokens[0].scopes: expected a list of scopes among read, "
            + "write, admin");
    assertThat(refused(yaml(good, agent, "    - {name: ci, token: \"" + GOOD_API + "\"}")).errors())
        .extracting(ConfigError::toString).singleElement().asString()
        .startsWith("argos-config.yaml:8:7: argos_java.api_tokens[0].scopes: is required");
    assertThat(refused(yaml(good, agent, "    - {token: \"" + GOOD_API + "\", scopes: [read], scope: admin}")).errors())
        .extracting(ConfigError::key)
        .containsExactlyInAnyOrder("argos_java.api_tokens[0].name", "argos_java.api_tokens[0].scope");
    assertThat(refused(yaml(good, agent, "    - {name: \"c i\", scopes: [read]}")).errors())
        .extracting(ConfigError::key)
        .containsExactlyInAnyOrder("argos_java.api_tokens[0].name", "argos_java.api_tokens[0].token");
    assertThat(refused(yaml(good, agent, "    - {name: ci, token: \"" + GOOD_API + "\", scopes: [read]}\n"
        + "    - {name: ci, token: \"" + GOOD_AGENT.replace('d', 'e') + "\", scopes: [read]}")).errors())
        .extracting(ConfigError::toString).singleElement().asString()
        .isEqualTo("argos-config.yaml:9:14: argos_java.api_tokens[1].name: the name 'ci' is already used at "
            + "argos-config.yaml:8:14");
    assertThat(refused(yaml(good, agent, "    admin")).errors()).extracting(ConfigError::key)
        .containsExactly("argos_java.api_tokens");
  }

  @Test
  void scopesIncludeTheNarrowerOnes() {
    DaemonConfig c = parse(yaml("\"" + GOOD_COOKIE + "\"", "\"" + GOOD_AGENT + "\"",
        "    - {name: w, token: \"" + GOOD_API + "\", scopes: [read, write]}"));
    assertThat(c.daemon().apiTokens().get(0).scope()).isEqualTo(DaemonConfig.Scope.WRITE);
    assertThat(DaemonConfig.Scope.ADMIN.includes(DaemonConfig.Scope.READ)).isTrue();
    assertThat(DaemonConfig.Scope.WRITE.includes(DaemonConfig.Scope.READ)).isTrue();
    assertThat(DaemonConfig.Scope.WRITE.includes(DaemonConfig.Scope.ADMIN)).isFalse();
    assertThat(c.daemon().apiTokens().get(0).toString()).doesNotContain(GOOD_API);
    assertThat(c.toString()).doesNotContain(GOOD_API, GOOD_AGENT, GOOD_COOKIE);
  }

  /** A mail or LDAP password, a Gotify token: the services they belong to decide what they look like. */
  @Test
  void thirdPartyCredentialsAreNotJudged() {
    String thirdParty = """
          mail:
            mailfrom: argos@example.org
            auth: {login: argos, password: "p"}
            addresses: [ops@example.org]
          gotify:
            - url: https://gotify.example.org
              tokens: ["t"]
          ldap:
            uri: ldap://127.0.0.1:1
            user_tree: "ou=users,dc=example,dc=org"
            user_attr: uid
            bind_dn: "cn=argos"
            bind_pwd: "x"
        """;
    DaemonConfig c = parse(yaml("\"" + GOOD_COOKIE + "\"", "\"" + GOOD_AGENT + "\"")
        .replace("  cookie_secret:", thirdParty + "  cookie_secret:"));
    assertThat(c.general().mail().password()).isEqualTo("p");
  }

  @Test
  void generatedSecretsAreLongRandomAndAccepted() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String s = Secrets.generate();
      assertThat(s).matches("[0-9a-f]{64}");
      assertThat(Secrets.weakness(s)).isNull();
      assertThat(seen.add(s)).isTrue();
    }
  }

  @Test
  void checkConfigAndServerStartRefuseWeakSecretsNamingKeyAndCommand() throws Exception {
    Path f = dir.resolve("argos-config.yaml");
    Files.writeString(f, yaml("\"change-me-please\"", "\"s3cr3t\""));
    for (String[] args : List.of(new String[] {"server", "check-config", "--config", f.toString()},
        new String[] {"server", "start", "--config", f.toString(), "--port", "0"})) {
      Cli.Run r = Cli.run(dir, Map.of(), args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(r.err()).contains("2 errors in the configuration:",
          f + ":3:18: general.cookie_secret: is a value published in an example config",
          f + ":5:13: service.secrets[0]: is 6 characters long", "argos server generate-token");
      assertThat(r.out()).doesNotContain("listening");
    }
  }
}
