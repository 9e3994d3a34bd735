package org.argos.checks.tls;

import java.io.IOException;

/** The server did not agree to the upgrade (no STARTTLS offered, a refusal, a reply out of bounds). */
final class StartTlsException extends IOException {
  private static final long serialVersionUID = 1L;

  StartTlsException(String message) {
    super(message);
  }
}
