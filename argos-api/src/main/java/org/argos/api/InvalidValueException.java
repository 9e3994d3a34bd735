package org.argos.api;

import org.argos.api.settings.ValuePositions;
import org.jspecify.annotations.Nullable;

/**
 * A value a user wrote (a config key, a check parameter, a notifier setting, a field of a registered site) is not
 * acceptable. Carries where the value is: its {@link #path() path} inside what was read ({@code checks[2].parameter.max})
 * and, when the source knows it, its {@link #position() position} ({@code argos.yaml:12:7}), so that the person who
 * wrote it finds it without reading code.
 *
 * <p>The message is {@code [position: ][subject: ][path: ]problem}, for example {@code argos.yaml:12:7: response-time:
 * critical: expected a positive number of milliseconds, got -5}.
 */
public class InvalidValueException extends ArgosException {
  private static final long serialVersionUID = 1L;

  private final String subject;
  private final String path;
  private final @Nullable String position;
  private final String problem;

  /** @param message what went wrong, written for the person who must fix it (no path or position known) */
  public InvalidValueException(String message) {
    this("", "", null, message, null);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidValueException(String message, Throwable cause) {
    this("", "", null, message, cause);
  }

  /**
   * @param subject what was being read, e.g. a check name or {@code notifier 'ops' (mail)}; empty when none
   * @param path where the value is inside what was read, e.g. {@code thresholds[1]}; empty for the whole value
   * @param position where the value was written, e.g. {@code argos.yaml:12:7}; null when unknown
   * @param problem what is wrong and what is expected, e.g. {@code expected an integer between 1 and 10, got 0}
   * @param cause the underlying failure, if any
   */
  public InvalidValueException(String subject, String path, @Nullable String position, String problem,
      @Nullable Throwable cause) {
    super(message(subject, path, position, problem), cause);
    this.subject = subject;
    this.path = path;
    this.position = position;
    this.problem = problem;
  }

  private static String message(String subject, String path, @Nullable String position, String problem) {
    StringBuilder sb = new StringBuilder();
    if (position != null && !position.isEmpty()) {
      sb.append(position).append(": ");
    }
    if (!subject.isEmpty()) {
      sb.append(subject).append(": ");
    }
    if (!path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(problem).toString();
  }

  /** @return what was being read (a check name, a notifier); empty when the message says it */
  public String subject() {
    return subject;
  }

  /** @return the path of the bad value inside what was read ({@code thresholds[1]}); empty for the whole value */
  public String path() {
    return path;
  }

  /** @return where the value was written ({@code file:line:column}), or null when the source does not know */
  public @Nullable String position() {
    return position;
  }

  /** @return what is wrong and what is expected, without subject, path or position */
  public String problem() {
    return problem;
  }

  /**
   * Places this error inside a larger document: the config that held a check's parameter reports
   * {@code websites[0].paths[1].checks[2].parameter} + this path, at the position its source knows.
   *
   * @param parentPath the path of the value this error's path is relative to
   * @param positions where the source wrote each path; {@link ValuePositions#NONE} when unknown
   * @return a new exception (this one as its cause) with the joined path and the position found for it
   */
  public InvalidValueException within(String parentPath, ValuePositions positions) {
    String full = ValuePositions.join(parentPath, path);
    String at = positions.positionOf(full);
    return new InvalidValueException(subject, full, at != null ? at : position, problem, this);
  }
}
