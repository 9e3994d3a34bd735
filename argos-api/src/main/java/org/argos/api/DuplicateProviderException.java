package org.argos.api;

/** Two providers claim the same name (the message names both, and their jars). */
public class DuplicateProviderException extends ArgosException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, written for the person who must fix it */
  public DuplicateProviderException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public DuplicateProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
