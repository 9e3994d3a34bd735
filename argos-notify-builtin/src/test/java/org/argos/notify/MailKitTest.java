package org.argos.notify;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
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
}
