package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.argos.api.spi.NotifierProvider;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/**
 * A check provider's and a notifier provider's complaint about a value, read with argos-api's settings reader, comes
 * out of the config as {@code file:line:column: <config path>: <problem>}, at the bad value itself.
 */
class ProviderErrorsInConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
  private final Map<String, NotifierProvider> notifiers = new HashMap<>();

  ProviderErrorsInConfigTest() {
    ServiceLoader.load(NotifierProvider.class, getClass().getClassLoader()).forEach(p -> notifiers.put(p.type(), p));
  }

  private static String config(String checks, String webhookTimeout) {
    return """
        general:
          frequency: 5m
          alerts:
            critical: [ops]
        service:
          secrets: []
        websites:
          - domain: https://example.org
            paths:
              - path: /
                checks:
                  - status-is: 200
                  %s
        argos_java:
          notifiers:
            ops:
              type: webhook
              url: https://hooks.example.org/argos
              timeout: %s
        """.formatted(checks, webhookTimeout);
  }

  @Test
  void aBadCheckParameterIsReportedAtItsPathAndPosition() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("c.yaml",
        config("- response-time: {warning: 200, critical: fast}", "5s"), Path.of("."), Map.of(), checks, notifiers));
    assertThat(e.errors()).hasSize(1);
    ConfigError err = e.errors().get(0);
    assertThat(err.key()).isEqualTo("websites[0].paths[0].checks[1].response-time.critical");
    assertThat(err.where().line() + ":" + err.where().column()).isEqualTo("13:53");
    assertThat(err.toString()).startsWith("c.yaml:13:53: websites[0].paths[0].checks[1].response-time.critical: "
        + "thresholds are positive durations");
  }

  @Test
  void aBadNotifierSettingIsReportedAtItsPathAndPosition() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("n.yaml",
        config("", "forever"), Path.of("."), Map.of(), checks, notifiers));
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).toString())
        .startsWith("n.yaml:19:16: argos_java.notifiers.ops.timeout: expected a duration")
        .endsWith("got 'forever'");
  }

  @Test
  void aBadSettingOfAChannelNobodyRoutesToIsLeftAsBefore() {
    String yaml = config("", "forever").replace("critical: [ops]", "critical: [local]");
    DaemonConfig c = ConfigParser.parse("n.yaml", yaml, Path.of("."), Map.of(), checks, notifiers);
    assertThat(c.channels()).containsKey("ops");
  }

  @Test
  void withoutNotifierProvidersTheChannelsSettingsAreNotJudged() {
    DaemonConfig c = ConfigParser.parse("n.yaml", config("", "forever"), Path.of("."), Map.of(), checks);
    assertThat(c.channels().get("ops").settings()).containsEntry("timeout", "forever");
  }
}
