package org.argos.checks.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.argos.api.InvalidSiteException;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.checks.BuiltinChecks;
import org.argos.engine.Argos;
import org.junit.jupiter.api.Test;

/** A dns:// site through the engine: the provider serves the scheme, checks sharing a question share a run. */
class DnsThroughEngineTest {
  @Test
  void aDnsSiteIsCheckedByTheEngineAndHttpChecksAreRefusedOnIt() throws Exception {
    try (Dnsmasq dns = Dnsmasq.start(DnsQueryTest.zone());
        Argos argos = Argos.builder().install(new DnsProbeProvider()).install(BuiltinChecks.all())
            .firstRunSpread(Duration.ZERO).grouping(Duration.ZERO, 10).build()) {
      Site site = Site.builder("dns://example.org").ipVersions(true, false).path("/", p -> p
          .check("dns-rcode", Map.of("server", dns.server()))
          .check("dns-record", Map.of("contains", "192.0.2.10", "server", dns.server()))
          .check("dns-record", Map.of("type", "MX", "equals", List.of("mx1.example.org", "mx9.example.org"),
              "server", dns.server())))
          .build();
      argos.register(site);
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);
      Map<String, Severity> byCheck = new TreeMap<>();
      for (TaskStatus t : argos.store().tasks("dns://example.org")) {
        byCheck.put(t.check().type() + " " + t.check().expected(), t.state().severity());
      }
      assertThat(byCheck).hasSize(3);
      assertThat(byCheck.entrySet()).filteredOn(e -> e.getKey().contains("MX"))
          .singleElement().extracting(Map.Entry::getValue).isEqualTo(Severity.CRITICAL);
      assertThat(byCheck.entrySet()).filteredOn(e -> !e.getKey().contains("MX"))
          .extracting(Map.Entry::getValue).containsOnly(Severity.OK);
      assertThatThrownBy(() -> argos.register(Site.builder("dns://example.net")
          .path("/", p -> p.check("status-is", 200)).build()))
          .isInstanceOf(InvalidSiteException.class).hasMessageContaining("status-is").hasMessageContaining("dns://");
      assertThatThrownBy(() -> argos.register(Site.builder("https://example.net")
          .path("/", p -> p.check("dns-rcode", "NOERROR")).build()))
          .isInstanceOf(InvalidSiteException.class).hasMessageContaining("dns-rcode").hasMessageContaining("https://");
    }
  }
}
