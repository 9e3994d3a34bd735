package org.argos.engine;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.argos.api.ProbeTimings;
import org.argos.api.store.PushBeat;
import org.argos.api.store.PushHeartbeats;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;

/**
 * The probe of push (heartbeat) monitors, {@code push://<name>}: it reads the latest call of the site's push URL from
 * the engine's store and reports it as attributes, {@code push.last} (ISO instant), {@code push.status}
 * ({@code ok} or {@code fail}) and {@code push.message}; none when the URL was never called. The {@code heartbeat}
 * check judges them.
 *
 * <p>Why the engine installs it itself rather than a {@link ProbeProvider} found by ServiceLoader: this probe does no
 * network I/O, it reads what the web side recorded in the engine's own store, which a provider's no-argument
 * {@link ProbeProvider#create()} cannot reach. Giving every provider the store would open the engine's contract to
 * every plugin; instead the engine adds this provider when its store offers {@link PushHeartbeats} and no other
 * provider serves {@code push}, so the SPI stays as it is and a host may still install its own {@code push} probe.
 * Remote agents have no store: push groups always run in-process.
 *
 * <p>Its I/O is the store's, which may hang (a database that stopped answering, a network that drops packets) far
 * longer than a request's timeout. So the read runs on a virtual thread of its own and the probe waits for it within
 * the request's timeout: past it, the response is a failed one of kind {@code timeout}; interrupted, the probe throws
 * {@link InterruptedException} at once. Either way the read is interrupted, which ends a blocked socket read of a
 * virtual thread. A store that fails gives kind {@code io}.
 *
 * <p>Public for a host that builds its probes itself ({@link Probes}) and for a store's tests, which run it through
 * the probe compatibility kit against their own store; the engine installs it without help.
 */
public final class PushProbe implements Probe {
  private final PushHeartbeats store;
  private final Clock clock;

  /**
   * @param store where the push calls are read
   * @param clock the clock that times the read
   */
  public PushProbe(PushHeartbeats store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The provider the engine installs. */
  static ProbeProvider provider(PushHeartbeats store, Clock clock) {
    return new ProbeProvider() {
      @Override
      public String name() {
        return PushTokens.SCHEME;
      }

      @Override
      public Set<String> schemes() {
        return Set.of(PushTokens.SCHEME);
      }

      @Override
      public Probe create() {
        return new PushProbe(store, clock);
      }
    };
  }

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = clock.millis();
    String domain;
    try {
      domain = domain(request.url());
    } catch (IllegalArgumentException e) {
      return ProbeResponse.failed(request, new ProbeResponse.TransportError("invalid-request", e.getClass().getName(),
          e.getMessage()), timings(start));
    }
    CompletableFuture<Optional<PushBeat>> read = new CompletableFuture<>();
    Thread reader = Thread.ofVirtual().name("push-probe-read").start(() -> {
      try {
        read.complete(store.lastPush(domain));
      } catch (Throwable e) {
        read.completeExceptionally(e);
      }
    });
    Optional<PushBeat> last;
    try {
      last = read.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      reader.interrupt();
      return ProbeResponse.failed(request, new ProbeResponse.TransportError("timeout", TimeoutException.class.getName(),
          "the store did not answer within " + request.timeout()), timings(start));
    } catch (InterruptedException e) {
      reader.interrupt();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      return ProbeResponse.failed(request, new ProbeResponse.TransportError("io", cause.getClass().getName(),
          "the store did not answer: " + cause.getMessage()), timings(start));
    }
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    last.ifPresent(b -> {
      attributes.put("push.last", List.of(b.at().toString()));
      attributes.put("push.status", List.of(b.ok() ? "ok" : "fail"));
      if (b.message() != null) {
        attributes.put("push.message", List.of(b.message()));
      }
    });
    return ProbeResponse.of(request, new byte[0], false, List.of(), null, timings(start), null, null, attributes);
  }

  private ProbeTimings timings(long start) {
    return ProbeTimings.ofTotal(Duration.ofMillis(Math.max(0, clock.millis() - start)));
  }

  /** The site's domain of a request's URL: {@code push://<name>}, as {@link org.argos.api.Site} normalizes it. */
  static String domain(String url) {
    try {
      URI u = new URI(url);
      String host = u.getHost() == null ? u.getAuthority() : u.getHost();
      return u.getScheme().toLowerCase(Locale.ROOT) + "://" + (host == null ? "" : host.toLowerCase(Locale.ROOT))
          + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a push URL: " + url, e);
    }
  }
}
