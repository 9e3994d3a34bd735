package org.argos.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.GroupOutcome;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.TaskOutcome;
import org.argos.engine.Argos;
import org.argos.engine.EngineMetrics;

/**
 * Prometheus metrics: engine counters from {@link Argos#metrics()}, task counts by severity from the store, and what
 * the metered executor sees (checks run, results by severity, probe latency, tasks in flight).
 */
final class DaemonMetrics {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Severity, Counter> results = new EnumMap<>(Severity.class);
  private final Counter checksRun;
  private final Timer probeLatency;
  private final AtomicInteger inFlightTasks = new AtomicInteger();

  DaemonMetrics() {
    for (Severity s : Severity.values()) {
      results.put(s, Counter.builder("argos.results").description("check results recorded, by severity")
          .tag("severity", s.label()).register(registry));
    }
    checksRun = Counter.builder("argos.checks.run").description("checks evaluated").register(registry);
    probeLatency = Timer.builder("argos.probe.latency").description("duration of a request group run (probe and checks)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
    Gauge.builder("argos.tasks.in.flight", inFlightTasks, AtomicInteger::get).description("tasks being probed now")
        .register(registry);
  }

  /** Binds the engine's own counters and the store's severity counts (held strongly: gauges keep weak references). */
  void bind(Argos argos, Supplier<SeverityCounts> counts) {
    bindCounter("argos.groups.claimed", "request groups claimed", argos, EngineMetrics::groupsClaimed);
    bindCounter("argos.groups.run", "request group runs completed", argos, EngineMetrics::groupsRun);
    bindCounter("argos.results.written", "task results written to the store", argos, EngineMetrics::resultsWritten);
    bindCounter("argos.state.changes", "severity changes", argos, EngineMetrics::stateChanges);
    bindCounter("argos.alerts.decided", "alerts put in the outbox", argos, EngineMetrics::alertsDecided);
    bindCounter("argos.notifications.sent", "notifications delivered", argos, EngineMetrics::notificationsSent);
    bindCounter("argos.notifications.failed", "notification attempts that failed", argos, EngineMetrics::notificationsFailed);
    bindCounter("argos.store.errors", "failed store calls", argos, EngineMetrics::storeErrors);
    Gauge.builder("argos.groups.held", argos, a -> a.metrics().held()).description("groups claimed and not yet recorded")
        .register(registry);
    bindCounter("argos.store.write.failures", "failed attempts to write to the store (each retried)", argos,
        EngineMetrics::storeWriteFailures);
    bindCounter("argos.results.lost", "finished runs whose results will never be written", argos,
        EngineMetrics::resultsLost);
    bindCounter("argos.alerts.lost", "alerts that will never be sent (beyond the held bound, or held at stop)", argos,
        EngineMetrics::alertsLost);
    Gauge.builder("argos.store.writes.failing", argos, a -> a.storeWrites().failing() ? 1 : 0)
        .description("1 while the store refuses writes (a full disk, a database away)").register(registry);
    Gauge.builder("argos.results.held", argos, a -> a.metrics().resultsHeld())
        .description("finished runs waiting in memory to be written").register(registry);
    Gauge.builder("argos.alerts.held", argos, a -> a.metrics().alertsHeld())
        .description("alerts waiting in memory for the outbox").register(registry);
    Gauge.builder("argos.queue.lag.p50", argos, a -> seconds(a.metrics().lagP50())).baseUnit("seconds")
        .description("median start lag (start minus due time)").register(registry);
    Gauge.builder("argos.queue.lag.p99", argos, a -> seconds(a.metrics().lagP99())).baseUnit("seconds")
        .description("99th percentile start lag").register(registry);
    Gauge.builder("argos.queue.lag.max", argos, a -> seconds(a.metrics().lagMax())).baseUnit("seconds")
        .description("largest start lag since start").register(registry);
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

  private void bindCounter(String name, String description, Argos argos, java.util.function.ToLongFunction<EngineMetrics> f) {
    FunctionCounter.builder(name, argos, a -> f.applyAsLong(a.metrics())).description(description).register(registry);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  int inFlightTasks() {
    return inFlightTasks.get();
  }

  String scrape() {
    return registry.scrape();
  }

  /** Counts severity changes by the severity reached (a state-change listener). */
  void stateChange(org.argos.api.StateChange change) {
    Counter.builder("argos.severity.changes").description("task severity changes, by the severity reached")
        .tag("to", change.current().label()).register(registry).increment();
  }

  /** @return an executor that records what {@code delegate} runs */
  ProbeExecutor metered(ProbeExecutor delegate) {
    return new Metered(delegate);
  }

  private final class Metered implements ProbeExecutor {
    private final ProbeExecutor delegate;

    Metered(ProbeExecutor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void start(ExecutorContext context) {
      delegate.start(context);
    }

    @Override
    public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
      int n = group.tasks().size();
      inFlightTasks.addAndGet(n);
      return delegate.execute(group).whenComplete((outcome, error) -> {
        inFlightTasks.addAndGet(-n);
        if (outcome != null) {
          probeLatency.record(Duration.between(outcome.startedAt(), outcome.finishedAt()));
          for (TaskOutcome o : outcome.outcomes()) {
            checksRun.increment();
            results.get(o.result().severity()).increment();
          }
        }
      });
    }

    @Override
    public int capacity() {
      return delegate.capacity();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
