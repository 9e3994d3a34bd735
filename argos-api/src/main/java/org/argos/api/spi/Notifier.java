package org.argos.api.spi;

/**
 * Delivers notifications on one channel. Called from a delivery thread, never from the checking path; a notifier may
 * block (network) but must end within its own timeout. Failures are thrown; the engine retries with backoff.
 */
public interface Notifier extends AutoCloseable {
  /** @return the channel name alerts are routed to */
  String channel();

  /**
   * @param notification one or several alerts of the same severity to send as one message
   * @throws Exception when delivery failed; the engine retries later
   */
  void send(Notification notification) throws Exception;

  /** Releases resources. */
  @Override
  default void close() {}
}
