package org.argos.engine.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.argos.api.CheckResult;
import org.argos.api.Quorum;
import org.argos.api.Severity;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.GroupRunner;
import org.argos.api.executor.LocationUnavailable;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.LocationResult;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Runs a group checked from several locations ({@link Quorum}) once per location, all at its due time, through the
 * engine's executor, and combines the runs into one outcome: each task's k-of-n verdict, with every reporting
 * location's result beside it ({@link GroupOutcome#locations()}). A location the executor could not run in
 * ({@link LocationUnavailable}) leaves the verdict. Groups checked from the default location alone go to the executor
 * as they are, so a config without locations runs exactly as before.
 */
public final class LocatedRuns implements ProbeExecutor {
  private final ProbeExecutor executor;
  private final VantagePoints vantage;
  private volatile @Nullable GroupRunner runner;
  private volatile java.time.Clock clock = java.time.Clock.systemUTC();

  /** @param executor where each location's run goes */
  public LocatedRuns(ProbeExecutor executor) {
    this(executor, new VantagePoints(Set.of(), (l, d) -> {}));
  }

  /**
   * @param executor where each location's run goes
   * @param vantage the canaries' verdict on each location: a location down is left out of the verdicts
   */
  public LocatedRuns(ProbeExecutor executor, VantagePoints vantage) {
    this.executor = executor;
    this.vantage = vantage;
  }

  @Override
  public void start(ExecutorContext context) {
    this.runner = context.runner();
    this.clock = context.clock();
    executor.start(context);
  }

  @Override
  public int capacity() {
    return executor.capacity();
  }

  @Override
  public void close() {
    executor.close();
  }

  /** @return the executor each location's run goes to */
  public ProbeExecutor executor() {
    return executor;
  }

  @Override
  public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
    Quorum quorum = group.policy().quorum();
    if (quorum.isDefault()) {
      return executor.execute(group);
    }
    Map<String, CompletableFuture<@Nullable GroupOutcome>> runs = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (String location : quorum.locations()) {
      ClaimedGroup here = group.in(location);
      CompletableFuture<@Nullable GroupOutcome> run;
      try {
        run = executor.execute(here).toCompletableFuture();
      } catch (RuntimeException e) {
        run = CompletableFuture.failedFuture(e);
      }
      runs.put(location, run.handle((o, e) -> e == null ? o : failed(here, now, e)));
    }
    return CompletableFuture.allOf(runs.values().toArray(CompletableFuture[]::new))
        .thenApply(x -> {
          Map<String, GroupOutcome> reported = new LinkedHashMap<>();
          runs.forEach((location, run) -> {
            GroupOutcome o = run.join();
            if (o != null) {
              reported.put(location, o);
            }
          });
          return combine(group, reported, now, vantage);
        });
  }

  /** A run that failed counts as its location's (unknown) result; one nothing could run leaves the verdict (null). */
  private @Nullable GroupOutcome failed(ClaimedGroup group, Instant at, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof LocationUnavailable) {
      return null;
    }
    return runner().abandoned(group, at, CheckResult.error("executor failed: " + cause));
  }

  private GroupRunner runner() {
    GroupRunner r = runner;
    if (r == null) {
      throw new IllegalStateException("executor not started");
    }
    return r;
  }

  /**
   * The verdict of each task over the locations that reported.
   *
   * @param group the group
   * @param reported each reporting location's outcome, in the group's location order
   * @param at when the runs began, for a group no location reported
   * @return one outcome: per task, the result of the location whose severity is the verdict, and every location's
   */
  static GroupOutcome combine(ClaimedGroup group, Map<String, GroupOutcome> reported, Instant at,
      VantagePoints vantage) {
    Quorum quorum = group.policy().quorum();
    boolean canary = vantage.isCanary(group.domain());
    if (canary) {
      reported.forEach((location, o) -> vantage.canary(location, group.groupId(), o.outcomes().stream()
          .map(t -> t.result().severity()).max(Comparator.naturalOrder()).orElse(Severity.OK)));
    }
    Set<String> down = canary ? Set.of() : vantage.down();
    Instant started = reported.values().stream().map(GroupOutcome::startedAt).min(Comparator.naturalOrder()).orElse(at);
    Instant finished = reported.values().stream().map(GroupOutcome::finishedAt).max(Comparator.naturalOrder())
        .orElse(at);
    PlaceVerdicts.Fold fold = PlaceVerdicts.quorum(quorum);
    List<TaskOutcome> verdicts = new ArrayList<>(group.tasks().size());
    List<LocationResult> locations = new ArrayList<>();
    for (var task : group.tasks()) {
      List<Map.Entry<String, TaskOutcome>> results = new ArrayList<>();
      reported.forEach((location, o) -> o.outcomes().stream().filter(t -> t.taskId() == task.taskId()).findFirst()
          .ifPresent(t -> {
            if (down.contains(location)) { // kept for the task page, left out of the verdict
              CheckResult c = t.result();
              locations.add(new LocationResult(task.taskId(), location, c.severity(), "vantage point down: "
                  + c.message(), o.finishedAt()));
            } else {
              results.add(Map.entry(location, t));
            }
          }));
      if (results.isEmpty()) {
        verdicts.add(new TaskOutcome(task.taskId(), CheckResult.error("no location reported (" + String.join(", ",
            quorum.locations()) + ")").with("locations", Map.of())));
        continue;
      }
      for (var r : results) {
        CheckResult c = r.getValue().result();
        locations.add(new LocationResult(task.taskId(), r.getKey(), c.severity(), c.message(),
            reported.get(r.getKey()).finishedAt()));
      }
      // the result recorded for the task is that of the first location (in the site's order) whose severity is the
      // verdict: its message and details explain the verdict
      verdicts.add(PlaceVerdicts.verdict(task.taskId(), results, "locations", fold));
    }
    // what the group connected to: the first location (in the site's order) in the verdict that says so, so that
    // alerts and the web UI group tasks checked from several locations by address too
    org.argos.api.ProbePeer peer = reported.entrySet().stream().filter(e -> !down.contains(e.getKey()))
        .map(e -> e.getValue().peer()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    return new GroupOutcome(group.groupId(), started, finished, verdicts, locations, peer);
  }
}
