package org.argos.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The push URL's rate limit: a burst per key, refilled with time, in bounded memory. */
class CallRateLimitTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final CallRateLimit limit = new CallRateLimit(3, Duration.ofSeconds(10), 2, nanos::get);

  @Test
  void aBurstThenOneCallPerRefill() {
    assertThat(limit.acquire("a")).isZero();
    assertThat(limit.acquire("a")).isZero();
    assertThat(limit.acquire("a")).isZero();
    assertThat(limit.acquire("a")).isEqualTo(10);
    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(limit.acquire("a")).isEqualTo(6);
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    assertThat(limit.acquire("a")).isZero();
    assertThat(limit.acquire("a")).isEqualTo(10);
    // a long pause refills to the burst, no more
    nanos.addAndGet(Duration.ofHours(1).toNanos());
    for (int i = 0; i < 3; i++) {
      assertThat(limit.acquire("a")).isZero();
    }
    assertThat(limit.acquire("a")).isPositive();
  }

  @Test
  void keysAreLimitedApartAndTheLeastRecentlyUsedAreForgotten() {
    for (int i = 0; i < 3; i++) {
      limit.acquire("a");
    }
    assertThat(limit.acquire("a")).isPositive();
    assertThat(limit.acquire("b")).isZero();
    assertThat(limit.acquire("c")).isZero();
    assertThat(limit.keys()).isEqualTo(2);
    assertThat(limit.acquire("a")).as("a was forgotten: a full bucket again").isZero();
  }
}
