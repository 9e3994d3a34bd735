package org.argos.api.store;

import org.argos.api.spi.Notification;

import java.util.List;

/**
 * One message of the outbox as recorded before it is sent: which channel, under which idempotency key, carrying which
 * alerts. A message recorded as begun and never as sent may or may not have reached its receiver, so it is sent again
 * exactly as it was (same key, same alerts).
 *
 * @param key the idempotency key ({@link Notification#idempotencyKey()})
 * @param channel the channel it goes to
 * @param alertIds the alerts it carries, ascending
 */
public record OutboxMessage(String key, String channel, List<Long> alertIds) {
  /** Validates and copies. */
  public OutboxMessage {
    if (key.isBlank() || channel.isBlank() || alertIds.isEmpty()) {
      throw new IllegalArgumentException("a message needs a key, a channel and at least one alert");
    }
    alertIds = alertIds.stream().sorted().distinct().toList();
  }
}
