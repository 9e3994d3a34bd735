package org.argos.web.api;

import org.jspecify.annotations.Nullable;

/** A request the JSON API refuses; the API's edge answers it as JSON {@code {"error", "field", "errors"}}. */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The HTTP status. */
  public final int status;
  /** The request field at fault, or null. */
  public final @Nullable String field;
  /** Details listed under {@code errors} (e.g. every error of a site), or null. */
  public final transient @Nullable Object details;

  /**
   * @param status the HTTP status
   * @param field the request field at fault, or null
   * @param message what the client is told
   * @param details listed under {@code errors}, or null
   */
  public ApiError(int status, @Nullable String field, String message, @Nullable Object details) {
    super(message);
    this.status = status;
    this.field = field;
    this.details = details;
  }

  /** A 400 naming its field. */
  public static ApiError bad(String field, String message) {
    return new ApiError(400, field, message, null);
  }
}
