package org.argos.postgres;

import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.jspecify.annotations.Nullable;

/** The engine tests' stand-in for the built-in {@code status-is} check: success when the status is the parameter. */
final class StatusIs implements CheckProvider {
  static final CheckProvider PROVIDER = new StatusIs();

  private StatusIs() {}

  @Override
  public String name() {
    return "status-is";
  }

  @Override
  public Check create(@Nullable Object parameter) {
    int expected = (Integer) parameter;
    return (response, context) -> response.status() == expected ? CheckResult.success()
        : CheckResult.failure("expected " + expected + ", got " + response.status());
  }
}
