package org.argos.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand, so that nothing sleeps: it stands still until {@link #advance} moves it. */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /** @param start the instant the clock shows until it is moved */
  public MutableClock(Instant start) {
    now = start;
  }

  /** @param d how far to move the clock forward (negative moves it back) */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
