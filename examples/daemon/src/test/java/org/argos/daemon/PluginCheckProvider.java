package org.argos.daemon;

import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;

/**
 * A check offered only through a plugin jar the test writes (its service file lives in that jar, not on the test
 * classpath). Public because ServiceLoader instantiates it.
 */
public final class PluginCheckProvider implements CheckProvider {
  @Override
  public String name() {
    return "plugin-check";
  }

  @Override
  public String description() {
    return "Always passes; proves plugin jars are loaded.";
  }

  @Override
  public Check create(Object parameter) {
    return (response, context) -> CheckResult.success();
  }
}
