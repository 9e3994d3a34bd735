package com.example.argos.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import org.argos.api.IpVersion;
import org.argos.api.ResultStatus;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.StoredResult;
import org.argos.engine.Argos;
import org.argos.engine.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against a real SMTP server (GreenMail), and through an engine that finds the plugin by discovery alone. */
class SmtpAgainstGreenMailTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private String url() {
    return "smtp://127.0.0.1:" + greenMail.getSmtp().getPort();
  }

  @Test
  void theProbeReadsTheGreetingAndTheExtensions() throws Exception {
    try (Probe probe = new SmtpProbeProvider().create()) {
      ProbeResponse r = probe.execute(ProbeRequest.of(url(), IpVersion.IPV4, Duration.ofSeconds(5)));
      assertThat(r.error()).isNull();
      assertThat(r.status()).isZero();
      assertThat(r.attribute("smtp.banner.code")).isEqualTo("220");
      assertThat(r.attribute("smtp.ehlo.code")).isEqualTo("250");
      assertThat(r.attributes().get("smtp.extensions")).containsExactly("AUTH PLAIN LOGIN XOAUTH2", "SMTPUTF8");
      assertThat(r.peer().port()).isEqualTo(greenMail.getSmtp().getPort());
      assertThat(r.bodyText()).startsWith("220 ");
    }
  }

  @Test
  void theJarIsDiscoveredAndAnEngineChecksAnSmtpSiteWithIt() {
    PluginRegistry plugins = PluginRegistry.discovering(getClass().getClassLoader());
    assertThat(plugins.schemes()).contains("smtp");
    assertThat(plugins.probeProviders().get("smtp")).isInstanceOf(SmtpProbeProvider.class);
    assertThat(plugins.checkProviders()).containsKey("smtp-extension");
    try (Argos argos = Argos.builder().plugins(plugins).firstRunSpread(Duration.ZERO).build()) {
      argos.start();
      argos.register(Site.builder(url()).ipVersions(true, false).frequency(Duration.ofSeconds(1))
          .path("/", p -> p.check("smtp-extension", "AUTH").check("smtp-extension", "STARTTLS")).build());
      await().atMost(Duration.ofSeconds(20)).until(() -> argos.store().tasks(url()).stream()
          .allMatch(t -> t.state() != null && t.state().severity() != null));
      for (TaskStatus t : argos.store().tasks(url())) {
        StoredResult last = argos.store().results(t.taskId(), 1).get(0);
        boolean auth = t.check().parameter().equals("AUTH");
        assertThat(last.result().status()).as(last.result().message())
            .isEqualTo(auth ? ResultStatus.SUCCESS : ResultStatus.FAILURE);
        assertThat(last.result().message()).isEqualTo(auth ? "the server offers AUTH"
            : "the server does not offer STARTTLS (it offers [AUTH PLAIN LOGIN XOAUTH2, SMTPUTF8])");
      }
    }
  }
}
