package org.argos.api.spi;

import java.util.Map;
import org.argos.api.InvalidValueException;

/**
 * Creates notifiers of one type ({@code mail}, {@code gotify}, {@code webhook}...) from their settings. Found through
 * {@link java.util.ServiceLoader} or installed explicitly.
 */
public interface NotifierProvider {
  /** @return the notifier type name used in configs */
  String type();

  /**
   * @param channel the channel name alerts are routed to (often equal to the type)
   * @param settings the JSON-like settings of the channel as the user wrote them
   * @return a thread-safe notifier
   * @throws InvalidValueException naming the channel and the path of the bad setting; read the settings with
   *     {@link org.argos.api.settings.Settings} to get these errors
   */
  Notifier create(String channel, Map<String, Object> settings);
}
