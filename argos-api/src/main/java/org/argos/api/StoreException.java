package org.argos.api;

/** The store failed to read or write; the message says what was being done. */
public class StoreException extends ArgosException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, written for the person who must fix it */
  public StoreException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
