package org.argos.api;

/** A site, path or request given to Argos is not valid (the message names the field). */
public class InvalidSiteException extends ArgosException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, written for the person who must fix it */
  public InvalidSiteException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidSiteException(String message, Throwable cause) {
    super(message, cause);
  }
}
