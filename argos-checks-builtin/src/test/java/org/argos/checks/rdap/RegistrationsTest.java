package org.argos.checks.rdap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RDAP core against a real HTTP server on loopback, with honest and hostile answers and a hand-moved clock. */
class RegistrationsTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  RdapServer rdap;
  RdapClient client;
  Registrations registrations;

  @BeforeEach
  void start() throws Exception {
    rdap = new RdapServer();
    client = new RdapClient(1 << 20, 32);
    registrations = new Registrations(RdapBootstrap.shipped(), client, clock, Duration.ofHours(12),
        Duration.ofMinutes(10), 3);
  }

  @AfterEach
  void stop() {
    client.close();
    rdap.close();
  }

  @Test
  void readsTheExpiryAndTheRegistrarOfTheRegistrableDomain() throws Exception {
    rdap.answer("example.org",
        RdapServer.domainObject("EXAMPLE.ORG", "2027-08-13T04:00:00Z", "Example Registrar, Inc."));
    Registrations.Result r = registrations.lookup("www.shop.example.org", rdap.base(), TIMEOUT);
    assertThat(r.domain()).isEqualTo("example.org");
    assertThat(r.failure()).isNull();
    assertThat(r.answer().expiration()).isEqualTo(Instant.parse("2027-08-13T04:00:00Z"));
    assertThat(r.answer().registrar()).isEqualTo("Example Registrar, Inc.");
    assertThat(r.answer().url()).isEqualTo(rdap.base() + "domain/example.org");
    assertThat(r.cached()).isFalse();
    assertThat(rdap.lastUserAgent).startsWith("Argos/");
    assertThat(rdap.lastAccept).contains("application/rdap+json");
  }

  @Test
  void asksOncePerRegistrableDomainUntilTheTtlHasPassed() throws Exception {
    rdap.answer("example.org", RdapServer.domainObject("example.org", "2027-08-13T04:00:00Z", "R"));
    registrations.lookup("example.org", rdap.base(), TIMEOUT);
    Registrations.Result again = registrations.lookup("api.example.org", rdap.base(), TIMEOUT);
    assertThat(again.cached()).isTrue();
    assertThat(rdap.hits("example.org")).isEqualTo(1);
    clock.advance(Duration.ofHours(11).plusMinutes(59));
    registrations.lookup("www.example.org", rdap.base(), TIMEOUT);
    assertThat(rdap.hits("example.org")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(registrations.lookup("www.example.org", rdap.base(), TIMEOUT).cached()).isFalse();
    assertThat(rdap.hits("example.org")).isEqualTo(2);
  }

  @Test
  void failuresAreCachedForTheShorterTtl() throws Exception {
    rdap.answer("example.org", 500, "oops".getBytes(StandardCharsets.UTF_8));
    assertThat(registrations.lookup("example.org", rdap.base(), TIMEOUT).failureKind()).isEqualTo("status");
    registrations.lookup("example.org", rdap.base(), TIMEOUT);
    assertThat(rdap.hits("example.org")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(11));
    registrations.lookup("example.org", rdap.base(), TIMEOUT);
    assertThat(rdap.hits("example.org")).isEqualTo(2);
  }

  @Test
  void theCacheIsBoundedLeastRecentlyUsedFirst() throws Exception {
    for (String d : new String[] {"a.org", "b.org", "c.org", "d.org"}) {
      rdap.answer(d, RdapServer.domainObject(d, "2027-01-01T00:00:00Z", "R"));
      registrations.lookup(d, rdap.base(), TIMEOUT);
    }
    registrations.lookup("d.org", rdap.base(), TIMEOUT);
    registrations.lookup("a.org", rdap.base(), TIMEOUT); // evicted by d.org: asked again
    assertThat(rdap.hits("a.org")).isEqualTo(2);
    assertThat(rdap.hits("d.org")).isEqualTo(1);
  }

  @Test
  void aDomainTheRegistryDoesNotKnowIsA404Answer() throws Exception {
    Registrations.Result r = registrations.lookup("unknown.org", rdap.base(), TIMEOUT);
    assertThat(r.answer().status()).isEqualTo(404);
    assertThat(r.answer().expiration()).isNull();
  }

  @Test
  void anAnswerWithoutExpiryOrWithAnUnreadableDateSaysSo() throws Exception {
    rdap.answer("noexpiry.org", "{\"objectClassName\":\"domain\",\"events\":[{\"eventAction\":\"registration\","
        + "\"eventDate\":\"2001-01-01T00:00:00Z\"}]}");
    rdap.answer("baddate.org", RdapServer.domainObject("baddate.org", "next tuesday", "R"));
    rdap.answer("loose.org", RdapServer.domainObject("loose.org", "2027-03-04T05:06:07", "R"));
    Registrations.Result none = registrations.lookup("noexpiry.org", rdap.base(), TIMEOUT);
    assertThat(none.answer().expirationText()).isNull();
    assertThat(none.answer().registrar()).isNull();
    Registrations.Result bad = registrations.lookup("baddate.org", rdap.base(), TIMEOUT);
    assertThat(bad.answer().expirationText()).isEqualTo("next tuesday");
    assertThat(bad.answer().expiration()).isNull();
    assertThat(registrations.lookup("loose.org", rdap.base(), TIMEOUT).answer().expiration())
        .isEqualTo(Instant.parse("2027-03-04T05:06:07Z"));
  }

  @Test
  void hostileAnswersAreBoundedErrors() throws Exception {
    byte[] huge = ("{\"events\":[], \"padding\":\"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
    rdap.answer("huge.org", 200, huge);
    rdap.answer("deep.org", "[".repeat(5000) + "]".repeat(5000));
    rdap.answer("notjson.org", "<html>not rdap</html>");
    rdap.answer("array.org", "[1, 2, 3]");
    assertThat(registrations.lookup("huge.org", rdap.base(), TIMEOUT).failureKind()).isEqualTo("too-large");
    Registrations.Result deep = registrations.lookup("deep.org", rdap.base(), TIMEOUT);
    assertThat(deep.failureKind()).isEqualTo("invalid");
    assertThat(deep.failure()).contains("bounds");
    assertThat(registrations.lookup("notjson.org", rdap.base(), TIMEOUT).failureKind()).isEqualTo("invalid");
    assertThat(registrations.lookup("array.org", rdap.base(), TIMEOUT).failure()).contains("JSON object");
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutWithinTheBound() throws Exception {
    rdap.stall("slow.org");
    long start = System.nanoTime();
    Registrations.Result r = registrations.lookup("slow.org", rdap.base(), Duration.ofMillis(300));
    assertThat(r.failureKind()).isEqualTo("timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void namesWithoutARegistrableDomainAreRefusedWithoutARequest() throws Exception {
    assertThat(registrations.lookup("localhost", rdap.base(), TIMEOUT).failureKind()).isEqualTo("no-domain");
    assertThat(registrations.lookup("co.uk", rdap.base(), TIMEOUT).failure()).contains("public registry suffix");
    assertThat(registrations.lookup("a..b", rdap.base(), TIMEOUT).failureKind()).isEqualTo("no-domain");
  }

  @Test
  void theShippedBootstrapNamesRegistriesByLongestSuffix() {
    RdapBootstrap iana = RdapBootstrap.shipped();
    assertThat(iana.publication()).isEqualTo("2026-06-26T18:00:02Z");
    assertThat(iana.servers("example.org")).extracting(Object::toString)
        .containsExactly("https://rdap.publicinterestregistry.org/rdap/");
    assertThat(iana.servers("example.co.uk")).extracting(Object::toString)
        .containsExactly("https://rdap.nominet.uk/uk/");
    assertThat(iana.servers("EXAMPLE.COM.")).extracting(Object::toString)
        .containsExactly("https://rdap.verisign.com/com/v1/");
    assertThat(iana.servers("example.invalid")).isEmpty();
  }

  @Test
  void aBootstrapFileOfOurOwnSendsTheQuestionToItsServer(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dns.json");
    Files.writeString(file, "{\"version\":\"1.0\",\"publication\":\"2026-12-01T00:00:00Z\",\"services\":["
        + "[[\"org\"],[\"" + rdap.base() + "\"]]]}");
    rdap.answer("example.org", RdapServer.domainObject("example.org", "2027-08-13T04:00:00Z", "R"));
    Registrations own = new Registrations(RdapBootstrap.read(file), client, clock, Duration.ofHours(12),
        Duration.ofMinutes(10), 10);
    assertThat(own.lookup("www.example.org", null, TIMEOUT).answer().expiration()).isNotNull();
    Registrations.Result none = own.lookup("example.net", null, TIMEOUT);
    assertThat(none.failureKind()).isEqualTo("no-rdap");
    assertThat(none.failure()).contains(".net").contains("2026-12-01");
  }

  @Test
  void sitesOfOneDomainRunningAtOnceShareOneRequest() throws Exception {
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    rdap.answerWhenOpen("example.org", RdapServer.domainObject("example.org", "2027-08-13T04:00:00Z", "R"), gate);
    List<java.util.concurrent.Future<Registrations.Result>> results = new java.util.ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        String host = "site" + i + ".example.org";
        results.add(threads.submit(() -> registrations.lookup(host, rdap.base(), TIMEOUT)));
      }
      Thread.sleep(300); // every lookup has started and waits
      gate.countDown();
      for (java.util.concurrent.Future<Registrations.Result> r : results) {
        assertThat(r.get(10, java.util.concurrent.TimeUnit.SECONDS).answer().expiration())
            .isEqualTo(Instant.parse("2027-08-13T04:00:00Z"));
      }
    }
    assertThat(rdap.hits("example.org")).isEqualTo(1);
    assertThat(results.stream().filter(f -> !f.resultNow().cached()).count()).isEqualTo(1);
  }
}
