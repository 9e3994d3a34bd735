package org.argos.api;

import org.jspecify.annotations.Nullable;

/** A site, path or request given to Argos is not valid (the message names the field). */
public class InvalidSiteException extends InvalidValueException {
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

  /**
   * @param subject the site (its domain), or empty
   * @param path the field ({@code paths[0].method})
   * @param position where it was written, or null when unknown
   * @param problem what is wrong and what is expected
   * @param cause the underlying failure, if any
   * @see InvalidValueException#InvalidValueException(String, String, String, String, Throwable)
   */
  public InvalidSiteException(String subject, String path, @Nullable String position, String problem,
      @Nullable Throwable cause) {
    super(subject, path, position, problem, cause);
  }
}
