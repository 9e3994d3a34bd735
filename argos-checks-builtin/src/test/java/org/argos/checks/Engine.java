package org.argos.checks;

import java.time.Instant;
import java.util.ServiceLoader;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** What the engine does for one task, reduced to its contract, so checks are tested end to end against servers. */
final class Engine {
  private Engine() {}

  static CheckProvider provider(String name) {
    return ServiceLoader.load(CheckProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no provider named " + name));
  }

  static Check check(String name, @Nullable Object parameter) {
    return provider(name).create(org.argos.api.JsonLike.copyOf(parameter, "check " + name));
  }

  static CheckResult run(Probe probe, Check check, ProbeRequest base, Instant now) throws InterruptedException {
    ProbeResponse response = probe.execute(check.request(base));
    if (response.error() != null && !check.evaluatesTransportErrors()) {
      return CheckResult.failure(response.error().kind() + ": " + response.error().message());
    }
    return check.evaluate(response, new CheckContext(now));
  }
}
