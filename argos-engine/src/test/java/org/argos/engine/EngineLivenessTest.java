package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.argos.api.AlertRouting;
import org.argos.api.ArgosException;
import org.argos.api.CheckResult;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An Error in the scheduler, the result writer or alert delivery (out of memory, a plugin's bug) never leaves a
 * silently half-dead engine: the loop goes on and {@link Argos#health()} reports it, or the engine marks itself dead.
 */
class EngineLivenessTest {
  private final FakeProbe probe = new FakeProbe();
  private final List<Argos> engines = new ArrayList<>();
  private final InMemoryStore memory = new InMemoryStore();
  private final FaultyStore faults = new FaultyStore();
  private final Store store = faults.wrap(memory);

  @AfterEach
  void closeEngines() {
    faults.clear();
    engines.forEach(Argos::close);
    memory.close();
  }

  /**
   * A store that runs the in-memory one, except where the test tells a method to throw or to block. Built with a
   * proxy, so that the faults sit exactly where a database store would fail (inside the engine's store calls).
   */
  static final class FaultyStore {
    final Map<String, Function<Integer, @Nullable Throwable>> faults = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> blocks = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

    /** @param fault given the 1-based call number, what to throw (null: call the real store) */
    void fail(String method, Function<Integer, @Nullable Throwable> fault) {
      faults.put(method, fault);
    }

    /** Calls of the method block from now until {@link #clear()}. @return a latch counted down when one enters */
    CountDownLatch block(String method) {
      CountDownLatch in = new CountDownLatch(1);
      entered.put(method, in);
      blocks.put(method, new CountDownLatch(1));
      return in;
    }

    void clear() {
      faults.clear();
      blocks.values().forEach(CountDownLatch::countDown);
      blocks.clear();
    }

    int calls(String method) {
      AtomicInteger n = calls.get(method);
      return n == null ? 0 : n.get();
    }

    Store wrap(Store real) {
      InvocationHandler h = (proxy, m, args) -> {
        int n = calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
        CountDownLatch block = blocks.get(m.getName());
        if (block != null) {
          entered.get(m.getName()).countDown();
          block.await();
        }
        Function<Integer, @Nullable Throwable> fault = faults.get(m.getName());
        Throwable t = fault == null ? null : fault.apply(n);
        if (t != null) {
          throw t;
        }
        try {
          return m.invoke(real, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      };
      return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, h);
    }
  }

  /** A clock that runs with the system's and that the test moves forward. */
  static final class JumpingClock extends Clock {
    final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    void jump(Duration d) {
      offset.updateAndGet(o -> o.plus(d));
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }
  }

  private Argos.Builder builder() {
    return Argos.builder()
        .store(store)
        .probe(probe)
        .install(new TestChecks.Status(), new ThrowingCheck())
        .firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500)
        .grouping(Duration.ZERO, 20);
  }

  private Argos start(Argos.Builder b) {
    Argos a = b.build();
    engines.add(a);
    a.start();
    return a;
  }

  private static Site site(String domain, Duration frequency, String check, Object parameter) {
    return Site.builder(domain).ipVersions(true, false).frequency(frequency).timeout(Duration.ofMillis(500))
        .path("/", p -> p.check(check, parameter)).build();
  }

  private static Site site(String domain) {
    return site(domain, Duration.ofSeconds(1), "test-status", 200);
  }

  /** {@code test-error: kind}: throws an Error of that kind, as a broken plugin might. */
  static final class ThrowingCheck implements CheckProvider {
    @Override
    public String name() {
      return "test-error";
    }

    @Override
    public Check create(@Nullable Object parameter) {
      return (response, context) -> {
        throw switch (String.valueOf(parameter)) {
          case "oom" -> new OutOfMemoryError("injected by the check");
          case "stack" -> new StackOverflowError();
          default -> new NoClassDefFoundError("com/example/Missing");
        };
      };
    }
  }

  // ------------------------------------------------------------------------------------------------ the writer

  @Test
  void anOutOfMemoryWhileRecordingIsRetriedAndNothingIsLost() {
    faults.fail("complete", n -> n <= 2 ? new OutOfMemoryError("injected while recording") : null);
    Argos argos = start(builder());
    argos.register(site("http://a.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().ok() == 1);
    EngineHealth h = argos.health();
    assertThat(h.errors()).isGreaterThanOrEqualTo(2);
    assertThat(h.lastErrorType()).isEqualTo(OutOfMemoryError.class.getName());
    assertThat(h.lastError()).contains("result writer", "injected while recording");
    assertThat(h.alive()).isTrue();
    assertThat(h.live()).as(h.problem()).isTrue();
    // the writer goes on recording afterwards
    long before = argos.metrics().resultsWritten();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().resultsWritten() > before + 2);
  }

  @Test
  void anErrorFromAStateChangeListenerDoesNotStopTheWriter() {
    AtomicInteger told = new AtomicInteger();
    Argos argos = start(builder().listener(change -> {
      told.incrementAndGet();
      throw new StackOverflowError("injected by a listener");
    }));
    argos.register(site("http://b.test"));
    argos.register(site("http://c.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> told.get() >= 2);
    probe.set("http://b.test/", new FakeProbe.Status(503));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().critical() == 1);
    assertThat(told.get()).isGreaterThanOrEqualTo(3);
    assertThat(argos.health().errors()).isGreaterThanOrEqualTo(3);
    assertThat(argos.health().live()).isTrue();
  }

  @Test
  void repeatedOutOfMemoryMarksTheEngineDeadAndTellsTheHost() {
    faults.fail("complete", n -> new OutOfMemoryError("injected, every time"));
    List<String> deaths = new CopyOnWriteArrayList<>();
    Argos argos = start(builder());
    argos.onDeath(deaths::add);
    argos.register(site("http://dead.test"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !deaths.isEmpty());
    EngineHealth h = argos.health();
    assertThat(h.alive()).isFalse();
    assertThat(h.live()).isFalse();
    assertThat(h.problem()).startsWith("the engine is dead").contains("result writer", "OutOfMemoryError");
    assertThat(deaths).hasSize(1);
    assertThat(deaths.get(0)).contains("result writer",
        org.argos.engine.internal.Liveness.VM_ERRORS_IN_A_ROW + " times in a row", "OutOfMemoryError");
    List<String> late = new CopyOnWriteArrayList<>();
    argos.onDeath(late::add);
    assertThat(late).as("a handler added after the death is told at once").hasSize(1);
  }

  // --------------------------------------------------------------------------------------------- the scheduler

  @Test
  void anErrorWhileClaimingLeavesTheSchedulerRunning() {
    faults.fail("claimDue", n -> n <= 2 ? new StackOverflowError("injected while claiming") : null);
    Argos argos = start(builder());
    argos.register(site("http://d.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().ok() == 1);
    assertThat(faults.calls("claimDue")).isGreaterThan(2);
    assertThat(argos.health().errors()).isGreaterThanOrEqualTo(2);
    assertThat(argos.health().lastError()).contains("scheduler", "StackOverflowError");
  }

  @Test
  void checksThatThrowErrorsGiveUnknownAndTheEngineGoesOn() {
    Argos argos = start(builder());
    for (String kind : List.of("oom", "stack", "linkage")) {
      argos.register(site("http://" + kind + ".test", Duration.ofSeconds(1), "test-error", kind));
    }
    argos.register(site("http://fine.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().unknown() == 3
        && argos.status().counts().ok() == 1);
    TaskStatus task = argos.store().tasks("http://oom.test").get(0);
    CheckResult r = argos.store().results(task.taskId(), 1).get(0).result();
    assertThat(r.status()).isEqualTo(ResultStatus.ERROR);
    assertThat(r.message()).contains("OutOfMemoryError", "injected by the check");
    long runs = argos.metrics().groupsRun();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.metrics().groupsRun() > runs + 4);
    assertThat(argos.health().live()).isTrue();
  }

  @Test
  void aStuckSchedulerMakesTheEngineNotLive() throws Exception {
    JumpingClock clock = new JumpingClock();
    Argos argos = start(builder().clock(clock).stallAfter(Duration.ofSeconds(30)));
    argos.register(site("http://e.test"));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.status().counts().ok() == 1);
    assertThat(argos.health().live()).as(argos.health().problem()).isTrue();

    CountDownLatch inside = faults.block("claimDue"); // a database lock that never ends
    inside.await();
    assertThat(argos.health().live()).as("within the bound").isTrue();
    clock.jump(Duration.ofSeconds(45));
    EngineHealth stuck = argos.health();
    assertThat(stuck.live()).isFalse();
    assertThat(stuck.alive()).as("stuck, not dead: it may come back").isTrue();
    assertThat(stuck.problem()).startsWith("the scheduler has not gone round for 4").contains("bound 30 s");
    assertThat(stuck.lastSchedulerTick()).isBefore(clock.instant().minusSeconds(44));

    faults.clear();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.health().live());
    assertThat(argos.health().lastSchedulerTick()).isAfter(clock.instant().minusSeconds(5));
  }

  @Test
  void aStuckWriterMakesTheEngineNotLive() throws Exception {
    JumpingClock clock = new JumpingClock();
    Argos argos = start(builder().clock(clock).stallAfter(Duration.ofSeconds(30)));
    CountDownLatch inside = faults.block("complete");
    argos.register(site("http://f.test"));
    argos.register(site("http://g.test"));
    inside.await();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.health().writerBacklog() >= 2);
    assertThat(argos.health().live()).isTrue();
    clock.jump(Duration.ofSeconds(45));
    Instant jumped = clock.instant();
    // the scheduler goes on (it ticks a few times a second); only the writer is stuck
    await().atMost(Duration.ofSeconds(10)).until(() -> !argos.health().lastSchedulerTick().isBefore(jumped));
    EngineHealth stuck = argos.health();
    assertThat(stuck.live()).isFalse();
    assertThat(stuck.problem()).startsWith("the result writer has recorded nothing for 4")
        .contains("finished runs wait");
    faults.clear();
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.health().live() && argos.status().counts().ok() == 2);
  }

  @Test
  void healthBeforeStartAndAfterClose() {
    Argos argos = builder().build();
    engines.add(argos);
    assertThat(argos.health().live()).isFalse();
    assertThat(argos.health().problem()).isEqualTo("the engine is not started");
    argos.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.health().live());
    argos.close();
    assertThat(argos.health().problem()).isEqualTo("the engine is closed");
    assertThatThrownBy(() -> Argos.builder().stallAfter(Duration.ZERO)).isInstanceOf(ArgosException.class);
  }

  // ---------------------------------------------------------------------------------------------- delivery

  @Test
  void anErrorFromANotifierIsAFailedSendThatIsRetried() {
    AtomicInteger attempts = new AtomicInteger();
    List<Notification> received = new CopyOnWriteArrayList<>();
    Notifier broken = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        if (attempts.incrementAndGet() <= 2) {
          throw new NoClassDefFoundError("com/example/MailLibrary"); // a notifier plugin missing a jar
        }
        received.add(n);
      }
    };
    probe.set("http://h.test/", new FakeProbe.Status(500));
    Argos argos = start(builder().notifiers(broken).routing(AlertRouting.all("ops"))
        .notificationRetry(Duration.ofMillis(50), Duration.ofMillis(200), 5, Duration.ofSeconds(5)));
    argos.register(site("http://h.test", Duration.ofMinutes(5), "test-status", 200));
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
    assertThat(received.get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(argos.metrics().notificationsFailed()).isEqualTo(2);
    EngineHealth h = argos.health();
    assertThat(h.lastErrorType()).isEqualTo(NoClassDefFoundError.class.getName());
    assertThat(h.lastError()).contains("channel 'ops'");
    await().atMost(Duration.ofSeconds(10)).until(() -> argos.health().deliveryBacklog() == 0);
  }

  @Test
  void anErrorWhileReadingTheOutboxLeavesDeliveryRunningAndTheBacklogIsReported() {
    List<Notification> received = new CopyOnWriteArrayList<>();
    Notifier ops = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        received.add(n);
      }
    };
    faults.fail("claimAlerts", n -> n <= 2 ? new OutOfMemoryError("injected while reading the outbox") : null);
    probe.set("http://i.test/", new FakeProbe.Status(500));
    Argos argos = start(builder().notifiers(ops).routing(AlertRouting.all("ops")));
    argos.register(site("http://i.test", Duration.ofMinutes(5), "test-status", 200));
    await().atMost(Duration.ofSeconds(20)).until(() -> argos.health().errors() >= 1);
    assertThat(argos.health().deliveryBacklog()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
    assertThat(argos.health().lastError()).contains("alert delivery", "OutOfMemoryError");
    assertThat(argos.health().alive()).isTrue();
  }
}
