package org.argos.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.junit.jupiter.api.Test;

/** A notification stands for a known set of alerts and carries a key that only a repeat of it shares. */
class NotificationTest {
  private static Alert alert(long id, Severity current) {
    return new Alert(id, AlertKind.STATE_CHANGE, new StateChange(id, "https://a.example", "https://a.example/", "GET",
        IpVersion.IPV4, CheckSpec.of("status-is", 200), Severity.OK, current, Instant.EPOCH, "m", 0));
  }

  @Test
  void theKeyDependsOnTheChannelAndTheSetOfAlertsOnly() {
    String key = Notification.keyOf("mail", List.of(3L, 1L, 2L));
    assertThat(key).matches("[0-9a-f]{32}");
    assertThat(Notification.keyOf("mail", List.of(1L, 2L, 3L, 3L))).isEqualTo(key);
    assertThat(Notification.keyOf("gotify", List.of(1L, 2L, 3L))).isNotEqualTo(key);
    assertThat(Notification.keyOf("mail", List.of(1L, 2L))).isNotEqualTo(key);
    assertThat(Notification.keyOf("mail", List.of(12L, 3L))).as("ids are separated")
        .isNotEqualTo(Notification.keyOf("mail", List.of(1L, 23L)));
  }

  @Test
  void aNotificationListsAlertsItStandsForAndCountsTheOmitted() {
    Notification n = new Notification(List.of(alert(7, Severity.CRITICAL), alert(5, Severity.WARNING)), 3, null, "k",
        List.of(9L, 5L, 7L, 7L, 8L, 6L));
    assertThat(n.alertIds()).containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(n.total()).isEqualTo(5);
    assertThat(n.severity()).isEqualTo(Severity.CRITICAL);
    Notification simple = new Notification(List.of(alert(2, Severity.OK), alert(1, Severity.OK)), 0, "https://ui");
    assertThat(simple.alertIds()).containsExactly(1L, 2L);
    assertThat(simple.idempotencyKey()).isEqualTo(Notification.keyOf("", List.of(1L, 2L)));
  }

  @Test
  void anInconsistentNotificationIsRefused() {
    assertThatThrownBy(() -> new Notification(List.of(), 0, null)).isInstanceOf(org.argos.api.InvalidValueException.class)
        .hasMessage("a notification needs at least one alert");
    assertThatThrownBy(() -> new Notification(List.of(alert(1, Severity.OK)), -1, null))
        .hasMessage("omitted must not be negative: -1");
    assertThatThrownBy(() -> new Notification(List.of(alert(1, Severity.OK)), 0, null, " ", List.of(1L)))
        .hasMessage("a notification needs an idempotency key");
    assertThatThrownBy(() -> new Notification(List.of(alert(1, Severity.OK)), 0, null, "k", List.of(2L)))
        .hasMessage("listed alert 1 is missing from alertIds");
  }

  @Test
  void anAgentsReportIsJudgedByArgosFixedMappingByDefault() {
    assertThat(new AgentReport("success", "fine", Map.of()).defaultResult().severity()).isEqualTo(Severity.OK);
    assertThat(new AgentReport("failure", "down", Map.of("a", 1)).defaultResult()).satisfies(r -> {
      assertThat(r.status()).isEqualTo(ResultStatus.FAILURE);
      assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(r.message()).isEqualTo("down");
      assertThat(r.context()).containsEntry("a", 1);
    });
    assertThat(new AgentReport("error", null, null).defaultResult().severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(new AgentReport("on-check", "", Map.of()).defaultResult()).satisfies(r -> {
      assertThat(r.status()).isEqualTo(ResultStatus.ERROR);
      assertThat(r.message()).isEqualTo("the agent reported status 'on-check', which this check does not define");
    });
    assertThat(new AgentReport("SUCCESS", "x", Map.of()).defaultResult().status()).as("statuses are exact")
        .isEqualTo(ResultStatus.ERROR);
    assertThatThrownBy(() -> new AgentReport(null, "", Map.of())).hasMessage("status is required");
    assertThatThrownBy(() -> new AgentReport("success", "", Map.of("x", new Object())))
        .hasMessageStartingWith("report context.x");
  }
}
