package org.argos.testkit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.CheckResult;
import org.argos.api.executor.GroupRunner;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;

/**
 * The runner {@link ExecutorCompatibilityKit} hands an executor: what it does with a group depends on the group's
 * domain ({@code https://ok-1.kit.test} answers, {@code wait-} waits for the kit, {@code stuck-} never ends until
 * interrupted, {@code throw-} and {@code error-} throw, {@code selfinterrupt-} throws InterruptedException), so that
 * it behaves the same on a remote agent that got the group over the wire. It records every run.
 */
final class ScriptedRunner implements GroupRunner {
  private final Clock clock = Clock.systemUTC();
  final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
  final Map<Long, GroupOutcome> answered = new ConcurrentHashMap<>();
  final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  /** Released once per waiting run as it starts. */
  final Semaphore waiting = new Semaphore(0);
  /** Opened by the kit to let waiting runs finish. */
  final CountDownLatch release = new CountDownLatch(1);
  /** How many stuck runs were interrupted. */
  final AtomicInteger interrupted = new AtomicInteger();

  @Override
  public GroupOutcome run(ClaimedGroup group) throws InterruptedException {
    Instant started = clock.instant();
    runs.computeIfAbsent(group.groupId(), id -> new AtomicInteger()).incrementAndGet();
    threads.add(Thread.currentThread());
    String kind = kind(group);
    switch (kind) {
      case "wait" -> {
        waiting.release();
        release.await();
      }
      case "stuck" -> {
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          interrupted.incrementAndGet();
          throw e;
        }
      }
      case "throw" -> throw new IllegalStateException("the kit's runner fails on " + group.domain());
      case "error" -> throw new StackOverflowError("the kit's runner overflows on " + group.domain());
      case "selfinterrupt" -> throw new InterruptedException("the kit's runner gives up on " + group.domain());
      default -> {
        // ok: answers at once
      }
    }
    List<TaskOutcome> outcomes = new ArrayList<>();
    for (TaskRef t : group.tasks()) {
      outcomes.add(new TaskOutcome(t.taskId(), CheckResult.success("kit ran group " + group.groupId())
          .with("group", group.groupId())));
    }
    GroupOutcome outcome = new GroupOutcome(group.groupId(), started, clock.instant(), outcomes);
    answered.put(group.groupId(), outcome);
    return outcome;
  }

  @Override
  public GroupOutcome abandoned(ClaimedGroup group, Instant startedAt, CheckResult result) {
    List<TaskOutcome> outcomes = group.tasks().stream().map(t -> new TaskOutcome(t.taskId(), result)).toList();
    return new GroupOutcome(group.groupId(), startedAt, clock.instant(), outcomes);
  }

  /** @return how often the group was run */
  int runsOf(ClaimedGroup group) {
    AtomicInteger n = runs.get(group.groupId());
    return n == null ? 0 : n.get();
  }

  static String kind(ClaimedGroup group) {
    String host = group.domain().substring(group.domain().indexOf("://") + 3);
    return host.substring(0, host.indexOf('-'));
  }
}
