package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.StoredResult;
import org.argos.checks.http.HostResolver;
import org.argos.checks.http.HttpProbe;
import org.argos.checks.tls.TestChain;
import org.argos.checks.tls.TlsProbe;
import org.argos.checks.tls.TlsServer;
import org.argos.engine.Argos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code addresses: all} over TLS: {@code rr.test} resolves to 127.0.0.2, .3 and .4, with a real TLS server on the
 * first two (one port) and nothing on the third. The probe connects to each address it is given while sending the
 * name as SNI and checking the certificate against the name, and through the engine the dead address is a warning.
 */
class TlsEveryAddressTest {
  private static final HostResolver RESOLVER = HostResolver.inMemory(host -> switch (host) {
    case "rr.test", "other.test" -> List.of(v4(host, 2), v4(host, 3), v4(host, 4));
    default -> throw new UnknownHostException(host);
  });

  private final TestChain chain = TestChain.serverCertificate(Duration.ofDays(60), "rr.test");
  private TlsServer second;
  private TlsServer third;

  private static InetAddress v4(String host, int last) throws UnknownHostException {
    return InetAddress.getByAddress(host, new byte[] {127, 0, 0, (byte) last});
  }

  @BeforeEach
  void startServers() throws Exception {
    for (int attempt = 0; attempt < 20 && third == null; attempt++) {
      second = new TlsServer(v4("rr.test", 2), 0, chain, "tls", TlsServer.Mode.NORMAL);
      try {
        third = new TlsServer(v4("rr.test", 3), second.port(), chain, "tls", TlsServer.Mode.NORMAL);
      } catch (BindException taken) { // the port is taken on the other address: try another one
        second.close();
      }
    }
    assertThat(third).as("two TLS servers on one port of 127.0.0.2 and 127.0.0.3").isNotNull();
  }

  @AfterEach
  void stopServers() {
    second.close();
    third.close();
  }

  private TlsProbe probe() {
    return TlsProbe.builder().resolver(RESOLVER).trustStore(chain.trustStore).build();
  }

  @Test
  void theProbeSaysItsAddressesAndConnectsToThePinnedOneUnderTheName() throws Exception {
    try (TlsProbe probe = probe()) {
      ProbeRequest request = ProbeRequest.of("tls://rr.test:" + second.port(), IpVersion.IPV4, Duration.ofSeconds(10));
      assertThat(probe.addresses(request)).extracting(InetAddress::getHostAddress)
          .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
      assertThat(probe.addresses(request.withOption(Probe.ADDRESS_OPTION, "127.0.0.3"))).hasSize(3);
      assertThat(probe.addresses(ProbeRequest.of("tls://rr.test:1", IpVersion.IPV6, Duration.ofSeconds(10))))
          .as("no address of the family").isEmpty();
      assertThat(probe.addresses(ProbeRequest.of("tls://nowhere.test:1", IpVersion.IPV4, Duration.ofSeconds(10))))
          .as("a name that does not resolve").isEmpty();

      ProbeResponse r = probe.execute(request.withOption(Probe.ADDRESS_OPTION, "127.0.0.3"));
      assertThat(r.error()).isNull();
      assertThat(r.peer().address()).isEqualTo("127.0.0.3");
      assertThat(r.peer().port()).isEqualTo(second.port());
      // the certificate names rr.test, not 127.0.0.3: the check was made against the name
      assertThat(r.attribute("tls.hostname-match")).isEqualTo("true");
      assertThat(r.attribute("tls.chain-valid")).isEqualTo("true");
      assertThat(third.sniSeen).containsExactly("rr.test");
      assertThat(second.sniSeen).as("the other address was not contacted").isEmpty();

      ProbeResponse other = probe.execute(ProbeRequest.of("tls://other.test:" + second.port(), IpVersion.IPV4,
          Duration.ofSeconds(10)).withOption(Probe.ADDRESS_OPTION, "127.0.0.2"));
      assertThat(other.error()).isNull();
      assertThat(other.attribute("tls.hostname-match")).as("a name the certificate does not carry").isEqualTo("false");
      assertThat(second.sniSeen).containsExactly("other.test");

      ProbeResponse dead = probe.execute(request.withOption(Probe.ADDRESS_OPTION, "127.0.0.4"));
      assertThat(dead.error().kind()).isEqualTo("connect");
      assertThat(dead.peer().address()).isEqualTo("127.0.0.4");
    }
  }

  @Test
  void anAddressThatIsNotALiteralOfTheFamilyIsAnInvalidRequest() throws Exception {
    try (TlsProbe probe = probe()) {
      ProbeRequest request = ProbeRequest.of("tls://rr.test:" + second.port(), IpVersion.IPV4, Duration.ofSeconds(10));
      for (String wrong : List.of("rr.test", "::1", "127.0.0.300", "")) {
        ProbeResponse r = probe.execute(request.withOption(Probe.ADDRESS_OPTION, wrong));
        assertThat(r.error()).as("address '%s'", wrong).isNotNull();
        assertThat(r.error().kind()).as("address '%s'", wrong).isEqualTo("invalid-request");
      }
      assertThat(second.sniSeen).isEmpty();
      assertThat(third.sniSeen).isEmpty();
    }
  }

  @Test
  void oneDeadAddressOfThreeIsAWarningNamingIt() throws Exception {
    ProbeProvider tls = new ProbeProvider() {
      @Override
      public String name() {
        return "tls-test";
      }

      @Override
      public Set<String> schemes() {
        return Set.of("tls");
      }

      @Override
      public Probe create() {
        return probe();
      }
    };
    try (Argos argos = Argos.builder().probe(HttpProbe.builder().resolver(RESOLVER).build()).install(tls)
        .install(BuiltinChecks.all()).firstRunSpread(Duration.ZERO).build()) {
      String all = "tls://rr.test:" + second.port();
      argos.register(Site.builder(all).ipVersions(true, false).addresses(Site.Addresses.ALL)
          .timeout(Duration.ofSeconds(5)).path("/", p -> p.check("tls-hostname-match", true)
              .check("tls-chain-valid", true)).build());
      argos.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> argos.status().counts().pending() == 0);

      TaskStatus t = argos.store().tasks(all).getFirst();
      assertThat(t.state().severity()).isEqualTo(Severity.WARNING);
      assertThat(t.state().message()).startsWith("1 of 3 addresses failing: 127.0.0.4 connect: ");
      StoredResult r = argos.store().results(t.taskId(), 1).getFirst();
      assertThat(r.result().context()).containsEntry("partial", true)
          .containsEntry("addresses", Map.of("127.0.0.2", "ok", "127.0.0.3", "ok", "127.0.0.4", "critical"));
      // each live address was reached on its own, under the site's name
      assertThat(second.sniSeen).isNotEmpty().containsOnly("rr.test");
      assertThat(third.sniSeen).isNotEmpty().containsOnly("rr.test");
    }
  }
}
