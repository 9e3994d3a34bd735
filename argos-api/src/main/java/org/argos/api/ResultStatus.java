package org.argos.api;

import java.util.Locale;

/** Outcome of one check evaluation, before it is ranked as a {@link Severity}. */
public enum ResultStatus {
  /** The check's expectation holds. Default severity: ok. */
  SUCCESS,
  /** The expectation does not hold, or the site could not be reached. Default severity: critical. */
  FAILURE,
  /** The check could not be evaluated (a bug, invalid JSON for a JSON check...). Default severity: unknown. */
  ERROR;

  /** @return the severity Argos gives this status when the check does not choose one */
  public Severity defaultSeverity() {
    return switch (this) {
      case SUCCESS -> Severity.OK;
      case FAILURE -> Severity.CRITICAL;
      case ERROR -> Severity.UNKNOWN;
    };
  }

  /** @return the lower-case name Argos uses ({@code success}, {@code failure}, {@code error}) */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
