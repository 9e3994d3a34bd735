package org.argos.checks.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DnsQuery against a real dnsmasq on loopback. */
class DnsQueryTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static Dnsmasq dns;

  @BeforeAll
  static void start() throws Exception {
    dns = Dnsmasq.start(zone());
  }

  /** The records the DNS tests ask about, under example.org (dnsmasq answers NXDOMAIN for other names there). */
  static List<String> zone() {
    return List.of(
        "--local=/example.org/",
        "--host-record=example.org,192.0.2.10,2001:db8::10",
        "--host-record=backend.example.org,192.0.2.11",
        "--host-record=rr.example.org,192.0.2.1",
        "--host-record=rr.example.org,192.0.2.2",
        "--cname=www.example.org,example.org",
        "--mx-host=example.org,mx1.example.org,10",
        "--mx-host=example.org,mx2.example.org,20",
        "--txt-record=example.org,v=spf1 -all",
        "--txt-record=example.org,hello world",
        Dnsmasq.caa("example.org", 0, "issue", "letsencrypt.org"),
        Dnsmasq.ns("example.org", "ns1.example.org"));
  }

  @AfterAll
  static void stop() throws Exception {
    dns.close();
  }

  @Test
  void asksForEachTypeAndGetsThePresentationFormSorted() throws Exception {
    assertThat(DnsQuery.ask("example.org", "A", dns.server(), TIMEOUT).records()).containsEntry("A",
        List.of("192.0.2.10"));
    assertThat(DnsQuery.ask("rr.example.org", "a", dns.server(), TIMEOUT).records().get("A"))
        .containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(DnsQuery.ask("example.org", "AAAA", dns.server(), TIMEOUT).records().get("AAAA")).hasSize(1);
    assertThat(DnsQuery.ask("example.org", "MX", dns.server(), TIMEOUT).records().get("MX"))
        .containsExactly("10 mx1.example.org.", "20 mx2.example.org.");
    assertThat(DnsQuery.ask("example.org", "TXT", dns.server(), TIMEOUT).records().get("TXT"))
        .containsExactly("\"hello world\"", "\"v=spf1 -all\"");
    assertThat(DnsQuery.ask("example.org", "CAA", dns.server(), TIMEOUT).records().get("CAA"))
        .containsExactly("0 issue \"letsencrypt.org\"");
    assertThat(DnsQuery.ask("example.org", "NS", dns.server(), TIMEOUT).records().get("NS"))
        .containsExactly("ns1.example.org.");
    DnsQuery.Answer cname = DnsQuery.ask("www.example.org", "CNAME", dns.server(), TIMEOUT);
    assertThat(cname.records().get("CNAME")).containsExactly("example.org.");
    assertThat(cname.rcode()).isEqualTo("NOERROR");
    assertThat(cname.server()).isEqualTo(dns.server());
  }

  @Test
  void anUnknownNameIsNxdomainWithNoRecords() throws Exception {
    DnsQuery.Answer a = DnsQuery.ask("missing.example.org", "A", dns.server(), TIMEOUT);
    assertThat(a.rcode()).isEqualTo("NXDOMAIN");
    assertThat(a.records()).isEmpty();
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutWithinTheBound() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> DnsQuery.ask("example.org", "A", "127.0.0.1:" + silent.getLocalPort(),
          Duration.ofMillis(400)))
          .isInstanceOfSatisfying(DnsQuery.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo("timeout");
            assertThat(f.server()).isEqualTo("127.0.0.1:" + silent.getLocalPort());
          });
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isLessThan(Duration.ofSeconds(3));
      assertThat(took).as("waited until the timeout, not less").isGreaterThanOrEqualTo(Duration.ofMillis(360));
    }
  }

  @Test
  void refusesTypesNamesAndServersItCannotAsk() {
    assertThatThrownBy(() -> DnsQuery.ask("example.org", "SOA", dns.server(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOA").hasMessageContaining("MX");
    assertThatThrownBy(() -> DnsQuery.ask("a..b", "A", dns.server(), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a..b");
    assertThatThrownBy(() -> DnsQuery.parseServer("127.0.0.1:99999")).hasMessageContaining("port");
    assertThatThrownBy(() -> DnsQuery.parseServer("[::1")).hasMessageContaining("']'");
    assertThat(DnsQuery.parseServer("[::1]:5353").getPort()).isEqualTo(5353);
    assertThat(DnsQuery.parseServer("::1").getHostString()).isEqualTo("::1");
    assertThat(DnsQuery.parseServer("ns1.example.org").getPort()).isEqualTo(53);
  }

  @Test
  void anInterruptedQuestionEndsPromptlyWithInterruptedException() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
      Thread caller = Thread.ofVirtual().start(() -> {
        try {
          outcome.set(DnsQuery.ask("example.org", "A", "127.0.0.1:" + silent.getLocalPort(), Duration.ofSeconds(60)));
        } catch (Throwable t) {
          outcome.set(t);
        }
      });
      Thread.sleep(300);
      caller.interrupt();
      caller.join(2000);
      assertThat(caller.isAlive()).isFalse();
      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }
  }

  @Test
  void aPortWhereNothingListensIsRefusedAndLeavesNoThreadBehind() throws Exception {
    java.util.Set<String> before = threadNames();
    int port;
    try (DatagramSocket closed = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    int free = port;
    assertThatThrownBy(() -> DnsQuery.ask("example.org", "A", "127.0.0.1:" + free, TIMEOUT))
        .isInstanceOfSatisfying(DnsQuery.Failure.class, f -> assertThat(f.kind()).isEqualTo("connect"));
    DnsQuery.ask("example.org", "TXT", dns.server(), TIMEOUT);
    java.util.Set<String> after = threadNames();
    after.removeAll(before);
    assertThat(after).as("threads started by DNS questions").isEmpty();
  }

  @Test
  void aTruncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
    List<String> many = new java.util.ArrayList<>(List.of("--local=/big.example.org/"));
    for (int i = 0; i < 40; i++) {
      many.add("--txt-record=big.example.org," + ("record " + i + " ").repeat(10));
    }
    try (Dnsmasq big = Dnsmasq.start(many)) {
      DnsQuery.Answer a = DnsQuery.ask("big.example.org", "TXT", big.server(), TIMEOUT);
      assertThat(a.records().get("TXT")).hasSize(40);
    }
  }

  private static java.util.Set<String> threadNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual()).forEach(t -> names.add(t.getName()));
    return names;
  }

  @Test
  void manyVirtualThreadsAskAtOnceAndEachGetsItsOwnAnswer() throws Exception {
    List<String> names = List.of("example.org", "rr.example.org", "backend.example.org", "missing.example.org");
    List<String> expected = List.of("[192.0.2.10]", "[192.0.2.1, 192.0.2.2]", "[192.0.2.11]", "NXDOMAIN");
    List<java.util.concurrent.Future<String>> futures = new java.util.ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        String name = names.get(i % names.size());
        futures.add(threads.submit(() -> {
          DnsQuery.Answer a = DnsQuery.ask(name, "A", dns.server(), TIMEOUT);
          return a.rcode().equals("NOERROR") ? String.valueOf(a.records().get("A")) : a.rcode();
        }));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS)).as("call %d", i)
            .isEqualTo(expected.get(i % names.size()));
      }
    }
  }

  @Test
  void withoutAServerTheSystemResolversAreAskedInTurnEachWithAShareOfTheTime() throws Exception {
    // dnsjava reads the system's resolvers from the dns.server property before resolv.conf
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      System.setProperty("dns.server", "127.0.0.1:" + silent.getLocalPort() + "," + dns.server());
      org.xbill.DNS.ResolverConfig.refresh();
      long start = System.nanoTime();
      DnsQuery.Answer a = DnsQuery.ask("example.org", "A", null, Duration.ofSeconds(2));
      assertThat(a.server()).isEqualTo(dns.server());
      assertThat(a.records().get("A")).containsExactly("192.0.2.10");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the silent first resolver had half the time")
          .isBetween(Duration.ofMillis(900), Duration.ofMillis(1900));
    } finally {
      System.clearProperty("dns.server");
      org.xbill.DNS.ResolverConfig.refresh();
    }
  }
}
