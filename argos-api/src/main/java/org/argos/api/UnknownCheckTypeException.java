package org.argos.api;

/** A check names a type that no installed provider offers (the message lists the known ones). */
public class UnknownCheckTypeException extends ArgosException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, written for the person who must fix it */
  public UnknownCheckTypeException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public UnknownCheckTypeException(String message, Throwable cause) {
    super(message, cause);
  }
}
