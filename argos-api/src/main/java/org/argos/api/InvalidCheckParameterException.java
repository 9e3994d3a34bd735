package org.argos.api;

import org.jspecify.annotations.Nullable;

/**
 * A check's parameter is not what its provider expects (the message names the check and the value). Read parameters
 * with {@link org.argos.api.settings.Setting#checkParameter} to get these with the path of the bad part.
 */
public class InvalidCheckParameterException extends InvalidValueException {
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

  /**
   * @param check the check type
   * @param path where the bad value is inside the parameter; empty for the whole parameter
   * @param position where it was written, or null when unknown
   * @param problem what is wrong and what is expected
   * @param cause the underlying failure, if any
   * @see InvalidValueException#InvalidValueException(String, String, String, String, Throwable)
   */
  public InvalidCheckParameterException(String check, String path, @Nullable String position, String problem,
      @Nullable Throwable cause) {
    super(check, path, position, problem, cause);
  }
}
