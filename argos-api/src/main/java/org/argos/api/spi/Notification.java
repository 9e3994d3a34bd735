package org.argos.api.spi;

import java.util.List;
import org.argos.api.Alert;
import org.argos.api.Severity;
import org.jspecify.annotations.Nullable;

/**
 * What a notifier sends: one alert, or several grouped by the engine when many arrive together.
 *
 * @param alerts the alerts, at least one, worst first
 * @param omitted further alerts of the same group not listed (grouping lists the top N)
 * @param baseUrl the public URL of the daemon's web UI, for links, or null
 */
public record Notification(List<Alert> alerts, int omitted, @Nullable String baseUrl) {
  /** Validates and copies. */
  public Notification {
    if (alerts.isEmpty()) {
      throw new IllegalArgumentException("a notification needs at least one alert");
    }
    alerts = List.copyOf(alerts);
  }

  /** @return the severity of the first (worst) alert */
  public Severity severity() {
    return alerts.get(0).severity();
  }

  /** @return number of alerts this notification stands for */
  public int total() {
    return alerts.size() + omitted;
  }
}
