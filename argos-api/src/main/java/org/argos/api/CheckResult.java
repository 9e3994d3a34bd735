package org.argos.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one check on one response.
 *
 * @param status success, failure or error
 * @param severity how bad it is; the factories give Argos' default for the status, a check may choose another
 * @param message one line for people ("expected 200, got 503"); empty on success is fine
 * @param context details as JSON-like values (expected and actual values, error class...), shown on result pages
 * @param timings how long the probe took, when the result comes from a probe
 */
public record CheckResult(
    ResultStatus status,
    Severity severity,
    String message,
    Map<String, @Nullable Object> context,
    @Nullable ProbeTimings timings) {

  /**
   * The longest message kept, in characters: a longer one (a body quoted whole, a hostile agent's) is cut there, so
   * that it cannot swell every state, history row and alert that repeats it.
   */
  public static final int MAX_MESSAGE = 10_000;

  /** Validates and copies; a message longer than {@value #MAX_MESSAGE} characters is cut, saying so. */
  @SuppressWarnings("unchecked")
  public CheckResult {
    if (status == null || severity == null) {
      throw new InvalidValueException("status and severity are required");
    }
    message = message == null ? "" : message.length() <= MAX_MESSAGE ? message : cut(message);
    context = context == null ? Map.of() : (Map<String, @Nullable Object>) JsonLike.copyOf(context, "result context");
  }

  // At most MAX_MESSAGE characters, note included, so that copies (with, withSeverity...) leave it as it is.
  private static String cut(String message) {
    String note = " [cut: the message had " + message.length() + " characters]";
    return message.substring(0, MAX_MESSAGE - note.length()) + note;
  }

  /** @return a success, severity ok */
  public static CheckResult success() {
    return new CheckResult(ResultStatus.SUCCESS, Severity.OK, "", Map.of(), null);
  }

  /** @param message what was observed @return a success, severity ok */
  public static CheckResult success(String message) {
    return new CheckResult(ResultStatus.SUCCESS, Severity.OK, message, Map.of(), null);
  }

  /** @param message what was expected and what was seen @return a failure, severity critical */
  public static CheckResult failure(String message) {
    return new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL, message, Map.of(), null);
  }

  /** @param message why the check could not be evaluated @return an error, severity unknown */
  public static CheckResult error(String message) {
    return new CheckResult(ResultStatus.ERROR, Severity.UNKNOWN, message, Map.of(), null);
  }

  /** @param severity the severity to report instead @return a copy */
  public CheckResult withSeverity(Severity severity) {
    return new CheckResult(status, severity, message, context, timings);
  }

  /** @param key context key @param value a JSON-like value @return a copy with that context entry added */
  public CheckResult with(String key, @Nullable Object value) {
    Map<String, @Nullable Object> c = new LinkedHashMap<>(context);
    c.put(key, value);
    return new CheckResult(status, severity, message, c, timings);
  }

  /** @param extra entries to add (existing keys are kept) @return a copy */
  public CheckResult withContext(Map<String, ?> extra) {
    Map<String, @Nullable Object> c = new LinkedHashMap<>(extra);
    c.putAll(context);
    return new CheckResult(status, severity, message, c, timings);
  }

  /** @param timings the probe's timings @return a copy */
  public CheckResult withTimings(@Nullable ProbeTimings timings) {
    return new CheckResult(status, severity, message, context, timings);
  }
}
