package org.argos.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an {@link Incident}'s timeline: a status set, a message posted, or what the engine saw (more sites
 * affected, all recovered).
 *
 * @param id the store's id (increasing with time within an incident)
 * @param incidentId the incident
 * @param at when
 * @param status the incident's status after this entry
 * @param message what happened, at most {@link #MAX_MESSAGE} characters
 * @param author who: a user or token name, or {@link #ENGINE} for the engine
 */
public record IncidentUpdate(long id, long incidentId, Instant at, IncidentStatus status, String message,
    String author) {
  /** The longest message. */
  public static final int MAX_MESSAGE = 10_000;
  /** The longest author name. */
  public static final int MAX_AUTHOR = 100;
  /** The author of what the engine writes. */
  public static final String ENGINE = "argos";

  /** Validates. */
  public IncidentUpdate {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(status, "status");
    message = checkMessage(message);
    author = checkAuthor(author);
  }

  /**
   * @param message a message
   * @return it, stripped
   * @throws InvalidValueException when blank or longer than {@link #MAX_MESSAGE}
   */
  public static String checkMessage(String message) {
    if (message == null || message.isBlank()) {
      throw new InvalidValueException("message: must not be blank");
    }
    String m = message.strip();
    if (m.length() > MAX_MESSAGE) {
      throw new InvalidValueException("message: at most " + MAX_MESSAGE + " characters, got " + m.length());
    }
    return m;
  }

  /**
   * @param author a name
   * @return it, stripped
   * @throws InvalidValueException when blank or longer than {@link #MAX_AUTHOR}
   */
  public static String checkAuthor(String author) {
    if (author == null || author.isBlank()) {
      throw new InvalidValueException("author: must not be blank");
    }
    String a = author.strip();
    if (a.length() > MAX_AUTHOR || a.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidValueException("author: one line of at most " + MAX_AUTHOR + " characters");
    }
    return a;
  }
}
