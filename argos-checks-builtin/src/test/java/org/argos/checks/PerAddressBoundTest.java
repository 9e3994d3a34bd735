package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.checks.http.HostResolver;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.argos.engine.InProcessExecutor;
import org.junit.jupiter.api.Test;

/**
 * Politeness per address: many sites whose names all resolve to one backend reach it a bounded number at a time,
 * through the engine, its in-process executor and the real probe, against a loopback server counting its concurrent
 * connections.
 */
class PerAddressBoundTest {
  private static final int SITES = 30;

  /** Every {@code *.test} name is the one backend at 127.0.0.2. */
  static final HostResolver ONE_BACKEND = HostResolver.inMemory(host -> {
    if (!host.endsWith(".test")) {
      throw new UnknownHostException(host);
    }
    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 2}));
  });

  @Test
  void sitesOnOneBackendReachItAtMostPerAddressAtOnce() throws Exception {
    try (LoopbackBackends backend = new LoopbackBackends(Duration.ofMillis(300), "127.0.0.2")) {
      List<String> domains = run(backend, 3, Duration.ofSeconds(2));
      assertThat(backend.at("127.0.0.2").served.get()).isGreaterThanOrEqualTo(SITES);
      // the bound is reached and never passed: 30 sites due at once, 30 distinct names, so the per-host bound (8)
      // and the global one (512) would let all of them in
      assertThat(backend.at("127.0.0.2").max.get()).isEqualTo(3);
      assertThat(domains).hasSize(SITES);
    }
  }

  @Test
  void withoutTheBoundTheyAllArriveTogether() throws Exception {
    try (LoopbackBackends backend = new LoopbackBackends(Duration.ofMillis(300), "127.0.0.2")) {
      run(backend, 0, Duration.ofSeconds(20));
      assertThat(backend.at("127.0.0.2").max.get()).isGreaterThan(3); // what the test above would see unbounded
    }
  }

  @Test
  void runsNeedingTheSameAddressesInOppositeOrdersNeverWaitForEachOther() throws Exception {
    // one permit per address, and every site needs both backends, half of them in each order: a run holding one
    // address while waiting for the other would deadlock with its mirror
    HostResolver crossed = HostResolver.inMemory(host -> {
      byte[] a = {127, 0, 0, 2};
      byte[] b = {127, 0, 0, 3};
      boolean even = Integer.parseInt(host.substring(4, host.indexOf('.'))) % 2 == 0;
      return List.of(InetAddress.getByAddress(host, even ? a : b), InetAddress.getByAddress(host, even ? b : a));
    });
    try (LoopbackBackends backends = new LoopbackBackends(Duration.ofMillis(50), "127.0.0.2", "127.0.0.3");
        Argos argos = Argos.builder().probe(HttpProbe.builder().resolver(crossed).build())
            .install(BuiltinChecks.all()).firstRunSpread(Duration.ZERO).perAddress(1).build()) {
      List<String> domains = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String domain = "http://site" + i + ".test:" + backends.port;
        domains.add(domain);
        argos.register(Site.builder(domain).ipVersions(true, false).addresses(Site.Addresses.ALL)
            .timeout(Duration.ofSeconds(5)).path("/", p -> p.check("status-is", 200)).build());
      }
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);
      for (String domain : domains) {
        assertThat(argos.store().tasks(domain).getFirst().state().severity()).as(domain).isEqualTo(Severity.OK);
      }
      assertThat(backends.at("127.0.0.2").max.get()).isEqualTo(1);
      assertThat(backends.at("127.0.0.3").max.get()).isEqualTo(1);
      assertThat(backends.at("127.0.0.2").served.get()).isEqualTo(10);
    }
  }

  /**
   * Runs {@value #SITES} sites due at once, with a 200 ms grace: bounded at 3, the queue on the backend lasts
   * 10 × 300 ms, longer than a run's limit (a 2 s timeout plus the grace), so a run whose wait for its address counted
   * against its time would be abandoned as a timeout. Every task must be ok.
   */
  private static List<String> run(LoopbackBackends backend, int perAddress, Duration timeout) throws Exception {
    HttpProbe probe = HttpProbe.builder().resolver(ONE_BACKEND).build();
    List<String> domains = new ArrayList<>();
    try (Argos argos = Argos.builder().probe(probe).install(BuiltinChecks.all()).firstRunSpread(Duration.ZERO)
        .executor(InProcessExecutor.builder().maxConcurrency(512).perHost(8).grace(Duration.ofMillis(200)).build())
        .perAddress(perAddress).build()) {
      for (int i = 0; i < SITES; i++) {
        String domain = "http://site" + i + ".test:" + backend.port;
        domains.add(domain);
        argos.register(Site.builder(domain).ipVersions(true, false).timeout(timeout)
            .path("/", p -> p.check("status-is", 200)).build());
      }
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);
      for (String domain : domains) {
        for (TaskStatus t : argos.store().tasks(domain)) {
          assertThat(t.state().severity()).as(domain + ": " + t.state()).isEqualTo(Severity.OK);
        }
      }
    }
    return domains;
  }
}
