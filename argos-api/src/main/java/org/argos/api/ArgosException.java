package org.argos.api;

/** Root of every exception Argos throws. Unchecked: callers decide where to catch. */
public class ArgosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, written for the person who must fix it */
  public ArgosException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public ArgosException(String message, Throwable cause) {
    super(message, cause);
  }
}
