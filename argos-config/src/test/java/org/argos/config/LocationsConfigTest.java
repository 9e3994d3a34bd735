package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.api.Quorum;
import org.argos.api.Site;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** Issue 19 §1: locations and quorum from the defaults, a tag or a site, validated with the key's position. */
class LocationsConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private static String config(String argosJava, String site) {
    return """
        general:
          frequency: 5
        service:
          secrets: [abcdefghijklmnopqrstuvwxyz012345]
        argos_java:
        %s
        websites:
          - domain: https://a.example
            tags: [eu]
            paths:
              - path: /
                checks:
                  - status-is: 200
        %s
          - domain: https://b.example
            paths:
              - path: /
                checks:
                  - status-is: 200
        """.formatted(argosJava.indent(2).stripTrailing(), site.indent(4).stripTrailing());
  }

  private DaemonConfig parse(String yaml) {
    return ConfigParser.parse("l.yaml", yaml, Path.of("."), Map.of(), checks);
  }

  private static Quorum quorum(DaemonConfig c, String domain) {
    return c.sites().stream().filter(s -> s.domain().equals(domain)).map(Site::quorum).findFirst().orElseThrow();
  }

  @Test
  void withoutLocationsEverySiteIsCheckedFromTheDefaultLocation() {
    DaemonConfig c = parse(config("probing: in-process", ""));
    assertThat(quorum(c, "https://a.example")).isEqualTo(Quorum.DEFAULT);
    assertThat(c.daemon().locations()).isEqualTo(DaemonConfig.Locations.DEFAULT);
  }

  @Test
  void aSiteTakesItsOwnKeysElseItsTagsElseTheDefaults() {
    DaemonConfig c = parse(config("""
        location: par1
        locations: [par1, fra1, ams1]
        quorum: 2
        tag_locations:
          eu: {locations: [par1, fra1], alert_on_partial: true}
        """, ""));
    assertThat(c.daemon().locations().self()).isEqualTo("par1");
    assertThat(quorum(c, "https://a.example")).isEqualTo(new Quorum(List.of("par1", "fra1"), 2, true));
    assertThat(quorum(c, "https://b.example")).isEqualTo(new Quorum(List.of("par1", "fra1", "ams1"), 2, false));

    c = parse(config("locations: [par1, fra1, ams1]\nquorum: 2", "locations: [ams1]"));
    assertThat(quorum(c, "https://a.example")).isEqualTo(new Quorum(List.of("ams1"), 1, false)); // quorum capped at n
  }

  @Test
  void aQuorumOutsideOneToNAndABadLocationAreRefusedWithTheirPosition() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse(config("locations: [par1, fra1]\nquorum: 3", "")));
    assertThat(e.getMessage()).contains("l.yaml:7:11: argos_java.quorum: expected an integer between 1 and 2, got 3");

    e = catchThrowableOfType(ConfigException.class, () -> parse(config("", "locations: [par1, Par 1]")));
    assertThat(e.getMessage()).contains("l.yaml:14:16: websites[0].locations: a location is 1 to 40 characters");

    e = catchThrowableOfType(ConfigException.class, () -> parse(config("", "locations: [par1, par1]")));
    assertThat(e.getMessage()).contains("websites[0].locations: locations lists 'par1' twice");
  }

  @Test
  void canariesAreSitesCheckedFromEveryListedLocationThatAlertNobody() {
    DaemonConfig c = parse(config("locations: [par1, fra1]\ncanaries: [https://canary.example]", ""));
    assertThat(c.daemon().locations().canaries()).containsExactly("https://canary.example");
    Site canary = c.sites().stream().filter(s -> s.domain().equals("https://canary.example")).findFirst().orElseThrow();
    assertThat(canary.quorum()).isEqualTo(new Quorum(List.of("par1", "fra1"), 1, false));
    assertThat(canary.tags()).containsExactly("canary");
    assertThat(canary.routing()).isEqualTo(org.argos.api.AlertRouting.NONE);

    assertThat(parse(config("canaries: [https://canary.example]", "")).sites()).as("no location: no canary")
        .extracting(Site::domain).doesNotContain("https://canary.example");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse(config("locations: [par1]\ncanaries: [https://b.example]", "")));
    assertThat(e.getMessage()).contains("argos_java.canaries: https://b.example is also a site");
  }
}
