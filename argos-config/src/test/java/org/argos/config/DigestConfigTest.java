package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** A channel's daily digest, {@code digest: {at, zone}} (issue 19 §6): read, and refused with file:line:column. */
class DigestConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private DaemonConfig parse(String digest) {
    String yaml = """
        general:
          frequency: "5m"
          alerts: {critical: [ops]}
        service:
          secrets: [abcdefghijklmnopqrstuvwxyz012345]
        websites:
          - domain: "https://plain.example"
            paths: [{path: "/", checks: [{status-is: 200}]}]
        argos_java:
          notifiers:
            ops:
              type: local
              %s
        """.formatted(digest);
    return ConfigParser.parse("digest.yaml", yaml, Path.of("."), Map.of(), checks);
  }

  @Test
  void aChannelsDigestIsReadAndKeptOutOfItsNotifierSettings() {
    DaemonConfig.Channel ops = parse("digest: {at: \"08:00\", zone: Europe/Paris}").channels().get("ops");
    assertThat(ops.digest()).isEqualTo(new DaemonConfig.Digest(LocalTime.of(8, 0), ZoneId.of("Europe/Paris")));
    assertThat(ops.settings()).doesNotContainKey("digest");
    assertThat(parse("").channels().get("ops").digest()).isNull();
  }

  @Test
  void aBadTimeOrZoneIsRefusedWhereItIsWritten() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse("digest: {at: \"25:00\", zone: Europe/Pariss}"));
    assertThat(e.errors()).extracting(err -> err.key() + " @" + err.where().line() + ":" + err.where().column() + " "
        + err.message()).containsExactly(
            "argos_java.notifiers.ops.digest.at @13:20 expected a local time HH:MM such as \"08:00\", got '25:00'",
            "argos_java.notifiers.ops.digest.zone @13:35 unknown time zone 'Europe/Pariss'; expected an id such as "
                + "Europe/Paris or UTC");
    assertThat(e.getMessage()).contains("digest.yaml:13:");
  }

  @Test
  void atAndZoneAreRequiredAndNothingElseIsAllowed() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("digest: {at: \"08:00\", tz: UTC}"));
    assertThat(e.errors()).extracting(ConfigError::key)
        .contains("argos_java.notifiers.ops.digest.tz", "argos_java.notifiers.ops.digest.zone");
  }
}
