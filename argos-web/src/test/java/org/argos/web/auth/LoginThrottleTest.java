package org.argos.web.auth;

import org.argos.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The login throttle's rules, on a clock moved by hand. */
class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock, LoginThrottle.Policy.DEFAULT);

  private void fail(int times, String address, String user) {
    for (int i = 0; i < times; i++) {
      assertThat(throttle.lockLeft(address, user)).as("try %d", i + 1).isZero();
      throttle.failed(address, user);
    }
  }

  @Test
  void fiveFailuresLockTheAddressAndTheUserForAMinute() {
    fail(4, "10.0.0.1", "alice");
    assertThat(throttle.lockLeft("10.0.0.1", "alice")).isZero();
    LoginThrottle.Failure f = throttle.failed("10.0.0.1", "alice");
    assertThat(f.lock()).isEqualTo(Duration.ofMinutes(1));
    assertThat(f.lockedKey()).isNotNull();
    assertThat(throttle.lockLeft("10.0.0.1", "alice")).isEqualTo(Duration.ofMinutes(1));
    assertThat(throttle.lockLeft("10.0.0.1", "bob")).as("the address is locked").isEqualTo(Duration.ofMinutes(1));
    assertThat(throttle.lockLeft("10.0.0.2", "ALICE")).as("the user name is locked, any case, from anywhere").isEqualTo(Duration.ofMinutes(1));
    assertThat(throttle.lockLeft("10.0.0.2", "bob")).isZero();
    clock.advance(Duration.ofSeconds(45));
    assertThat(throttle.lockLeft("10.0.0.1", "alice")).isEqualTo(Duration.ofSeconds(15));
    clock.advance(Duration.ofSeconds(15));
    assertThat(throttle.lockLeft("10.0.0.1", "alice")).isZero();
  }

  @Test
  void eachNextLockIsTwiceAsLongUpToFifteenMinutes() {
    Duration[] expected = {Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
        Duration.ofMinutes(15), Duration.ofMinutes(15)};
    for (Duration lock : expected) {
      fail(4, "10.0.0.1", "alice");
      assertThat(throttle.failed("10.0.0.1", "alice").lock()).isEqualTo(lock);
      clock.advance(lock);
    }
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    fail(4, "10.0.0.1", "alice");
    clock.advance(Duration.ofMinutes(5));
    fail(4, "10.0.0.1", "alice");
    assertThat(throttle.lockLeft("10.0.0.1", "alice")).isZero();
    assertThat(throttle.failed("10.0.0.1", "alice").lock()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anHourWithoutFailureForgetsPastLocks() {
    fail(5, "10.0.0.1", "alice");
    clock.advance(Duration.ofMinutes(1));
    fail(5, "10.0.0.1", "alice");
    assertThat(throttle.lockLeft("10.0.0.1", "alice")).isEqualTo(Duration.ofMinutes(2));
    clock.advance(Duration.ofMinutes(2).plusHours(1));
    fail(4, "10.0.0.1", "alice");
    assertThat(throttle.failed("10.0.0.1", "alice").lock()).isEqualTo(Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1).plusHours(1));
    assertThat(throttle.lockLeft("10.0.0.1", "alice")).isZero();
    assertThat(throttle.size()).as("forgotten keys are dropped when next looked at").isZero();
  }

  @Test
  void aSuccessfulLoginClearsTheUserButNotTheAddress() {
    fail(4, "10.0.0.1", "alice");
    throttle.succeeded("Alice");
    throttle.failed("10.0.0.1", "alice");
    assertThat(throttle.lockLeft("10.0.0.2", "alice")).as("alice's count started again").isZero();
    assertThat(throttle.lockLeft("10.0.0.1", "carol")).as("the address still counts its five failures").isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void oneUserGuessedFromManyAddressesIsLocked() {
    for (int i = 1; i <= 5; i++) {
      assertThat(throttle.lockLeft("10.0.0." + i, "alice")).isZero();
      throttle.failed("10.0.0." + i, "alice");
    }
    assertThat(throttle.lockLeft("10.0.0.99", "alice")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void sprayingNamesAndAddressesCannotGrowTheTablesPastTheirBound() {
    LoginThrottle small = new LoginThrottle(clock, new LoginThrottle.Policy(5, Duration.ofMinutes(5), Duration.ofMinutes(1),
        Duration.ofMinutes(15), Duration.ofHours(1), 1000));
    for (int i = 0; i < 200_000; i++) {
      small.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "user" + i);
    }
    assertThat(small.size()).isEqualTo(2000);
    // The default bound: 10,000 keys per table, a few MB at most.
    for (int i = 0; i < 50_000; i++) {
      throttle.failed("192.0.2.1", "spray" + i);
    }
    assertThat(throttle.size()).isEqualTo(1 + 10_000);
  }
}
