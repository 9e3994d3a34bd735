package org.argos.postgres;

import java.io.IOException;
import java.time.Clock;
import org.argos.api.spi.Probe;
import org.argos.api.store.PushBeat;
import org.argos.engine.PushProbe;
import org.argos.testkit.ProbeCompatibilityKit;
import org.argos.testkit.ProbeTargets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The push probe keeps the probe contract with its I/O, the store, misbehaving as the kit asks: a {@link JdbcStore}
 * on the test PostgreSQL whose connections are refused, closed at once, left unanswered, or answered one byte at a
 * time ({@link PushProbeTargets}). The probe, not the store's timeouts, bounds each read by the request's timeout.
 *
 * <p>One kit test does not apply and is skipped, saying so: {@code anEndlessBodyIsCutAtTheCap}. The probe reads one
 * recorded call whose message is at most {@link PushBeat#MAX_MESSAGE} characters (the web side cuts a longer one when
 * it records it, and the store refuses more), and answers no body: there is no endless answer for it to cut. The
 * endless target still serves the longest answer, a call whose message was cut, which the snapshot and thread tests
 * read.
 */
class PushProbeCompatibilityTest extends ProbeCompatibilityKit {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases("pushkit");

  private @Nullable PushProbeTargets targets;

  @Override
  protected ProbeTargets startTargets() throws IOException {
    targets = new PushProbeTargets(DATABASES.create());
    return targets;
  }

  @Override
  protected Probe createProbe() {
    if (targets == null) {
      throw new IllegalStateException("targets start first");
    }
    return new PushProbe(targets.heartbeats(), Clock.systemUTC());
  }

  @Override
  protected long bodyCap() {
    return PushBeat.MAX_MESSAGE;
  }

  @Override
  protected String whyNoEndlessAnswer() {
    return "the push probe reads one recorded call, whose message the store keeps to " + PushBeat.MAX_MESSAGE
        + " characters, and answers no body";
  }
}
