package org.argos.benchmarks.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.argos.api.CheckResult;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.argos.engine.AlertRules;
import org.argos.engine.CheckRegistry;
import org.argos.engine.InMemoryStore;
import org.argos.engine.internal.SitePlanner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler's store path on an {@link InMemoryStore} holding 100,000 request groups (3 tasks each): claim the
 * 1,000 earliest groups, then record a result for each. Completing pushes a group one frequency ahead, so the store
 * cycles through all its groups and every claim finds 1,000 due ones. One operation = 1,000 group runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ClaimPathBenchmark {
  private static final int GROUPS = 100_000;
  private static final int BATCH = 1000;

  private InMemoryStore store;
  private final AlertRules rules = new AlertRules();
  private final CheckResult ok = CheckResult.success().withTimings(ProbeTimings.ofTotal(Duration.ofMillis(2)));
  private Instant clock;

  /** Registers the fleet, every group due at once. */
  @Setup(Level.Trial)
  public void setUp() {
    store = new InMemoryStore(1, 10);
    CheckRegistry registry = CheckRegistry.of(List.of(), true, ClaimPathBenchmark.class.getClassLoader());
    SitePlanner planner = new SitePlanner(registry, Duration.ZERO);
    clock = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < GROUPS; i++) {
      Site site = Site.builder("http://site" + i + ".bench").frequency(Duration.ofMinutes(5)).ipVersions(true, false)
          .path("/", p -> p.check("status-in", List.of(200)).check("body-contains", "argos")
              .check("headers-contain", List.of("content-type")))
          .build();
      store.register(planner.plan(site, clock), clock);
    }
  }

  /** Closes the store. */
  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
  }

  /** @return the completion report of 1,000 claimed and completed groups */
  @Benchmark
  public CompletionReport claimAndComplete1000() {
    clock = clock.plusMillis(10);
    Instant far = clock.plus(Duration.ofDays(365));
    List<ClaimedGroup> claimed = store.claimDue("bench", clock, far, BATCH, far.plus(Duration.ofMinutes(2)));
    List<CompletedRun> runs = new ArrayList<>(claimed.size());
    for (ClaimedGroup g : claimed) {
      List<TaskOutcome> outcomes = new ArrayList<>(g.tasks().size());
      for (TaskRef t : g.tasks()) {
        outcomes.add(new TaskOutcome(t.taskId(), ok));
      }
      runs.add(new CompletedRun("bench", g, new GroupOutcome(g.groupId(), clock, clock, outcomes)));
    }
    return store.complete(runs, rules);
  }
}
