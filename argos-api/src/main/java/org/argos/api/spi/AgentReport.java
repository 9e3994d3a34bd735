package org.argos.api.spi;

import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.InvalidValueException;
import org.argos.api.JsonLike;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.jspecify.annotations.Nullable;

/**
 * A result as a remote agent reported it for one task, before the server judges it ({@link Check#judgeReport}). The
 * agent ran the probe and the check where it stands and sent back what it saw; the server decides what is recorded,
 * with its own configuration (for example the certificate thresholds), as Argos servers do.
 *
 * @param status the status the agent sent: {@code success}, {@code failure}, {@code error}, or a status the check
 *     defines (Argos agents send {@code on-check} for {@code ssl-certificate-expiration})
 * @param message one line for people; empty when the agent sent none
 * @param context the agent's details, JSON-like (an Argos agent's transport failure is {@code {error_type,
 *     error_message, error_details}})
 */
public record AgentReport(String status, String message, Map<String, @Nullable Object> context) {
  /** Validates and copies. */
  @SuppressWarnings("unchecked")
  public AgentReport {
    if (status == null) {
      throw new InvalidValueException("status is required");
    }
    message = message == null ? "" : message;
    context = context == null ? Map.of() : (Map<String, @Nullable Object>) JsonLike.copyOf(context, "report context");
  }

  /**
   * Argos' fixed mapping, the default judgement: {@code success} is ok, {@code failure} critical, {@code error}
   * unknown. Any other status is recorded as an error (unknown) saying the check does not know that status.
   *
   * @return the result to record
   */
  public CheckResult defaultResult() {
    ResultStatus s = switch (status) {
      case "success" -> ResultStatus.SUCCESS;
      case "failure" -> ResultStatus.FAILURE;
      case "error" -> ResultStatus.ERROR;
      default -> null;
    };
    if (s == null) {
      return new CheckResult(ResultStatus.ERROR, Severity.UNKNOWN, "the agent reported status '" + status
          + "', which this check does not define" + (message.isEmpty() ? "" : ": " + message), context, null);
    }
    return new CheckResult(s, s.defaultSeverity(), message, context, null);
  }
}
