package org.argos.api;

import org.jspecify.annotations.Nullable;

/**
 * One check of a path as the user wrote it: a type name and its parameter, e.g. {@code status-is: 200} or
 * {@code ssl-certificate-expiration: on-check}.
 *
 * @param type the check type, offered by a {@link org.argos.api.spi.CheckProvider} of that name
 * @param parameter the parameter as a JSON-like value (see {@link JsonLike}); validated by the provider when the site
 *     is registered
 */
public record CheckSpec(String type, @Nullable Object parameter) {
  /** Validates the type name and copies the parameter into immutable form. */
  public CheckSpec {
    if (type == null || type.isBlank()) {
      throw new InvalidSiteException("check type must not be empty");
    }
    type = type.trim();
    try {
      parameter = JsonLike.copyOf(parameter, "check " + type);
    } catch (InvalidValueException e) {
      throw new InvalidSiteException(e.subject(), e.path(), null, e.problem(), e);
    }
  }

  /**
   * @param type the check type
   * @param parameter its parameter
   * @return a check spec
   */
  public static CheckSpec of(String type, @Nullable Object parameter) {
    return new CheckSpec(type, parameter);
  }

  /** @return the parameter rendered as canonical JSON (Argos calls it "expected") */
  public String expected() {
    return parameter instanceof String s ? s : JsonLike.canonical(parameter);
  }

  @Override
  public String toString() {
    return type + ": " + expected();
  }
}
