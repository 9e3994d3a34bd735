package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.api.Site;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** {@code addresses} per site and {@code argos_java.per_address} (issue 21). */
class AddressesConfigTest {
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
    return ConfigParser.parse("a.yaml", yaml, Path.of("."), Map.of(), checks);
  }

  private static Site.Addresses addresses(DaemonConfig c, String domain) {
    return c.sites().stream().filter(s -> s.domain().equals(domain)).map(Site::addresses).findFirst().orElseThrow();
  }

  @Test
  void aSiteProbesOneAddressUnlessItAsksForAll() {
    DaemonConfig c = parse(config("probing: in-process", "addresses: all"));
    assertThat(addresses(c, "https://a.example")).isEqualTo(Site.Addresses.ALL);
    assertThat(addresses(c, "https://b.example")).isEqualTo(Site.Addresses.ONE);
    assertThat(parse(config("probing: in-process", "addresses: one")).sites()).extracting(Site::addresses)
        .containsOnly(Site.Addresses.ONE);
  }

  @Test
  void theBoundPerAddressDefaultsToEightAndZeroTurnsItOff() {
    assertThat(parse(config("probing: in-process", "")).daemon().perAddress()).isEqualTo(8);
    assertThat(parse(config("per_address: 0", "")).daemon().perAddress()).isZero();
    assertThat(parse(config("per_address: 32", "")).daemon().perAddress()).isEqualTo(32);
  }

  @Test
  void badValuesAreRefusedWithTheirPosition() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse(config("probing: in-process", "addresses: every")));
    assertThat(e.getMessage()).contains("a.yaml:13:16: websites[0].addresses: expected one of all, one, got 'every'");
    e = catchThrowableOfType(ConfigException.class, () -> parse(config("per_address: -1", "")));
    assertThat(e.getMessage()).contains("a.yaml:6:16: argos_java.per_address: expected an integer between 0 and");
  }
}
