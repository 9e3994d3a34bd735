package org.argos.checks.rdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.checks.BuiltinChecks;
import org.argos.engine.Argos;
import org.junit.jupiter.api.Test;

/** A domain:// site through the engine, asking a loopback RDAP server given as the check's server. */
class DomainThroughEngineTest {
  @Test
  void aDomainSiteIsCheckedByTheEngine() throws Exception {
    try (RdapServer rdap = new RdapServer();
        Argos argos = Argos.builder().install(new DomainProbeProvider()).install(BuiltinChecks.all())
            .firstRunSpread(Duration.ZERO).grouping(Duration.ZERO, 10).build()) {
      rdap.answer("example.org", RdapServer.domainObject("example.org",
          Instant.now().plus(Duration.ofDays(10)).toString(), "Example Registrar"));
      argos.register(Site.builder("domain://www.example.org").ipVersions(true, false).path("/", p -> p
          .check("domain-expiration", Map.of("server", rdap.base().toString()))).build());
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);
      TaskStatus task = argos.store().tasks("domain://www.example.org").get(0);
      assertThat(task.state().severity()).as("10 days left: under the default 30d warning").isEqualTo(Severity.WARNING);
      assertThat(rdap.hits("example.org")).isEqualTo(1);
    }
  }
}
