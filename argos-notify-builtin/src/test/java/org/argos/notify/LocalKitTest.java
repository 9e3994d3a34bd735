package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.argos.api.Severity;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.argos.testkit.NotifierCompatibilityKit;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LocalKitTest extends NotifierCompatibilityKit {
  private final Map<String, RecordingLogger> loggers = new ConcurrentHashMap<>();

  private RecordingLogger logger() {
    return loggers.computeIfAbsent(LocalNotifierProvider.DEFAULT_LOGGER, RecordingLogger::new);
  }

  @Override
  protected NotifierProvider provider() {
    return new LocalNotifierProvider(name -> loggers.computeIfAbsent(name, RecordingLogger::new));
  }

  @Override
  protected Map<String, Object> settings() {
    return Map.of();
  }

  @Override
  protected Optional<Map<String, Object>> unreachableSettings() {
    return Optional.empty();
  }

  @Override
  protected Map<String, Map<String, Object>> invalidSettings() {
    return Map.of("logger", Map.of("logger", List.of("a")), "loger", Map.of("loger", "x"));
  }

  /** One message per send: the per-alert lines of a grouped notification carry their position and follow it. */
  @Override
  protected List<String> received() {
    return logger().lines.stream().map(RecordingLogger.Line::text).filter(t -> !t.matches("^\\[Argos] \\(\\d+/\\d+\\).*")).toList();
  }

  @Test
  void groupedNotificationLogsOneLinePerListedAlertAtErrorLevel() throws Exception {
    Notifier notifier = open(Map.of());
    notifier.send(groupedNotification(3, 7, Severity.CRITICAL));

    List<RecordingLogger.Line> lines = logger().lines;
    assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l.level()).isEqualTo(Level.ERROR));
    assertThat(lines.get(0).text()).startsWith("[Argos] ❌ 10 tasks critical").contains("7 more not listed");
    assertThat(lines.get(1).text()).startsWith("[Argos] (1/10) ❌ site-000.example.net (IPv4): status critical")
        .contains("https://site-000.example.net/health").contains(BASE_URL + "/result/10100");
    assertThat(lines.get(3).text()).contains("site-002.example.net");
  }

  @Test
  void recoveryIsLoggedAtInfoAndLoggerNameIsASetting() throws Exception {
    Notifier notifier = open(Map.of("logger", "ops.alerts"));
    notifier.send(new org.argos.api.spi.Notification(
        List.of(sampleAlert(1, "ok.example.org", Severity.CRITICAL, Severity.OK)), 0, null));

    assertThat(loggers.get("ops.alerts").lines).singleElement().satisfies(l -> {
      assertThat(l.level()).isEqualTo(Level.INFO);
      assertThat(l.text()).startsWith("[Argos] ✅ ok.example.org (IPv4): status ok").contains("Previous status: critical");
    });
  }
}
