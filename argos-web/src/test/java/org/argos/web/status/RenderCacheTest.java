package org.argos.web.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class RenderCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T20:00:00Z"));

  private RenderCache.Rendered page(String s) {
    return RenderCache.Rendered.of(s.getBytes(StandardCharsets.UTF_8), clock.instant());
  }

  @Test
  void aPageIsRenderedOncePerTtlWhateverTheVisitors() {
    RenderCache cache = new RenderCache(Duration.ofSeconds(15), 100, clock);
    AtomicInteger renders = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      cache.get("p", () -> page("v" + renders.incrementAndGet()));
    }
    assertThat(renders).hasValue(1);
    clock.advance(Duration.ofSeconds(14));
    assertThat(new String(cache.get("p", () -> page("v" + renders.incrementAndGet())).body(), StandardCharsets.UTF_8))
        .isEqualTo("v1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(new String(cache.get("p", () -> page("v" + renders.incrementAndGet())).body(), StandardCharsets.UTF_8))
        .isEqualTo("v2");
  }

  @Test
  void concurrentVisitorsWaitForTheOneRenderingInFlight() throws Exception {
    RenderCache cache = new RenderCache(Duration.ofSeconds(15), 100, clock);
    AtomicInteger renders = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<RenderCache.Rendered>> visitors = new ArrayList<>();
    var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < 20; i++) {
      visitors.add(CompletableFuture.supplyAsync(() -> cache.get("p", () -> {
        renders.incrementAndGet();
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return page("slow");
      }), threads));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200);
    release.countDown();
    for (var v : visitors) {
      assertThat(v.get(10, TimeUnit.SECONDS).etag()).isEqualTo(Conditional.etag("slow"));
    }
    assertThat(renders).hasValue(1);
    threads.shutdown();
  }

  @Test
  void aFailedRenderingIsNotKeptAndTheCacheStaysBounded() {
    RenderCache cache = new RenderCache(Duration.ofSeconds(15), 3, clock);
    assertThatThrownBy(() -> cache.get("p", () -> {
      throw new IllegalStateException("database away");
    })).hasMessage("database away");
    assertThat(cache.get("p", () -> page("back")).body()).asString(StandardCharsets.UTF_8).isEqualTo("back");
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofMillis(10));
      int n = i;
      cache.get("k" + n, () -> page("k" + n));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(4);
    assertThat(cache.get("k49", () -> page("again")).body()).as("the newest is kept").asString(StandardCharsets.UTF_8)
        .isEqualTo("k49");
  }
}
