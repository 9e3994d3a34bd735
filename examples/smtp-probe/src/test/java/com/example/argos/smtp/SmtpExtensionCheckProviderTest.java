package com.example.argos.smtp;

import org.argos.api.spi.CheckProvider;
import org.argos.testkit.CheckProviderCompatibilityKit;

/** The check runs the check compatibility kit, as built-in checks do. */
class SmtpExtensionCheckProviderTest extends CheckProviderCompatibilityKit {
  @Override
  protected CheckProvider provider() {
    return new SmtpExtensionCheckProvider();
  }
}
