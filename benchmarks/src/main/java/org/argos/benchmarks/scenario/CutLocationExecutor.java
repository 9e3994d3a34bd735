package org.argos.benchmarks.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.argos.api.CheckResult;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.executor.LocationUnavailable;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.engine.InProcessExecutor;
import org.jspecify.annotations.Nullable;

/**
 * Several locations in one process: one {@link InProcessExecutor} per location (each runs real probes for its
 * location's runs), and a location that can be cut, whose runs then fail at once as a location without a network
 * does (every task "connect: network is unreachable"), canaries included. The in-process executor serves a single
 * location, so the scenario needs this wrapper to have three.
 */
final class CutLocationExecutor implements ProbeExecutor {
  private final Map<String, InProcessExecutor> byLocation = new LinkedHashMap<>();
  private volatile @Nullable String cut;
  private volatile @Nullable ExecutorContext context;

  CutLocationExecutor(List<String> locations, int concurrency, int perHost) {
    for (String l : locations) {
      byLocation.put(l, InProcessExecutor.builder().location(l).maxConcurrency(concurrency).perHost(perHost).build());
    }
  }

  /** @param location the location to cut off from the network, or null to restore every location */
  void cut(@Nullable String location) {
    this.cut = location;
  }

  @Override
  public void start(ExecutorContext context) {
    this.context = context;
    byLocation.values().forEach(e -> e.start(context));
  }

  @Override
  public CompletionStage<GroupOutcome> execute(ClaimedGroup group) {
    ExecutorContext c = context;
    if (c == null) {
      throw new IllegalStateException("executor not started");
    }
    if (group.location().equals(cut)) {
      return CompletableFuture.completedFuture(c.runner().abandoned(group, c.clock().instant(),
          CheckResult.failure("connect: network is unreachable (location " + cut + " cut by the scenario)")));
    }
    InProcessExecutor e = byLocation.get(group.location());
    if (e == null) {
      return CompletableFuture.failedFuture(new LocationUnavailable(group.location(), "not in the scenario"));
    }
    return e.execute(group);
  }

  @Override
  public int capacity() {
    return byLocation.values().stream().mapToInt(InProcessExecutor::capacity).sum();
  }

  @Override
  public void close() {
    byLocation.values().forEach(InProcessExecutor::close);
  }
}
