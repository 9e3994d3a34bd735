package org.argos.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;

/**
 * A probe whose answers the test scripts per URL: a status, a hang, or a crash. Engine tests use it to drive the
 * scheduler, state machine and alerting; real HTTP is covered by argos-checks-builtin and examples/embedded.
 */
final class FakeProbe implements Probe {
  /** What the probe does for a URL. */
  sealed interface Behaviour permits Status, Hang, Crash, Slow {}

  record Status(int code) implements Behaviour {}

  record Hang() implements Behaviour {}

  record Crash(String message) implements Behaviour {}

  record Slow(int code, Duration delay) implements Behaviour {}

  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private volatile Behaviour fallback = new Status(200);
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> inFlightByHost = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> maxInFlightByHost = new ConcurrentHashMap<>();
  final AtomicInteger total = new AtomicInteger();

  FakeProbe set(String url, Behaviour b) {
    behaviours.put(url, b);
    return this;
  }

  FakeProbe fallback(Behaviour b) {
    fallback = b;
    return this;
  }

  int calls(String url) {
    AtomicInteger c = calls.get(url);
    return c == null ? 0 : c.get();
  }

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    String url = request.url();
    calls.computeIfAbsent(url, k -> new AtomicInteger()).incrementAndGet();
    total.incrementAndGet();
    String host = url.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
    AtomicInteger inFlight = inFlightByHost.computeIfAbsent(host, k -> new AtomicInteger());
    int now = inFlight.incrementAndGet();
    maxInFlightByHost.computeIfAbsent(host, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    try {
      Behaviour b = behaviours.getOrDefault(url, fallback);
      return switch (b) {
        case Status s -> response(request, s.code());
        case Slow s -> {
          Thread.sleep(s.delay().toMillis());
          yield response(request, s.code());
        }
        case Hang h -> {
          // ignores interruption on purpose: the executor must end the run anyway
          long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (System.nanoTime() < until) {
            try {
              Thread.sleep(50);
            } catch (InterruptedException ignored) {
              // keep hanging
            }
          }
          yield response(request, 200);
        }
        case Crash c -> throw new IllegalStateException(c.message());
      };
    } finally {
      inFlight.decrementAndGet();
    }
  }

  static ProbeResponse response(ProbeRequest request, int status) {
    return new ProbeResponse(request, status, Map.of("content-type", List.of("text/plain")), ("status " + status).getBytes(),
        false, List.of(), "http/1.1", request.url(), List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);
  }
}
