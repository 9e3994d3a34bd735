package org.argos.api.settings;

import java.util.function.Function;
import org.argos.api.InvalidValueException;
import org.argos.api.JsonLike;
import org.jspecify.annotations.Nullable;

/** What every {@link Setting} of one document shares: its subject, positions, error type and display of values. */
record Reading(String subject, ValuePositions positions, Failure failure,
    Function<Setting, @Nullable String> display) {
  /** Makes the exception a reader throws (plain, or the check SPI's {@code InvalidCheckParameterException}). */
  @FunctionalInterface
  interface Failure {
    InvalidValueException make(String subject, String path, @Nullable String position, String problem);
  }

  static final Failure PLAIN = (subject, path, position, problem) ->
      new InvalidValueException(subject, path, position, problem, null);

  static Reading of(String subject, ValuePositions positions) {
    return new Reading(subject, positions, PLAIN, s -> null);
  }

  InvalidValueException fail(String path, String problem) {
    return failure.make(subject, path, positions.positionOf(path), problem);
  }

  /** Renders a value for a message: JSON text, abbreviated (a parameter can be megabytes long), secrets masked. */
  String shown(Setting s) {
    String custom = display.apply(s);
    if (custom != null) {
      return custom;
    }
    String text;
    try {
      text = JsonLike.canonical(s.raw());
    } catch (RuntimeException e) {
      text = String.valueOf(s.raw());
    }
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
