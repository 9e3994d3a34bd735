package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** {@code argos_java.cause_hold} (issue 19 §3): read with a default, refused with file:line:column. */
class CauseHoldConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private DaemonConfig parse(String argosJava) {
    String yaml = """
        general:
          frequency: "5m"
          alerts: {critical: [local]}
        service:
          secrets: [abcdefghijklmnopqrstuvwxyz012345]
        websites:
          - domain: "https://plain.example"
            paths: [{path: "/", checks: [{status-is: 200}]}]
        argos_java:
          %s
        """.formatted(argosJava);
    return ConfigParser.parse("hold.yaml", yaml, Path.of("."), Map.of(), checks);
  }

  @Test
  void theHoldIsReadAndDefaultsToFiveMinutes() {
    assertThat(parse("cause_hold: 10m").daemon().causeHold()).isEqualTo(Duration.ofMinutes(10));
    assertThat(parse("cause_hold: 0").daemon().causeHold()).isZero();
    assertThat(parse("reminders: 1h").daemon().causeHold()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aHoldLongerThanADayOrNotADurationIsRefusedWhereItIsWritten() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("cause_hold: 2d"));
    assertThat(e.errors()).extracting(err -> err.key() + " @" + err.where().line())
        .containsExactly("argos_java.cause_hold @10");
    assertThat(e.getMessage()).contains("hold.yaml:10:").contains("at most 1d");
    e = catchThrowableOfType(ConfigException.class, () -> parse("cause_hold: soon"));
    assertThat(e.getMessage()).contains("hold.yaml:10:").contains("cause_hold");
  }
}
