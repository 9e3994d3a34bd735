package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckSpec;
import org.argos.api.Site;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** A site's domain may use any scheme a probe serves ({@code tcp://host:port}), with checks that read it. */
class SchemeSitesConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  @Test
  void aTcpSiteWithTcpChecksParses() {
    String yaml = """
        general:
          frequency: 5
        service:
          secrets: []
        websites:
          - domain: "TCP://Mail.Example.org:25"
            paths:
              - path: "/"
                checks:
                  - tcp-connect: true
                  - tcp-expect: {send: 'EHLO argos\\r\\n', expect: "250"}
                  - response-time: 2000
          - domain: "https://www.example.org"
            paths:
              - path: "/"
                checks:
                  - status-is: 200
        """;
    DaemonConfig c = ConfigParser.parse("tcp.yaml", yaml, Path.of("."), Map.of(), checks);
    Site mail = c.sites().get(0);
    assertThat(mail.domain()).isEqualTo("tcp://mail.example.org:25");
    assertThat(mail.paths().get(0).checks()).extracting(CheckSpec::type)
        .containsExactly("tcp-connect", "tcp-expect", "response-time");
    assertThat(mail.paths().get(0).checks().get(1).parameter())
        .isEqualTo(Map.of("send", "EHLO argos\\r\\n", "expect", "250"));
    assertThat(c.sites().get(1).domain()).isEqualTo("https://www.example.org");
  }
}
