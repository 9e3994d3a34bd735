package org.argos.api;

/** A notifier could not deliver an alert. */
public class NotificationException extends ArgosException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, written for the person who must fix it */
  public NotificationException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public NotificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
