package org.argos.engine;

import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.jspecify.annotations.Nullable;

/** Minimal checks for engine tests, independent of argos-checks-builtin. */
final class TestChecks {
  private TestChecks() {}

  /** {@code test-status: 200}: the status equals the parameter. */
  static final class Status implements CheckProvider {
    @Override
    public String name() {
      return "test-status";
    }

    @Override
    public Check create(@Nullable Object parameter) {
      if (!(parameter instanceof Integer expected)) {
        throw new InvalidCheckParameterException("check test-status: expected an integer status, got " + parameter);
      }
      return (response, context) -> response.status() == expected
          ? CheckResult.success()
          : CheckResult.failure("expected " + expected + ", got " + response.status());
    }
  }

  /** {@code test-explode: anything}: always throws. */
  static final class Explode implements CheckProvider {
    @Override
    public String name() {
      return "test-explode";
    }

    @Override
    public Check create(@Nullable Object parameter) {
      return (response, context) -> {
        throw new IllegalStateException("boom");
      };
    }
  }
}
