package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.store.StoredResult;
import org.argos.checks.http.HostResolver;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.junit.jupiter.api.Test;

/**
 * {@code addresses: all} through the engine and the real probe: a name resolving to three loopback addresses, two
 * with a live backend and one dead, is a warning naming the dead one; with {@code addresses: one} it looks fine.
 */
class EveryAddressTest {
  /** {@code rr.test}: 127.0.0.2, .3 and .4; {@code dead.test}: .4 and .5, where nothing listens. */
  private static final HostResolver RESOLVER = HostResolver.inMemory(host -> switch (host) {
    case "rr.test" -> List.of(v4(host, 2), v4(host, 3), v4(host, 4));
    case "dead.test" -> List.of(v4(host, 4), v4(host, 5));
    default -> throw new UnknownHostException(host);
  });

  private static InetAddress v4(String host, int last) throws UnknownHostException {
    return InetAddress.getByAddress(host, new byte[] {127, 0, 0, (byte) last});
  }

  @Test
  void oneDeadBackendOfThreeIsAWarningNamingIt() throws Exception {
    try (LoopbackBackends live = new LoopbackBackends(Duration.ZERO, "127.0.0.2", "127.0.0.3");
        Argos argos = Argos.builder().probe(HttpProbe.builder().resolver(RESOLVER).build())
            .install(BuiltinChecks.all()).firstRunSpread(Duration.ZERO).build()) {
      String all = "http://rr.test:" + live.port;
      argos.register(site(all, Site.Addresses.ALL));
      argos.register(Site.builder("http://127.0.0.2:" + live.port).ipVersions(true, false)
          .path("/", p -> p.check("status-is", 200)).build());
      argos.register(site("http://dead.test:" + live.port, Site.Addresses.ALL));
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);

      TaskStatus t = argos.store().tasks(all).getFirst();
      assertThat(t.state().severity()).isEqualTo(Severity.WARNING);
      assertThat(t.state().message()).startsWith("1 of 3 addresses failing: 127.0.0.4 connect: ");
      StoredResult r = argos.store().results(t.taskId(), 1).getFirst();
      assertThat(r.result().context()).containsEntry("partial", true)
          .containsEntry("addresses", Map.of("127.0.0.2", "ok", "127.0.0.3", "ok", "127.0.0.4", "critical"));
      // each live backend was asked once, under the site's name
      assertThat(live.at("127.0.0.2").hosts).contains("rr.test:" + live.port);
      assertThat(live.at("127.0.0.3").hosts).containsExactly("rr.test:" + live.port);

      TaskStatus dead = argos.store().tasks("http://dead.test:" + live.port).getFirst();
      assertThat(dead.state().severity()).as("every address failing: the worst").isEqualTo(Severity.CRITICAL);
      assertThat(dead.state().message()).startsWith("2 of 2 addresses failing: 127.0.0.4 connect: ")
          .contains("; 127.0.0.5 connect: ");
      assertThat(argos.store().tasks("http://127.0.0.2:" + live.port).getFirst().state().severity())
          .isEqualTo(Severity.OK);
    }
  }

  @Test
  void withOneAddressTheDeadBackendIsInvisible() throws Exception {
    try (LoopbackBackends live = new LoopbackBackends(Duration.ZERO, "127.0.0.2", "127.0.0.3");
        Argos argos = Argos.builder().probe(HttpProbe.builder().resolver(RESOLVER).build())
            .install(BuiltinChecks.all()).firstRunSpread(Duration.ZERO).build()) {
      String one = "http://rr.test:" + live.port;
      argos.register(site(one, Site.Addresses.ONE));
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);
      TaskStatus t = argos.store().tasks(one).getFirst();
      assertThat(t.state().severity()).isEqualTo(Severity.OK);
      assertThat(live.at("127.0.0.3").served.get()).isZero(); // a client's view: the first address answered
    }
  }

  @Test
  void overTcpToo() throws Exception {
    org.argos.api.spi.ProbeProvider tcp = new org.argos.api.spi.ProbeProvider() {
      @Override
      public String name() {
        return "tcp-test";
      }

      @Override
      public java.util.Set<String> schemes() {
        return java.util.Set.of("tcp");
      }

      @Override
      public org.argos.api.spi.Probe create() {
        return new org.argos.checks.tcp.TcpProbe(RESOLVER);
      }
    };
    try (LoopbackBackends live = new LoopbackBackends(Duration.ZERO, "127.0.0.2", "127.0.0.3");
        Argos argos = Argos.builder().probe(HttpProbe.builder().resolver(RESOLVER).build()).install(tcp)
            .install(BuiltinChecks.all()).firstRunSpread(Duration.ZERO).build()) {
      String all = "tcp://rr.test:" + live.port;
      argos.register(Site.builder(all).ipVersions(true, false).addresses(Site.Addresses.ALL)
          .timeout(Duration.ofSeconds(5)).path("/", p -> p.check("tcp-connect", true)).build());
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);
      TaskStatus t = argos.store().tasks(all).getFirst();
      assertThat(t.state().severity()).isEqualTo(Severity.WARNING);
      assertThat(t.state().message()).startsWith("1 of 3 addresses failing: 127.0.0.4 ");
      assertThat(live.at("127.0.0.3").hosts).hasSize(1); // reached at its own address
    }
  }

  private static Site site(String domain, Site.Addresses addresses) {
    return Site.builder(domain).ipVersions(true, false).addresses(addresses).timeout(Duration.ofSeconds(5))
        .path("/", p -> p.check("status-is", 200)).build();
  }
}
