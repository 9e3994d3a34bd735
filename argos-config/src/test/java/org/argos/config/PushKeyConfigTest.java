package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/**
 * {@code argos_java.push_key} (issue 21): the key push URLs' tokens are derived from, read from the environment, never
 * printed, and refused where it is written when short or weak; and a {@code push://} domain is read as a site.
 */
class PushKeyConfigTest {
  private static final String KEY = "3f9a0c7b5e2d4f6a8b1c0d9e7f5a3b2c4d6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a";
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private DaemonConfig parse(String argosJava, Map<String, String> env) {
    String yaml = """
        general:
          frequency: "5m"
          alerts: {critical: [local]}
        service:
          secrets: [abcdefghijklmnopqrstuvwxyz012345]
        websites:
          - domain: push://backup-job
            paths: [{path: "/", checks: [{heartbeat: {period: 1h, grace: 5m}}]}]
        argos_java:
          %s
        """.formatted(argosJava);
    return ConfigParser.parse("push.yaml", yaml, Path.of("."), env, checks);
  }

  @Test
  void theKeyIsReadFromTheEnvironmentAndNeverPrinted() {
    DaemonConfig c = parse("push_key: !env ARGOS_PUSH_KEY", Map.of("ARGOS_PUSH_KEY", KEY));
    assertThat(c.daemon().pushKey()).isEqualTo(KEY);
    assertThat(c.toString()).contains("pushKey=***").doesNotContain(KEY);
    assertThat(c.sites()).extracting(s -> s.domain()).containsExactly("push://backup-job");
    assertThat(parse("first_run_spread: 0", Map.of()).daemon().pushKey()).isNull();
  }

  @Test
  void aShortOrPlaceholderKeyIsRefusedWhereItIsWritten() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("push_key: tooshort", Map.of()));
    assertThat(e.getMessage()).contains("push.yaml:10:", "push_key", "32 to 100 characters");
    e = catchThrowableOfType(ConfigException.class,
        () -> parse("push_key: changeme-changeme-changeme-changeme-changeme", Map.of()));
    assertThat(e.getMessage()).contains("push_key").doesNotContain("changeme-changeme");
  }
}
