package org.argos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Probe} keeps, as an abstract JUnit 5 suite run against real loopback servers that the kit
 * starts itself. A probe runs it with a small subclass:
 *
 * <pre>{@code
 * class MyProbeCompatibilityTest extends ProbeCompatibilityKit {
 *   protected Probe createProbe() { return MyProbe.builder().bodyCap(256 * 1024).build(); }
 *   protected long bodyCap() { return 256 * 1024; }
 * }
 * }</pre>
 *
 * <p>What it checks, as {@link Probe#execute} promises: a normal answer comes back whole, with the request it was made
 * for; a refused connection, a connection closed without an answer, a silent server and a server that trickles bytes
 * give a response with {@link ProbeResponse#error()} set, never an exception; the request's timeout bounds the whole
 * probe, within {@link #slack()}, and is not cut short; an interrupted probe ends promptly with an
 * {@link InterruptedException} (the kit calls it from a virtual thread, as the engine does); a body that never ends is cut at {@link #bodyCap()} and marked truncated; one probe
 * serves many virtual threads at once, each getting its own answer; a response is a snapshot that nothing changes
 * after {@code execute} returned; and a closed probe leaves no platform thread behind.
 *
 * <p>The servers are HTTP ({@link HttpProbeTargets}) unless the subclass overrides {@link #startTargets()}: a probe of
 * another scheme gives its own {@link ProbeTargets} and keeps every test ({@link TcpProbeTargets} for a probe of
 * {@code tcp://} that reads the options {@code send} and {@code expect}). For such a probe, "the body" is the bytes it
 * read, and a connection closed before the expected answer is a failed response.
 */
public abstract class ProbeCompatibilityKit {
  private @Nullable Probe probe;
  private @Nullable ProbeTargets targets;

  /**
   * @return a new probe; the kit closes it after the test
   */
  protected abstract Probe createProbe();

  /** @return the body cap of the probes {@link #createProbe()} makes, in bytes */
  protected abstract long bodyCap();

  /**
   * @return running servers to probe, which the kit closes after the test; HTTP servers on 127.0.0.1 by default
   * @throws IOException when they cannot start
   */
  protected ProbeTargets startTargets() throws IOException {
    return new HttpProbeTargets();
  }

  /** @return how much longer than its request's timeout a probe may take to return; 2 s by default */
  protected Duration slack() {
    return Duration.ofSeconds(2);
  }

  /**
   * Says whether {@link #anEndlessBodyIsCutAtTheCap} applies. It does to every probe that reads from a peer, which may
   * send for ever. A probe whose answers have a bound that its source sets, not itself (the push probe reads one record
   * from the engine's store, whose messages are cut when recorded), has no endless answer to cut: it returns why, and
   * that one test is skipped with this reason, which the test report shows. {@link ProbeTargets#endless} still gives
   * its longest answer, which the other tests use.
   *
   * @return null (the default) when endless answers exist; otherwise why they cannot
   */
  protected @Nullable String whyNoEndlessAnswer() {
    return null;
  }

  /** @return the probe of the current test */
  protected final Probe probe() {
    if (probe == null) {
      throw new IllegalStateException("the kit creates the probe before each test");
    }
    return probe;
  }

  /** @return the servers of the current test */
  protected final ProbeTargets targets() {
    if (targets == null) {
      throw new IllegalStateException("the kit starts the targets before each test");
    }
    return targets;
  }

  @BeforeEach
  final void startProbeAndTargets() throws IOException {
    targets = startTargets();
    probe = createProbe();
  }

  @AfterEach
  final void stopProbeAndTargets() {
    try {
      if (probe != null) {
        probe.close();
      }
    } finally {
      if (targets != null) {
        targets.close();
      }
    }
  }

  /** Runs a request, failing when it throws or takes longer than its timeout plus the slack. */
  private ProbeResponse execute(Probe p, ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    ProbeResponse response = p.execute(request);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response).as("response to %s", request.url()).isNotNull();
    assertThat(took).as("time %s took (timeout %s, slack %s)", request.url(), request.timeout(), slack())
        .isLessThanOrEqualTo(request.timeout().plus(slack()));
    assertThat(response.request()).as("the response names the request it answers").isEqualTo(request);
    assertThat(response.timings()).as("timings").isNotNull();
    assertThat(response.timings().total().isNegative()).as("total time is negative").isFalse();
    return response;
  }

  private static void assertFailed(ProbeResponse response, String what) {
    assertThat(response.error()).as("%s gives a transport error", what).isNotNull();
    ProbeResponse.TransportError error = response.error();
    assertThat(error.kind()).as("%s: error kind", what).matches("[a-z][a-z0-9-]*");
    assertThat(error.message()).as("%s: error message", what).isNotNull();
  }

  @Test
  void aNormalAnswerComesBackWhole() throws Exception {
    ProbeRequest request = targets().answering("normal", Duration.ofSeconds(10));
    ProbeResponse response = execute(probe(), request);
    targets().assertAnswered(response, "normal");
  }

  @Test
  void aRefusedConnectionIsAFailedResponseNotAnException() throws Exception {
    assertFailed(execute(probe(), targets().refusing(Duration.ofSeconds(10))), "a refused connection");
  }

  @Test
  void aConnectionClosedWithoutAnAnswerIsAFailedResponse() throws Exception {
    assertFailed(execute(probe(), targets().closing(Duration.ofSeconds(10))), "a connection closed at once");
  }

  @Test
  void aSilentServerIsATimeoutOnceTheTimeoutHasPassed() throws Exception {
    Duration timeout = Duration.ofMillis(1500);
    long start = System.nanoTime();
    ProbeResponse response = execute(probe(), targets().silent(timeout));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertFailed(response, "a silent server");
    assertThat(response.error().kind()).isEqualTo("timeout");
    // a probe that gives up early fails servers that would have answered in time
    assertThat(took).as("a silent server is waited for until the timeout").isGreaterThanOrEqualTo(
        timeout.multipliedBy(9).dividedBy(10));
  }

  @Test
  void aTricklingServerCannotExtendTheTimeout() throws Exception {
    ProbeResponse response = execute(probe(), targets().trickling(Duration.ofMillis(1500)));
    assertFailed(response, "a trickling server");
    assertThat(response.error().kind()).isEqualTo("timeout");
  }

  @Test
  void anEndlessBodyIsCutAtTheCap() throws Exception {
    String why = whyNoEndlessAnswer();
    Assumptions.assumeTrue(why == null, () -> "no endless answer: " + why);
    ProbeResponse response = execute(probe(), targets().endless(Duration.ofSeconds(20)));
    assertThat(response.body().length).as("body length (cap %d)", bodyCap()).isPositive()
        .isLessThanOrEqualTo((int) Math.min(Integer.MAX_VALUE, bodyCap()));
    assertThat(response.bodyTruncated()).as("an endless body is marked truncated").isTrue();
  }

  @Test
  void anInterruptedProbeEndsPromptlyWithInterruptedException() throws Exception {
    AtomicReference<@Nullable Object> outcome = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    // The engine runs probes on virtual threads, whose blocking socket reads an interrupt breaks.
    Thread caller = Thread.ofVirtual().name("kit-interrupted-probe").start(() -> {
      started.countDown();
      try {
        outcome.set(probe().execute(targets().silent(Duration.ofSeconds(60))));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    started.await();
    Thread.sleep(300); // connected and waiting for an answer
    caller.interrupt();
    caller.join(slack().toMillis());
    assertThat(caller.isAlive()).as("the probe still runs %s after it was interrupted", slack()).isFalse();
    assertThat(outcome.get()).as("what an interrupted probe ends with").isInstanceOf(InterruptedException.class);
  }

  @Test
  void manyThreadsShareOneProbeAndEachGetsItsOwnAnswer() throws Exception {
    int calls = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<@Nullable String>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < calls; i++) {
        int n = i;
        futures.add(threads.submit(() -> {
          start.await();
          if (n % 5 == 4) {
            ProbeResponse r = probe().execute(targets().refusing(Duration.ofSeconds(20)));
            return r.error() != null ? null : "call " + n + ": a refused connection gave no error";
          }
          String token = "call-" + n;
          ProbeResponse r = probe().execute(targets().answering(token, Duration.ofSeconds(20)));
          try {
            targets().assertAnswered(r, token);
            return null;
          } catch (AssertionError e) {
            return "call " + n + ": " + e.getMessage();
          }
        }));
      }
      start.countDown();
      List<String> wrong = new ArrayList<>();
      for (Future<@Nullable String> f : futures) {
        String problem = f.get(60, TimeUnit.SECONDS);
        if (problem != null) {
          wrong.add(problem);
        }
      }
      assertThat(wrong).as("calls from %d virtual threads at once that got a wrong answer", calls).isEmpty();
    }
  }

  @Test
  void aResponseIsASnapshotNothingChangesAfterwards() throws Exception {
    ProbeResponse first = execute(probe(), targets().answering("snapshot", Duration.ofSeconds(10)));
    byte[] body = first.body().clone();
    Map<String, List<String>> headers = Map.copyOf(first.headers());
    ProbeResponse second = execute(probe(), targets().answering("snapshot", Duration.ofSeconds(10)));
    Arrays.fill(second.body(), (byte) 0); // a probe that reuses one buffer would change the first response too
    execute(probe(), targets().endless(Duration.ofSeconds(20)));
    Thread.sleep(200); // nothing may still write into a response once execute returned
    assertThat(first.body()).as("the first body, after later probes").isEqualTo(body);
    assertThat(first.headers()).isEqualTo(headers);
    targets().assertAnswered(first, "snapshot");
    assertThatThrownBy(() -> first.headers().put("x", List.of("y"))).isInstanceOf(UnsupportedOperationException.class);
    if (!first.headers().isEmpty()) { // a probe of another scheme has none
      String name = first.headers().keySet().iterator().next();
      assertThatThrownBy(() -> first.headers().get(name).add("y")).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThatThrownBy(() -> first.redirects().add("y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.attributes().put("x", List.of("y")))
        .isInstanceOf(UnsupportedOperationException.class);
    for (String name : first.attributes().keySet()) {
      assertThatThrownBy(() -> first.attributes().get(name).add("y")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void aClosedProbeLeavesNoThreadBehind() throws Exception {
    Set<Thread> before = Threads.alive();
    Probe p = createProbe();
    try {
      targets().assertAnswered(execute(p, targets().answering("threads", Duration.ofSeconds(10))), "threads");
      execute(p, targets().refusing(Duration.ofSeconds(10)));
      execute(p, targets().closing(Duration.ofSeconds(10)));
      execute(p, targets().silent(Duration.ofMillis(300)));
      execute(p, targets().endless(Duration.ofSeconds(20)));
      Thread caller = Thread.ofVirtual().start(() -> {
        try {
          p.execute(targets().silent(Duration.ofSeconds(60)));
        } catch (InterruptedException e) {
          // expected
        }
      });
      Thread.sleep(200);
      caller.interrupt();
      caller.join(slack().toMillis());
    } finally {
      p.close();
    }
    assertThat(Threads.leftSince(before, Duration.ofSeconds(5))).as("platform threads alive 5 s after close")
        .isEmpty();
  }

  @Test
  void closeTwiceIsHarmless() {
    Probe p = createProbe();
    p.close();
    p.close();
  }
}
