package org.argos.web.http;

import org.argos.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.junit.jupiter.api.Test;

/** A burst per kind, a steady refill, and the count of what was left out on the next line. */
class RateLimitedLogTest {
  /** Keeps the lines it is given. */
  static final class Lines extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new ArrayList<>();

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String format, Object[] args, Throwable t) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(format, args));
    }

    @Override public boolean isTraceEnabled() { return true; }
    @Override public boolean isDebugEnabled() { return true; }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isErrorEnabled() { return true; }
  }

  @Test
  void aFloodBecomesABurstThenOneLineAPeriodWithTheCountLeftOut() {
    Lines lines = new Lines();
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RateLimitedLog log = new RateLimitedLog(lines, 3, Duration.ofSeconds(10), clock);
    for (int i = 0; i < 1000; i++) {
      log.warn("request-error", "failed {}", i);
    }
    assertThat(lines.lines).containsExactly("WARN failed 0", "WARN failed 1", "WARN failed 2");
    log.info("agent-request", "other kind {}", 1); // kinds have their own budgets
    assertThat(lines.lines).hasSize(4).last().isEqualTo("INFO other kind 1");

    clock.advance(Duration.ofSeconds(9));
    log.warn("request-error", "failed {}", "late");
    assertThat(lines.lines).hasSize(4);
    clock.advance(Duration.ofSeconds(1));
    log.warn("request-error", "failed {}", "again");
    assertThat(lines.lines).last().isEqualTo("WARN failed again (998 similar messages suppressed)");
    log.warn("request-error", "failed {}", "at once");
    assertThat(lines.lines).hasSize(5);

    clock.advance(Duration.ofHours(1)); // refills up to the burst, no more
    for (int i = 0; i < 10; i++) {
      log.warn("request-error", "failed {}", i);
    }
    assertThat(lines.lines).hasSize(8);
    assertThat(lines.lines.get(5)).isEqualTo("WARN failed 0 (1 similar messages suppressed)");
  }
}
