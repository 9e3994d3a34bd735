package org.argos.api.spi;

import java.util.Map;
import org.argos.api.InvalidSiteException;

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
   * @throws InvalidSiteException (or another {@link org.argos.api.ArgosException}) naming the bad setting
   */
  Notifier create(String channel, Map<String, Object> settings);
}
