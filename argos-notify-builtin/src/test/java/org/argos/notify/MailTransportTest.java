package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.argos.api.NotificationException;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTPS, STARTTLS and authentication against GreenMail, plus the content of the mails. */
class MailTransportTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(
      new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("argos@example.org", "argos", "s3cret-pw"));

  /** Trusts GreenMail's self-signed test certificate; only tests can reach this constructor. */
  private static final MailNotifierProvider TRUSTING =
      new MailNotifierProvider(b -> b.trustingSSLHosts("127.0.0.1").verifyingServerIdentity(false));

  private static Map<String, Object> settings(int port, boolean ssl, boolean starttls, String password) {
    return Map.of(
        "mailfrom", "argos@example.org",
        "host", "127.0.0.1",
        "port", port,
        "ssl", ssl,
        "starttls", starttls,
        "auth", Map.of("login", "argos", "password", password),
        "addresses", List.of("ops@example.org"),
        "timeout", "5s");
  }

  @Test
  void smtpsWithAuthDelivers() throws Exception {
    try (Notifier n = TRUSTING.create("mail", settings(greenMail.getSmtps().getPort(), true, false, "s3cret-pw"))) {
      n.send(NotifierCompatibilityKit.singleNotification("smtps.example.org"));
    }
    MimeMessage[] got = greenMail.getReceivedMessages();
    assertThat(got).hasSize(1);
    assertThat(got[0].getSubject()).isEqualTo("[Argos] ❌ smtps.example.org (IPv4): status critical");
  }

  @Test
  void smtpsRefusesAnUntrustedCertificateOutsideTests() {
    Notifier n = new MailNotifierProvider().create("mail", settings(greenMail.getSmtps().getPort(), true, false, "s3cret-pw"));
    try (n) {
      assertThatThrownBy(() -> n.send(NotifierCompatibilityKit.singleNotification("smtps.example.org")))
          .isInstanceOf(NotificationException.class)
          .hasMessageContaining("ops@example.org");
    }
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void starttlsWithAuthDelivers() throws Exception {
    try (StartTlsFront front = new StartTlsFront(greenMail.getSmtp().getPort());
        Notifier n = TRUSTING.create("mail", settings(front.port(), false, true, "s3cret-pw"))) {
      n.send(NotifierCompatibilityKit.singleNotification("starttls.example.org"));
      assertThat(front.upgraded).hasValue(1);
    }
    assertThat(greenMail.getReceivedMessages()).singleElement()
        .satisfies(m -> assertThat(m.getSubject()).contains("starttls.example.org"));
  }

  @Test
  void wrongPasswordFailsTheSend() {
    try (Notifier n = TRUSTING.create("mail", settings(greenMail.getSmtps().getPort(), true, false, "wrong"))) {
      assertThatThrownBy(() -> n.send(NotifierCompatibilityKit.singleNotification("auth.example.org")))
          .isInstanceOf(NotificationException.class)
          .hasMessageContaining("1 of 1 addresses");
    }
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void mailHasArgosFieldsLinksAndAnHtmlPart() throws Exception {
    try (Notifier n = new MailNotifierProvider().create("mail", Map.of(
        "mailfrom", "argos@example.org", "port", greenMail.getSmtp().getPort(), "addresses", "ops@example.org"))) {
      n.send(NotifierCompatibilityKit.singleNotification("fields.example.org"));
    }
    String text = MailText.of(greenMail.getReceivedMessages()[0]);
    assertThat(text)
        .contains("Domain: fields.example.org")
        .contains("URL: https://fields.example.org/health")
        .contains("IP version: IPv4")
        .contains("Check: status-is")
        .contains("Expected: 200")
        .contains("Status: critical")
        .contains("Previous status: ok")
        .contains("Time: 2026-01-28T10:15:30Z")
        .contains("Message: status 503, expected 200")
        .contains("See result on https://argos.example.test/result/10001")
        .contains("See results of task on https://argos.example.test/task/1/results")
        .contains("[html]")
        .contains("<a href=\"https://argos.example.test/result/10001\">");
  }

  @Test
  void groupedMailListsEveryAlertAndTheRest() throws Exception {
    Notification grouped = NotifierCompatibilityKit.groupedNotification(50, 2950, Severity.CRITICAL);
    try (Notifier n = new MailNotifierProvider().create("mail", Map.of(
        "mailfrom", "argos@example.org", "port", greenMail.getSmtp().getPort(), "addresses", "ops@example.org"))) {
      n.send(grouped);
    }
    MimeMessage m = greenMail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo(
        "[Argos] ❌ 3000 tasks critical: site-000.example.net, site-001.example.net, site-002.example.net, …");
    String text = MailText.of(m);
    for (int i = 0; i < 50; i++) {
      assertThat(text).contains(NotifierCompatibilityKit.groupedDomain(i));
    }
    assertThat(text).contains("… and 2950 more");
  }

  @Test
  void localAddressesWithoutATopLevelDomainAreAccepted() throws Exception {
    try (Notifier n = new MailNotifierProvider().create("mail", Map.of(
        "mailfrom", "argos@localhost", "port", greenMail.getSmtp().getPort(), "addresses", "root@localhost"))) {
      n.send(NotifierCompatibilityKit.singleNotification("local.example.org"));
    }
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void serverThatNeverGreetsTimesOut() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Notifier n = new MailNotifierProvider().create("mail", Map.of("mailfrom", "argos@example.org",
            "port", silent.getLocalPort(), "addresses", "ops@example.org", "timeout", "1s"))) {
      // The connection is accepted by the kernel's backlog; nothing ever answers.
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () ->
          assertThatThrownBy(() -> n.send(NotifierCompatibilityKit.singleNotification("silent.example.org")))
              .isInstanceOf(NotificationException.class));
    }
  }
}
