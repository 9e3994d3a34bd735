package org.argos.checks;

import org.argos.api.CheckResult;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** Result helpers shared by the checks. */
final class Results {
  private Results() {}

  /**
   * The engine reports transport errors itself unless a check opts in, but a check must still give a sane answer
   * when handed one (the compatibility kit does so).
   *
   * @return a failure describing the transport error, or null when there is a response
   */
  static @Nullable CheckResult ifNoResponse(ProbeResponse response) {
    ProbeResponse.TransportError e = response.error();
    if (e == null) {
      return null;
    }
    return CheckResult.failure("no response: " + e.kind() + ": " + e.message())
        .with("error", e.kind())
        .with("exception", e.exceptionClass());
  }

  static CheckResult failure(String message, @Nullable Object expected, @Nullable Object actual) {
    return CheckResult.failure(message).with("expected", expected).with("actual", actual);
  }

  static CheckResult success(String message, @Nullable Object expected, @Nullable Object actual) {
    return CheckResult.success(message).with("expected", expected).with("actual", actual);
  }
}
