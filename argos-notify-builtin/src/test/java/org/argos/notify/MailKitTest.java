package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit against GreenMail over plain SMTP, two addresses per send. */
class MailKitTest extends NotifierCompatibilityKit {
  @RegisterExtension static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @Override
  protected NotifierProvider provider() {
    return new MailNotifierProvider();
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of(
        "mailfrom", "argos@example.org",
        "host", "127.0.0.1",
        "port", greenMail.getSmtp().getPort(),
        "addresses", List.of("ops@example.org", "oncall@example.org"));
  }

  @Override
  protected int messagesPerSend() {
    return 2;
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.of(Map.of("mailfrom", "argos@example.org", "port", Receivers.closedPort(),
        "addresses", List.of("ops@example.org"), "timeout", "2s"));
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of(
        "mailfrom", Map.of("addresses", List.of("ops@example.org")),
        "addresses", Map.of("mailfrom", "argos@example.org"),
        "addresses[1]", Map.of("mailfrom", "argos@example.org", "addresses", List.of("ops@example.org", "not an address")),
        "port", Map.of("mailfrom", "argos@example.org", "addresses", "ops@example.org", "port", 70000),
        "auth.password", Map.of("mailfrom", "argos@example.org", "addresses", "ops@example.org", "auth", Map.of("login", "x")),
        "starttls", Map.of("mailfrom", "argos@example.org", "addresses", "ops@example.org", "ssl", true, "starttls", true),
        "hots", Map.of("mailfrom", "argos@example.org", "addresses", "ops@example.org", "hots", "smtp.example.org"));
  }

  @Override
  protected List<String> received() throws Exception {
    List<String> out = new ArrayList<>();
    for (var m : greenMail.getReceivedMessages()) {
      out.add(MailText.of(m));
    }
    return out;
  }

  @Override
  protected Optional<List<String>> receivedKeys() throws Exception {
    List<String> out = new ArrayList<>();
    for (var m : greenMail.getReceivedMessages()) {
      out.add(m.getHeader(MailNotifierProvider.IDEMPOTENCY_HEADER, null));
    }
    return Optional.of(out);
  }

  @Test
  void aRepeatKeepsItsMessageIdPerAddress() throws Exception {
    Notification grouped = groupedNotification(20, 580, Severity.CRITICAL);
    Notifier notifier = open(settings());
    notifier.send(grouped);
    notifier.send(grouped);

    Map<String, List<String>> idsByAddress = new TreeMap<>();
    for (var m : greenMail.getReceivedMessages()) {
      String to = m.getHeader("To", null);
      idsByAddress.computeIfAbsent(to, k -> new ArrayList<>()).add(m.getMessageID());
    }
    assertThat(idsByAddress).hasSize(2);
    idsByAddress.values().forEach(ids -> assertThat(ids).hasSize(2).containsOnly(ids.getFirst()));
    assertThat(idsByAddress.values().stream().map(List::getFirst).distinct()).hasSize(2)
        .allSatisfy(id -> assertThat(id)
            .startsWith("<argos." + grouped.idempotencyKey() + ".")
            .endsWith("@example.org>"));
  }
}
