package org.argos.engine.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.Severity;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.argos.engine.EngineMetrics;
import org.argos.engine.StoreWrites;
import org.jspecify.annotations.Nullable;

/**
 * The engine's meters, registered in the host's {@link MeterRegistry} (or a private one): what the scheduler, the
 * result writer and alert delivery count, and the start lag. {@link #snapshot} reads them back for
 * {@code Argos.metrics()}. Every meter is made once here, so the per-run path only increments and records.
 */
public final class EngineMeters {
  private static final double[] PERCENTILES = {0.5, 0.9, 0.99};

  private final MeterRegistry registry;
  private final List<Meter> registered = new ArrayList<>();
  private final Counter claimed;
  private final Counter run;
  private final Counter checksRun;
  private final Counter results;
  private final Counter changes;
  private final Counter alerts;
  private final Counter sent;
  private final Counter failed;
  private final Counter silenced;
  private final Counter heldByCause;
  private final Counter storeErrors;
  private final Counter[] bySeverity = new Counter[Severity.values().length];
  private final Map<String, Counter> probeErrors = new ConcurrentHashMap<>();
  private final Timer startLag;
  private final Timer probeLatency;
  /** Groups claimed and not yet recorded (waiting, running or being written). */
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong tasksInFlight = new AtomicLong();

  /** Meters in a private registry: the engine's own readings ({@link #snapshot}) without a host registry. */
  public EngineMeters() {
    this(new SimpleMeterRegistry());
  }

