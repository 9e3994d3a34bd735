package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.ProbeCompatibilityKit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The probe kit must be able to fail: run it on deliberately broken probes (the real HTTP probe, wrapped) and expect
 * the matching tests to fail. The broken kits are static nested classes, which Surefire does not run on its own.
 */
class ProbeKitCatchesBrokenProbesTest {
  /** The HTTP probe as {@link HttpProbeCompatibilityTest} builds it, with its body cap. */
  private static final HttpProbeCompatibilityTest REAL = new HttpProbeCompatibilityTest();

  /** Throws on every transport error instead of returning it. */
  static final class ThrowingProbeKit extends ProbeCompatibilityKit {
    @Override
    protected Probe createProbe() {
      Probe http = REAL.createProbe();
      return request -> {
        ProbeResponse r = http.execute(request);
        if (r.error() != null) {
          throw new UncheckedIOException(new java.io.IOException(r.error().message()));
        }
        return r;
      };
    }

    @Override
    protected long bodyCap() {
      return REAL.bodyCap();
    }
  }

  /**
   * Waits four times the timeout, swallows interrupts, reads four times its cap, hands out one shared body buffer per
   * length, and starts a thread it never stops.
   */
  static final class CarelessProbeKit extends ProbeCompatibilityKit {
    @Override
    protected Probe createProbe() {
      Probe http = REAL.createProbe(); // its cap is four times what this kit is told
      Map<Integer, byte[]> buffers = new ConcurrentHashMap<>();
      CountDownLatch never = new CountDownLatch(1);
      Thread.ofPlatform().daemon().name("careless-probe-housekeeping").start(() -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          // ends the test JVM's daemon thread
        }
      });
      return request -> {
        ProbeRequest longer = new ProbeRequest(request.url(), request.method(), request.requestData(),
            request.ipVersion(), request.timeout().multipliedBy(4), request.followRedirects(), request.maxRedirects());
        ProbeResponse r;
        try {
          r = http.execute(longer);
        } catch (InterruptedException e) {
          return ProbeResponse.failed(request, new ProbeResponse.TransportError("io", "", "interrupted"),
              ProbeTimings.ofTotal(Duration.ZERO));
        }
        byte[] shared = buffers.computeIfAbsent(r.body().length, byte[]::new);
        System.arraycopy(r.body(), 0, shared, 0, shared.length);
        try {
          // widens the window in which another answer of the same length overwrites this one: without it, whether
          // the kit sees the overwrite depends on the machine's load (CI once ran it with no two answers overlapping)
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new ProbeResponse(request, r.status(), r.headers(), shared, r.bodyTruncated(), r.peerCertificates(),
            r.protocol(), r.finalUrl(), r.redirects(), r.timings(), r.error());
      };
    }

    @Override
    protected long bodyCap() {
      return REAL.bodyCap() / 4;
    }
  }

  private static List<String> failed(Class<?> kit) {
    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
    return events.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
  }

  @Test
  void catchesTransportErrorsThrownInsteadOfReturned() {
    assertThat(failed(ThrowingProbeKit.class)).containsExactlyInAnyOrder(
        "aRefusedConnectionIsAFailedResponseNotAnException()",
        "aConnectionClosedWithoutAnAnswerIsAFailedResponse()",
        "aSilentServerIsATimeoutOnceTheTimeoutHasPassed()",
        "aTricklingServerCannotExtendTheTimeout()",
        "manyThreadsShareOneProbeAndEachGetsItsOwnAnswer()",
        "aClosedProbeLeavesNoThreadBehind()");
  }

  @Test
  void catchesALateProbeASwallowedInterruptAnUnboundedBodySharedBuffersAndALeftThread() {
    assertThat(failed(CarelessProbeKit.class)).containsExactlyInAnyOrder(
        "aSilentServerIsATimeoutOnceTheTimeoutHasPassed()",
        "aTricklingServerCannotExtendTheTimeout()",
        "anInterruptedProbeEndsPromptlyWithInterruptedException()",
        "anEndlessBodyIsCutAtTheCap()",
        "aResponseIsASnapshotNothingChangesAfterwards()",
        "manyThreadsShareOneProbeAndEachGetsItsOwnAnswer()", // answers of one length overwrite each other
        "aClosedProbeLeavesNoThreadBehind()");
  }
}
