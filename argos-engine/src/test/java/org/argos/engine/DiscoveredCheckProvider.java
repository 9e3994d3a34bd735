package org.argos.engine;

import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.jspecify.annotations.Nullable;

/** Listed in this module's test META-INF/services, to test ServiceLoader discovery. */
public final class DiscoveredCheckProvider implements CheckProvider {
  @Override
  public String name() {
    return "discovered-check";
  }

  @Override
  public Check create(@Nullable Object parameter) {
    return (response, context) -> CheckResult.success("discovered");
  }

  /** Claims the same name from another class, to test the duplicate error. */
  public static final class Impostor implements CheckProvider {
    @Override
    public String name() {
      return "discovered-check";
    }

    @Override
    public Check create(@Nullable Object parameter) {
      return (response, context) -> CheckResult.failure("impostor");
    }
  }
}
