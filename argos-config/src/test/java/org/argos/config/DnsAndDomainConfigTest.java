package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.api.Site;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** The configuration.md example: dns:// and domain:// sites with their checks, and a bad DNS check parameter. */
class DnsAndDomainConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  @Test
  void dnsAndDomainSitesParseWithTheirChecks() {
    String yaml = """
        general:
          frequency: 5
        service:
          secrets: []
        websites:
          - domain: dns://example.org
            paths:
              - path: /
                checks:
                  - dns-rcode: NOERROR
                  - dns-record: {type: MX, contains: mx1.example.org, server: "192.0.2.53"}
          - domain: domain://example.org
            frequency: 1d
            paths:
              - path: /
                checks:
                  - domain-expiration: on-check
        """;
    DaemonConfig c = ConfigParser.parse("dns.yaml", yaml, Path.of("."), Map.of(), checks);
    assertThat(c.sites()).extracting(Site::domain).containsExactly("dns://example.org", "domain://example.org");
    assertThat(c.sites().get(0).paths().get(0).checks()).extracting(s -> s.type())
        .containsExactly("dns-rcode", "dns-record");
  }

  @Test
  void aBadDnsCheckParameterIsAnErrorAtItsLine() {
    String yaml = """
        general:
          frequency: 5
        service:
          secrets: []
        websites:
          - domain: dns://example.org
            paths:
              - path: /
                checks:
                  - dns-record: {type: A, contains: not-an-address}
        """;
    assertThatThrownBy(() -> ConfigParser.parse("dns.yaml", yaml, Path.of("."), Map.of(), checks))
        .isInstanceOf(ConfigException.class).hasMessageContaining("dns.yaml:10")
        .hasMessageContaining("not an IPv4 address");
  }

  @Test
  void anHttpCheckOnADnsSiteIsAnErrorNamingBoth() {
    String yaml = """
        general:
          frequency: 5
        service:
          secrets: []
        websites:
          - domain: dns://example.org
            paths:
              - path: /
                checks:
                  - status-is: 200
        """;
    assertThatThrownBy(() -> ConfigParser.parse("dns.yaml", yaml, Path.of("."), Map.of(), checks))
        .isInstanceOf(ConfigException.class).hasMessageContaining("dns.yaml:10")
        .hasMessageContaining("status-is").hasMessageContaining("dns://");
  }
}
