package org.argos.api.store;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call of a push (heartbeat) monitor's URL, as the store keeps it: when, whether the caller said it succeeded,
 * and its short message. Only the latest call of each push site is kept ({@link PushHeartbeats}).
 *
 * @param at when the call arrived
 * @param ok false when the caller said {@code status=fail}
 * @param message the caller's message, at most {@link #MAX_MESSAGE} characters without control characters, or null
 */
public record PushBeat(Instant at, boolean ok, @Nullable String message) {
  /** The longest message kept. */
  public static final int MAX_MESSAGE = 200;

  /** Validates. @throws IllegalArgumentException for a message that is too long or has control characters */
  public PushBeat {
    Objects.requireNonNull(at, "at");
    if (message != null) {
      if (message.length() > MAX_MESSAGE) {
        throw new IllegalArgumentException("a push message is at most " + MAX_MESSAGE + " characters");
      }
      if (message.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("a push message has no control characters");
      }
      if (message.isEmpty()) {
        message = null;
      }
    }
  }

  /**
   * A beat from what a caller sent: the message cut to {@link #MAX_MESSAGE} characters and its control characters
   * replaced by spaces, so any input gives a valid beat.
   *
   * @param at when
   * @param ok whether the caller said it succeeded
   * @param message what the caller sent, or null
   * @return the beat
   */
  public static PushBeat cleaned(Instant at, boolean ok, @Nullable String message) {
    if (message == null) {
      return new PushBeat(at, ok, null);
    }
    String m = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    StringBuilder b = new StringBuilder(m.length());
    m.chars().forEach(c -> b.append(Character.isISOControl(c) ? ' ' : (char) c));
    String s = b.toString().strip();
    return new PushBeat(at, ok, s.isEmpty() ? null : s);
  }
}