  /** @param registry where the meters are registered */
  public EngineMeters(MeterRegistry registry) {
    this.registry = registry;
    claimed = counter("argos.groups.claimed", "request groups claimed");
    run = counter("argos.groups.run", "request group runs completed");
    checksRun = counter("argos.checks.run", "checks evaluated");
    results = counter("argos.results.written", "task results written to the store");
    changes = counter("argos.state.changes", "severity changes");
    alerts = counter("argos.alerts.decided", "alerts put in the outbox");
    sent = counter("argos.notifications.sent", "notifications delivered");
    failed = counter("argos.notifications.failed", "notification attempts that failed");
    silenced = counter("argos.alerts.silenced", "alerts not sent because a silence covered them");
    heldByCause = counter("argos.alerts.held.by.cause",
        "alerts held back for a follow-up because their channel was just told their cause");
    storeErrors = counter("argos.store.errors", "failed store calls (each retried)");
    for (Severity s : Severity.values()) {
      bySeverity[s.ordinal()] = keep(Counter.builder("argos.results").description("check results, by severity")
          .tag("severity", s.label()).register(registry));
    }
    startLag = keep(Timer.builder("argos.start.lag").description("start lag: when a group run was handed to the "
            + "executor minus its due time")
        .publishPercentiles(PERCENTILES).percentilePrecision(2).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry));
    probeLatency = keep(Timer.builder("argos.probe.latency")
        .description("duration of a request group run (probe and checks)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(2)).register(registry));
    keep(Gauge.builder("argos.groups.held", held, AtomicLong::get)
        .description("groups claimed and not yet recorded").register(registry));
    keep(Gauge.builder("argos.tasks.in.flight", tasksInFlight, AtomicLong::get)
        .description("tasks handed to the executor and not finished").register(registry));
  }

  /**
   * Registers the store-write meters, read from {@code writes} when scraped.
   *
   * @param writes the engine's write health
   */
  public void bind(WriteHealth writes) {
    keep(FunctionCounter.builder("argos.store.write.failures", writes, WriteHealth::failures)
        .description("failed attempts to write to the store (each retried)").register(registry));
    keep(FunctionCounter.builder("argos.results.lost", writes, WriteHealth::resultsLost)
        .description("finished runs whose results will never be written").register(registry));
    keep(FunctionCounter.builder("argos.alerts.lost", writes, WriteHealth::alertsLost)
        .description("alerts that will never be sent (beyond the held bound, or held at stop)").register(registry));
    keep(Gauge.builder("argos.store.writes.failing", writes, w -> w.snapshot().failing() ? 1 : 0)
        .description("1 while the store refuses writes (a full disk, a database away)").register(registry));
    keep(Gauge.builder("argos.results.held", writes, w -> w.snapshot().resultsHeld())
        .description("finished runs waiting in memory to be written").register(registry));
    keep(Gauge.builder("argos.alerts.held", writes, w -> w.snapshot().alertsHeld())
        .description("alerts waiting in memory for the outbox").register(registry));
  }

  private Counter counter(String name, String description) {
    return keep(Counter.builder(name).description(description).register(registry));
  }

  private <M extends Meter> M keep(M meter) {
    registered.add(meter);
    return meter;
  }

  /** Takes this engine's meters out of the registry (it is closed); {@link #snapshot} still reads them. */
  public void unregister() {
    for (Meter m : registered) {
      registry.remove(m);
    }
  }

  /** @param n groups claimed now, held until recorded or given back */
  public void claimed(int n) {
    claimed.increment(n);
    held.addAndGet(n);
  }

  /** @param n groups recorded or given back */
  public void released(int n) {
    held.addAndGet(-n);
  }

  /** @return groups claimed and not yet recorded or given back */
  public long held() {
    return held.get();
  }

  /**
   * @param lagNanos how late a group was handed to the executor (negative when early, counted as 0)
   * @param tasks its tasks, in flight from now
   */
  public void dispatched(long lagNanos, int tasks) {
    startLag.record(Math.max(0, lagNanos), TimeUnit.NANOSECONDS);
    tasksInFlight.addAndGet(tasks);
  }

  /** @param tasks the tasks of a group the executor refused (dispatched, never run) */
  public void refused(int tasks) {
    tasksInFlight.addAndGet(-tasks);
  }

  /** @return {@code to} minus {@code from} in nanoseconds, without a {@link Duration} on the per-run path */
  public static long nanosBetween(Instant from, Instant to) {
    return (to.getEpochSecond() - from.getEpochSecond()) * 1_000_000_000L + (to.getNano() - from.getNano());
  }

  /**
   * @param tasks the number of tasks of the group when it was dispatched
   * @param outcome what the executor gave back (or the engine made for a run it could not do)
   */
  public void ran(int tasks, GroupOutcome outcome) {
    tasksInFlight.addAndGet(-tasks);
    run.increment();
    probeLatency.record(Math.max(0, nanosBetween(outcome.startedAt(), outcome.finishedAt())), TimeUnit.NANOSECONDS);
    List<TaskOutcome> outcomes = outcome.outcomes();
    for (int i = 0; i < outcomes.size(); i++) {
      bySeverity[outcomes.get(i).result().severity().ordinal()].increment();
    }
    checksRun.increment(outcomes.size());
    if (!outcomes.isEmpty()) {
      probeError(outcomes.get(0).result().context().get("error"));
    }
  }

  /**
   * Counts a probe error by its class. A run's tasks share its probe, so the first task's result tells: its
   * {@code error} context is the transport error's kind ({@code dns}, {@code connect}, {@code tls}, {@code timeout}...),
   * as a map from the engine's runner and executor, or as the kind itself from a check that judges transport errors.
   * A check that crashed is not a probe error.
   */
  private void probeError(@Nullable Object error) {
    String kind;
    if (error == null) {
      return;
    } else if (error instanceof Map<?, ?> m && m.get("kind") instanceof String k) {
      kind = k;
    } else if (error instanceof String k) {
      kind = k;
    } else {
      kind = "other";
    }
    if (kind.equals("check-crash")) {
      return;
    }
    probeErrors.computeIfAbsent(kind, k -> keep(Counter.builder("argos.probe.errors")
        .description("probe runs that ended in an error, by class").tag("class", k).register(registry))).increment();
  }

  /** @param results results written @param changes state changes @param alerts alerts put in the outbox */
  public void recorded(int results, int changes, int alerts) {
    this.results.increment(results);
    this.changes.increment(changes);
    this.alerts.increment(alerts);
  }

  public void storeError() {
    storeErrors.increment();
  }

  public void notificationSent() {
    sent.increment();
  }

  public void notificationFailed() {
    failed.increment();
  }

  public void alertSilenced() {
    silenced.increment();
  }

  /** @param count alerts held back for a follow-up, their cause just told */
  public void alertsHeldByCause(int count) {
    heldByCause.increment(count);
  }

  /** @param kind a probe error's class @return how many were counted */
  public long probeErrors(String kind) {
    Counter c = probeErrors.get(kind);
    return c == null ? 0 : (long) c.count();
  }

  /** @param writes the store's write health now @return a snapshot */
  public EngineMetrics snapshot(StoreWrites writes) {
    HistogramSnapshot lag = startLag.takeSnapshot();
    return new EngineMetrics(count(claimed), count(run), count(results), count(changes), count(alerts), count(sent),
        count(failed), held.get(), percentile(lag, 0.5), percentile(lag, 0.99),
        Duration.ofNanos((long) lag.max(TimeUnit.NANOSECONDS)), count(storeErrors), count(silenced),
        writes.failures(), writes.resultsHeld(), writes.alertsHeld(), writes.resultsLost(), writes.alertsLost());
  }

  private static long count(Counter c) {
    return (long) c.count();
  }

  private static Duration percentile(HistogramSnapshot s, double p) {
    for (ValueAtPercentile v : s.percentileValues()) {
      if (v.percentile() == p) {
        return Duration.ofNanos((long) v.value(TimeUnit.NANOSECONDS));
      }
    }
    return Duration.ZERO;
  }
}
