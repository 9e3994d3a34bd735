package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.Test;

class AlertTextTest {
  private static Alert alert(AlertKind kind, Severity current, String url, IpVersion ip) {
    StateChange c = new StateChange(5, "example.org", url, "GET", ip,
        CheckSpec.of("ssl-certificate-expiration", "on-check"), Severity.OK, current,
        Instant.parse("2026-03-01T08:00:00.123Z"), "certificate expires in <3> days *soon*", 0);
    return new Alert(9, kind, c);
  }

  @Test
  void subjectFollowsArgos() {
    Notification n = new Notification(
        List.of(alert(AlertKind.STATE_CHANGE, Severity.WARNING, "https://example.org:8443/x", IpVersion.IPV6)), 0, null);
    assertThat(AlertText.subject(n)).isEqualTo("[Argos] ⚠️ example.org:8443 (IPv6): status warning");
  }

  @Test
  void reminderAndNoAgentSaySo() {
    Notification reminder = new Notification(
        List.of(alert(AlertKind.REMINDER, Severity.CRITICAL, "https://example.org/", IpVersion.IPV4)), 0, null);
    assertThat(AlertText.subject(reminder)).isEqualTo("[Argos] ❌ example.org (IPv4): still critical");
    assertThat(AlertText.plain(reminder)).startsWith("Reminder: still critical\n");

    Notification noAgent = new Notification(
        List.of(alert(AlertKind.NO_AGENT, Severity.UNKNOWN, "", IpVersion.IPV4)), 0, null);
    assertThat(AlertText.subject(noAgent)).isEqualTo("[Argos] ❔ no agent: certificate expires in <3> days *soon*");
  }

  @Test
  void withoutResultIdThereIsNoResultLinkButATaskLink() {
    Notification n = new Notification(
        List.of(alert(AlertKind.STATE_CHANGE, Severity.CRITICAL, "https://example.org/", IpVersion.IPV4)), 0,
        "https://argos.example.test/");
    assertThat(AlertText.plain(n)).doesNotContain("/result/").contains("https://argos.example.test/task/5/results");
    assertThat(AlertText.clickUrl(n)).isEqualTo("https://argos.example.test/task/5/results");
    assertThat(AlertText.plain(n)).contains("Time: 2026-03-01T08:00:00Z");
  }

  @Test
  void htmlAndMarkdownEscapeUserText() {
    Notification n = new Notification(
        List.of(alert(AlertKind.STATE_CHANGE, Severity.CRITICAL, "https://example.org/", IpVersion.IPV4)), 0, null);
    assertThat(AlertText.html(n)).contains("expires in &lt;3&gt; days").doesNotContain("<3>");
    assertThat(AlertText.markdown(n)).contains("expires in \\<3\\> days \\*soon\\*");
    assertThat(AlertText.slack(n)).contains("expires in &lt;3&gt; days");
  }

  @Test
  void groupedSubjectCountsEveryAlertAndNamesTheFirstDomains() {
    Notification n = NotifierCompatibilityKit.groupedNotification(2, 0, Severity.OK);
    assertThat(AlertText.subject(n)).isEqualTo("[Argos] ✅ 2 tasks ok: site-000.example.net, site-001.example.net");
    assertThat(AlertText.plain(n)).doesNotContain("more");
  }

  @Test
  void truncateKeepsSurrogatePairsWhole() {
    String s = "a".repeat(50) + "😀".repeat(50);
    String t = AlertText.truncate(s, 80);
    assertThat(t).hasSizeLessThanOrEqualTo(80).endsWith("(truncated, see the dashboard)");
    assertThat(Character.isHighSurrogate(t.charAt(t.indexOf('\n') - 1))).isFalse();
  }

  @Test
  void aFailureCarriesItsAcknowledgementLinkAndFlappingSaysSo() {
    Alert down = alert(AlertKind.STATE_CHANGE, Severity.CRITICAL, "https://example.org/", IpVersion.IPV4);
    String ack = "https://argos.example.test/ack/5.9.1800000000.sig";
    Notification n = new Notification(List.of(down), 0, "https://argos.example.test/", "k1", List.of(9L),
        java.util.Map.of(9L, ack));
    assertThat(AlertText.plain(n)).contains("Acknowledge (no reminders until it recovers): " + ack);
    assertThat(AlertText.html(n)).contains("<a href=\"" + ack + "\">Acknowledge</a>");
    assertThat(WebhookNotifierProvider.payload("hook", n).toString()).contains("acknowledge=" + ack);
    assertThat(AlertText.plain(new Notification(List.of(down), 0, "https://argos.example.test/")))
        .doesNotContain("/ack/");

    Notification flapping = new Notification(
        List.of(alert(AlertKind.FLAPPING, Severity.CRITICAL, "https://example.org/", IpVersion.IPV4)), 0, null);
    assertThat(AlertText.subject(flapping)).isEqualTo("[Argos] ❌ example.org (IPv4): flapping, now critical");
    assertThat(AlertText.plain(flapping)).startsWith("Flapping: changed severity too often");
  }

  @Test
  void aFlappingTaskThatSettlesReadsStableAgainNotOkToOk() {
    Notification settled = new Notification(
        List.of(alert(AlertKind.STATE_CHANGE, Severity.OK, "https://example.org/", IpVersion.IPV4)), 0, null);
    assertThat(AlertText.subject(settled)).isEqualTo("[Argos] ✅ example.org (IPv4): stable again, ok");
    assertThat(AlertText.plain(settled)).contains("Flapping: stable again, ok").contains("Previous status: flapping")
        .doesNotContain("Previous status: ok");
    assertThat(WebhookNotifierProvider.payload("hook", settled).toString()).contains("stable_again=true");
    Notification recovered = new Notification(
        List.of(alert(AlertKind.STATE_CHANGE, Severity.CRITICAL, "https://example.org/", IpVersion.IPV4)), 0, null);
    assertThat(AlertText.subject(recovered)).contains("status critical");
    assertThat(WebhookNotifierProvider.payload("hook", recovered).toString()).doesNotContain("stable_again");
  }
}
