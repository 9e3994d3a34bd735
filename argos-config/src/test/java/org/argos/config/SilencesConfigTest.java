package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.argos.api.Silence;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** {@code argos_java.silences}: one-shot and recurring maintenance windows, by domain(s), tag and address. */
class SilencesConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  @Test
  void recurringWindowsListsOfDomainsAndAddressesAreRead() {
    String yaml = """
        general:
          frequency: 2
        service:
          secrets: [abcdefghijklmnopqrstuvwxyz012345]
        websites: []
        argos_java:
          silences:
            - id: weekend
              tag: db
              every: {days: [sat, sunday], at: "02:00", for: 2h, zone: Europe/Paris}
              until: "2027-06-01T00:00:00Z"
              reason: weekly backups
            - id: monthly
              address: 10.0.0.0/24
              every: {cron: "30 1 1 * *", for: 90m, zone: UTC}
            - id: bulk
              domains: ["https://a.example", "https://B.example/"]
              from: "2026-12-01T22:00:00+01:00"
              until: "2026-12-02T00:00:00+01:00"
        """;
    DaemonConfig c = ConfigParser.parse("ok.yaml", yaml, Path.of("."), Map.of(), checks);
    List<Silence> s = c.daemon().silences();
    assertThat(s).hasSize(3);
    Silence weekend = s.get(0);
    assertThat(weekend.every().cron()).isEqualTo("0 2 * * sat,sun");
    assertThat(weekend.every().length()).isEqualTo(Duration.ofHours(2));
    assertThat(weekend.every().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(weekend.from()).isEqualTo(Instant.EPOCH);
    assertThat(weekend.until()).isEqualTo(Instant.parse("2027-06-01T00:00:00Z"));
    Silence monthly = s.get(1);
    assertThat(monthly.until()).isEqualTo(Silence.NO_END);
    assertThat(monthly.address()).hasToString("10.0.0.0/24");
    assertThat(monthly.every().length()).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.get(2).domains()).containsExactlyInAnyOrder("https://a.example", "https://b.example");
    assertThat(s.get(2).every()).isNull();
  }
}
