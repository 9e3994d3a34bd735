package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notification.Digest;
import org.argos.api.spi.Notifier;
import org.junit.jupiter.api.Test;

/** Issue 19 §6: how a channel's daily digest reads in each form (plain text and mail, HTML, Markdown, webhook). */
class DigestTextTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  static com.icegreen.greenmail.junit5.GreenMailExtension greenMail = new com.icegreen.greenmail.junit5.GreenMailExtension(
      com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());

  private static final Instant AT = Instant.parse("2026-03-28T07:00:00Z"); // 08:00 in Paris
  private static final String BASE = "https://argos.example.test/";

  private static Notification digest(List<Digest.Entry> tasks, int failing, int acked, String headline) {
    Severity worst = tasks.isEmpty() ? Severity.OK : tasks.get(0).severity();
    Alert a = new Alert(42, AlertKind.DIGEST, new StateChange(0, "", "argos-digest:2026-03-28/Europe/Paris", "",
        IpVersion.IPV4, new CheckSpec("digest", "ops"), null, worst, AT, headline, 0));
    return new Notification(List.of(a), 0, BASE, "0123456789abcdef0123456789abcdef", List.of(42L), Map.of(), null,
        new Digest("ops", LocalDate.parse("2026-03-28"), ZoneId.of("Europe/Paris"), tasks, failing, acked));
  }

  private static List<Digest.Entry> three() {
    return List.of(
        new Digest.Entry(3, "odd.example", "https://odd.example/", "json-has", Severity.UNKNOWN,
            AT.minusSeconds(3 * 86400 + 4 * 3600), "invalid JSON <html>", null),
        new Digest.Entry(1, "down.example", "https://down.example/health", "status-is", Severity.CRITICAL,
            AT.minusSeconds(5 * 3600 + 12 * 60), "status 503, expected 200", "alice"),
        new Digest.Entry(2, "slow.example", "https://slow.example/", "status-is", Severity.CRITICAL,
            AT.minusSeconds(30 * 60), "connect: connect timed out", null));
  }

  @Test
  void plainTextListsWorstFirstWithSinceAgeAndAcknowledgement() {
    Notification n = digest(three(), 3, 1, "daily digest 2026-03-28: 3 tasks failing (1 acknowledged), worst unknown");
    assertThat(AlertText.subject(n)).isEqualTo("[Argos] ❔ daily digest 2026-03-28 (ops): 3 tasks failing, 1 acknowledged");
    assertThat(AlertText.plain(n)).isEqualTo("""
        Still failing among the tasks routed to ops on 2026-03-28 (Europe/Paris): 3, worst first; 1 acknowledged.

        ❔ unknown for 3d 4h (since 2026-03-25T03:00:00Z) — https://odd.example/ (json-has) — invalid JSON <html>
            https://argos.example.test/task/3/results
        ❌ critical for 5h 12m (since 2026-03-28T01:48:00Z) — https://down.example/health (status-is) — status 503, \
        expected 200 [acknowledged by alice]
            https://argos.example.test/task/1/results
        ❌ critical for 30m (since 2026-03-28T06:30:00Z) — https://slow.example/ (status-is) — connect: connect timed out
            https://argos.example.test/task/2/results

        Dashboard: https://argos.example.test/
        """);
    assertThat(AlertText.html(n)).contains("<ol>", "invalid JSON &lt;html&gt;", "[acknowledged by alice]",
        "href=\"https://argos.example.test/task/1/results\"");
    assertThat(AlertText.markdown(n)).contains("- ❔ unknown for 3d 4h", "invalid JSON \\<html\\>");
    assertThat(AlertText.clickUrl(n)).isEqualTo("https://argos.example.test/");
  }

  @Test
  void aLongListSaysHowManyMoreAreNotListed() {
    List<Digest.Entry> many = new ArrayList<>();
    for (int i = 0; i < Digest.MAX_LISTED; i++) {
      many.add(new Digest.Entry(i, "s" + i + ".example", "https://s" + i + ".example/", "status-is", Severity.CRITICAL,
          AT.minusSeconds(3600), "status 503", null));
    }
    Notification n = digest(many, 250, 0, "daily digest 2026-03-28: 250 tasks failing, worst critical");
    assertThat(AlertText.subject(n)).isEqualTo("[Argos] ❌ daily digest 2026-03-28 (ops): 250 tasks failing");
    assertThat(AlertText.plain(n)).startsWith(
        "Still failing among the tasks routed to ops on 2026-03-28 (Europe/Paris): 250, worst first, the first 100 listed.")
        .contains("… and 150 more failing, not listed\n");
  }

  @Test
  void allClearIsShort() {
    Notification n = digest(List.of(), 0, 0, "daily digest 2026-03-28: all clear, nothing routed to ops is failing");
    assertThat(AlertText.subject(n)).isEqualTo("[Argos] ✅ daily digest 2026-03-28 (ops): all clear");
    assertThat(AlertText.plain(n)).isEqualTo("""
        All clear: no task routed to ops is failing (2026-03-28, Europe/Paris).

        Dashboard: https://argos.example.test/
        """);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWebhookCarriesTheDigest() {
    Notification n = digest(three(), 3, 1, "daily digest 2026-03-28: 3 tasks failing (1 acknowledged), worst unknown");
    Map<String, Object> p = WebhookNotifierProvider.payload("ops", n);
    assertThat(p.get("idempotency_key")).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(p.get("severity")).isEqualTo("unknown");
    assertThat(p.get("title")).isEqualTo("[Argos] ❔ daily digest 2026-03-28 (ops): 3 tasks failing, 1 acknowledged");
    Map<String, Object> d = (Map<String, Object>) p.get("digest");
    assertThat(d).containsEntry("channel", "ops").containsEntry("date", "2026-03-28")
        .containsEntry("zone", "Europe/Paris").containsEntry("failing", 3).containsEntry("acknowledged", 1)
        .containsEntry("omitted", 0);
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) d.get("tasks");
    assertThat(tasks).extracting(t -> t.get("domain")).containsExactly("odd.example", "down.example", "slow.example");
    assertThat(tasks.get(1)).containsEntry("task_id", 1L).containsEntry("severity", "critical")
        .containsEntry("since", "2026-03-28T01:48:00Z").containsEntry("acknowledged", true)
        .containsEntry("acked_by", "alice").containsEntry("check", "status-is")
        .containsEntry("links", Map.of("task_results", "https://argos.example.test/task/1/results"));
    assertThat(new String(Json.bytes(p), java.nio.charset.StandardCharsets.UTF_8)).contains("\"digest\":{\"channel\":\"ops\"");
  }

  @Test
  void aMailCarriesTheSubjectAndTheListInTextAndHtml() throws Exception {
    Notification n = digest(three(), 3, 1, "daily digest 2026-03-28: 3 tasks failing (1 acknowledged), worst unknown");
    try (Notifier mail = new MailNotifierProvider().create("ops", Map.of("mailfrom", "argos@example.org",
        "host", "127.0.0.1", "port", greenMail.getSmtp().getPort(), "addresses", List.of("ops@example.org"),
        "timeout", "5s"))) {
      mail.send(n);
    }
    jakarta.mail.internet.MimeMessage m = greenMail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[Argos] ❔ daily digest 2026-03-28 (ops): 3 tasks failing, 1 acknowledged");
    assertThat(m.getHeader("X-Argos-Idempotency-Key")).containsExactly("0123456789abcdef0123456789abcdef");
    assertThat(MailText.of(m)).contains(
        "❌ critical for 5h 12m (since 2026-03-28T01:48:00Z) — https://down.example/health (status-is)",
        "[acknowledged by alice]", "<ol>", "https://argos.example.test/task/2/results");
  }
}
