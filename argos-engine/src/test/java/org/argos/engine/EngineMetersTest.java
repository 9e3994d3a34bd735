package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.argos.api.Site;
import org.junit.jupiter.api.Test;

/**
 * Probe errors by class and the executor's timeouts as the engine counts them, with probes a test can make crash and
 * hang (a real HTTP probe against a loopback server: argos-checks-builtin's EngineMetersTest).
 */
class EngineMetersTest {
  private final FakeProbe probe = new FakeProbe();

  private static Site site(String domain, String check) {
    return Site.builder(domain).ipVersions(true, false).frequency(Duration.ofSeconds(1)).timeout(Duration.ofMillis(300))
        .path("/", p -> p.check(check, 200)).build();
  }

  @Test
  void probeErrorsAreCountedByClassAndCheckCrashesAreNot() {
    MeterRegistry registry = new SimpleMeterRegistry();
    probe.set("http://crash.test/", new FakeProbe.Crash("the probe broke"));
    probe.set("http://hang.test/", new FakeProbe.Hang());
    try (Argos argos = Argos.builder().probe(probe).meterRegistry(registry)
        .install(new TestChecks.Status(), new TestChecks.Explode()).firstRunSpread(Duration.ZERO)
        .executor(InProcessExecutor.builder().grace(Duration.ofMillis(200)).build())
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 100).build()) {
      argos.register(site("http://crash.test", "test-status"));
      argos.register(site("http://hang.test", "test-status"));
      argos.register(site("http://explode.test", "test-explode"));
      argos.register(site("http://fine.test", "test-status"));
      argos.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> errors(registry, "probe-crash") >= 2
          && errors(registry, "timeout") >= 1 && argos.metrics().groupsRun() >= 8);

      assertThat(registry.find("argos.probe.errors").tag("class", "check-crash").counter())
          .as("a check that throws is not the probe's error").isNull();
      assertThat(registry.find("argos.probe.errors").counters()).hasSize(2);
      assertThat(registry.get("argos.results").tag("severity", "ok").counter().count()).isPositive();
      assertThat(registry.get("argos.results").tag("severity", "unknown").counter().count())
          .as("the crashes").isPositive();
      assertThat(registry.get("argos.tasks.in.flight").gauge().value()).isBetween(0.0, 4.0);
    }
    assertThat(registry.getMeters()).as("a closed engine leaves the registry").isEmpty();
  }

  private static double errors(MeterRegistry registry, String kind) {
    var c = registry.find("argos.probe.errors").tag("class", kind).counter();
    return c == null ? 0 : c.count();
  }
}
