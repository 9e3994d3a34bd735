package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AlertRouting;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19 §6: two engines on one PostgreSQL database both see 08:00 come in the channel's zone; the channel gets one
 * daily digest, from one of them. The engines run on the database's time (a node's clock is corrected to it), so the
 * digest is set a few seconds ahead of now in UTC; the hand-moved clock tests are in argos-engine's DailyDigestTest.
 */
class DigestTwoEnginesTest {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases();

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final int SITES = 5;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<String> digests = new CopyOnWriteArrayList<>(); // node, key, failing
  private LocalTime at;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  /** Every site fails. */
  private static final Probe PROBE = request -> new ProbeResponse(request, 503, Map.of(), new byte[0], false, List.of(),
      "http/1.1", request.url(), List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private Argos engine(String url, String node) {
    JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).poolName(node).build());
    Notifier recorder = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {
        if (n.digest() != null) {
          digests.add(node + " " + n.idempotencyKey() + " " + n.digest().failing());
        }
      }
    };
    return closeLater(Argos.builder().store(store).nodeId(node).probe(PROBE).firstRunSpread(Duration.ZERO).discoverPlugins(false)
        .install(StatusIs.PROVIDER).claims(Duration.ofMillis(300), Duration.ofSeconds(3), 200)
        .grouping(Duration.ZERO, 50).notifiers(recorder).routing(AlertRouting.all("ops"))
        .digest("ops", at, UTC).build());
  }

  @Test
  void twoEnginesSendTheDigestOnce() {
    String url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/"
        + DATABASES.create("fdigest");
    LocalTime now = LocalTime.now(UTC);
    Assumptions.assumeTrue(now.isBefore(LocalTime.of(23, 59)), "the digest must fall on today's date");
    at = now.plusSeconds(20).withNano(0); // the sites fail well before (about a second after the start)
    Argos a = engine(url, "node-a");
    Argos b = engine(url, "node-b");
    for (int i = 0; i < SITES; i++) {
      a.register(Site.builder("http://s" + i + ".digest.test").ipVersions(true, false).frequency(Duration.ofMinutes(1))
          .path("/", p -> p.check("status-is", 200)).build());
    }
    a.start();
    b.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> a.store().problems(0, 100).domains().size() == SITES
        && a.store().pendingAlerts() == 0);
    await().atMost(Duration.ofSeconds(40)).until(() -> !digests.isEmpty());
    // both nodes go round again (each looks about every second) and find today's digest enqueued
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> digests.size() == 1);
    assertThat(digests.get(0)).endsWith(" " + SITES);
    assertThat(a.store().pendingAlerts()).isZero();
  }
}
