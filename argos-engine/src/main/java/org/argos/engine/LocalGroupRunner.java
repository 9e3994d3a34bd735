package org.argos.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.executor.GroupRunner;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a group in this process: one probe (the one serving the request's scheme), then every check on the same
 * response. A transport error is a failure for
 * each check (unless the check judges transport errors itself); a probe or check that throws gives {@code unknown}
 * for the tasks concerned and never escapes. Used by the in-process executor and by remote agents alike.
 */
public final class LocalGroupRunner implements GroupRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LocalGroupRunner.class);

  private final Probes probes;
  private final CheckRegistry checks;
  private final Clock clock;

  /**
   * @param probe does the I/O for {@code http} and {@code https}; groups of other schemes get an error result
   * @param checks resolves check specs
   * @param clock the engine's clock
   */
  public LocalGroupRunner(Probe probe, CheckRegistry checks, Clock clock) {
    this(Probes.http(probe), checks, clock);
  }

  /**
   * @param probes do the I/O, by scheme; a group whose scheme none serves gets an error result
   * @param checks resolves check specs
   * @param clock the engine's clock
   */
  public LocalGroupRunner(Probes probes, CheckRegistry checks, Clock clock) {
    this.probes = probes;
    this.checks = checks;
    this.clock = clock;
  }

  /** @return the schemes this runner has a probe for, sorted (what an agent running it says it probes) */
  public java.util.Set<String> schemes() {
    return probes.schemes();
  }

  @Override
  public GroupOutcome run(ClaimedGroup group) throws InterruptedException {
    Instant started = clock.instant();
    ProbeResponse response;
    String scheme = group.request().scheme();
    Probe probe = probes.probe(scheme);
    if (probe == null) {
      return abandoned(group, started, CheckResult.error("no probe serves the scheme '" + scheme + "' here (schemes "
          + "served: " + String.join(", ", probes.schemes()) + ")")
          .with("error", Map.of("kind", "no-probe", "class", "", "message", "no probe for " + scheme)));
    }
    try {
      response = probe.execute(group.request());
    } catch (InterruptedException e) {
      throw e;
    } catch (Throwable e) {
      LOG.warn("probe {} threw for {}", probe.getClass().getName(), group.request().url(), e);
      return abandoned(group, started, CheckResult.error("the probe failed: " + describe(e))
          .with("error", errorContext("probe-crash", e)));
    }
    CheckContext context = new CheckContext(clock.instant());
    List<TaskOutcome> outcomes = new ArrayList<>(group.tasks().size());
    for (TaskRef task : group.tasks()) {
      outcomes.add(new TaskOutcome(task.taskId(), evaluate(task, response, context)));
    }
    return new GroupOutcome(group.groupId(), started, clock.instant(), outcomes, response.peer());
  }

  private CheckResult evaluate(TaskRef task, ProbeResponse response, CheckContext context) {
    CheckResult result;
    try {
      Check check = checks.check(task.check());
      if (response.error() != null && !check.evaluatesTransportErrors()) {
        ProbeResponse.TransportError err = response.error();
        result = CheckResult.failure(err.kind() + ": " + err.message())
            .with("error", Map.of("kind", err.kind(), "class", err.exceptionClass(), "message", err.message()));
      } else {
        result = check.evaluate(response, context);
        if (result == null) {
          result = CheckResult.error("check " + task.check().type() + " returned no result");
        }
      }
    } catch (Throwable e) {
      LOG.debug("check {} threw on {}", task.check(), response.request().url(), e);
      result = CheckResult.error("check " + task.check().type() + " failed: " + describe(e))
          .with("error", errorContext("check-crash", e));
    }
    // One copy per result (this runs for every check): probe facts first, the check's own context wins on a clash.
    Map<String, @Nullable Object> merged = new LinkedHashMap<>();
    merged.put("url", response.request().url());
    if (response.status() > 0) {
      merged.put("status", response.status());
    }
    merged.putAll(result.context());
    return new CheckResult(result.status(), result.severity(), result.message(), merged, response.timings());
  }

  @Override
  public GroupOutcome abandoned(ClaimedGroup group, Instant startedAt, CheckResult result) {
    Instant now = clock.instant();
    CheckResult r = result.timings() != null ? result : result.withTimings(ProbeTimings.ofTotal(Duration.between(startedAt, now)));
    List<TaskOutcome> outcomes = group.tasks().stream().map(t -> new TaskOutcome(t.taskId(), r)).toList();
    return new GroupOutcome(group.groupId(), startedAt, now, outcomes);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static Map<String, Object> errorContext(String kind, Throwable e) {
    return Map.of("kind", kind, "class", e.getClass().getName(), "message", String.valueOf(e.getMessage()));
  }
}
