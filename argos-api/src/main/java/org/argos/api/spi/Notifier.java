package org.argos.api.spi;

import org.argos.api.NotificationException;

/**
 * Delivers notifications on one channel. Called from a delivery thread, never from the checking path; a notifier may
 * block (network) but must end within its own timeout. Failures are thrown; the engine retries with backoff.
 */
public interface Notifier extends AutoCloseable {
  /** @return the channel name alerts are routed to */
  String channel();

  /**
   * Delivers one message. A notifier interrupted while it waits (the engine shuts down) restores the thread's
   * interrupt flag and throws a {@link NotificationException}.
   *
   * @param notification one or several alerts of the same severity to send as one message
   * @throws NotificationException when delivery failed (the receiver refused, could not be reached, or did not answer
   *     in time), saying why with secrets masked; the engine retries later
   */
  void send(Notification notification) throws NotificationException;

  /** Releases resources. */
  @Override
  default void close() {}
}
