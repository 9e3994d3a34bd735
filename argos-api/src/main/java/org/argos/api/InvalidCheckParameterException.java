package org.argos.api;

/** A check's parameter is not what its provider expects (the message names the check and the value). */
public class InvalidCheckParameterException extends ArgosException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, written for the person who must fix it */
  public InvalidCheckParameterException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidCheckParameterException(String message, Throwable cause) {
    super(message, cause);
  }
}
