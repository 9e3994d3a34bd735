package org.argos.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.engine.Argos;

/**
 * Prometheus metrics: the engine's own meters (it registers them in {@link #registry}, given to
 * {@link Argos.Builder#meterRegistry}), the clock skew, and task counts by severity from the store.
 */
final class DaemonMetrics {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Binds the clock skew and the store's severity counts (held strongly: gauges keep weak references). */
  void bind(Argos argos, Supplier<SeverityCounts> counts) {
    Gauge.builder("argos.clock.skew", argos, a -> a.clockSkew().map(DaemonMetrics::seconds).orElse(0.0))
        .baseUnit("seconds").description("this node's clock minus the database's, at the last heartbeat")
        .register(registry);
    for (Severity s : Severity.values()) {
      Gauge.builder("argos.tasks", counts, c -> c.get().of(s)).tag("severity", s.label())
          .description("tasks whose last result has this severity").strongReference(true).register(registry);
    }
    Gauge.builder("argos.tasks", counts, c -> c.get().pending()).tag("severity", "pending")
        .description("tasks whose last result has this severity").strongReference(true).register(registry);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** @return tasks handed to the executor and not finished (the engine's gauge) */
  int inFlightTasks() {
    Gauge g = registry.find("argos.tasks.in.flight").gauge();
    return g == null ? 0 : (int) g.value();
  }

  String scrape() {
    return registry.scrape();
  }

  /** Counts severity changes by the severity reached (a state-change listener). */
  void stateChange(org.argos.api.StateChange change) {
    Counter.builder("argos.severity.changes").description("task severity changes, by the severity reached")
        .tag("to", change.current().label()).register(registry).increment();
  }
}
