package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.AlertRouting;
import org.argos.api.ProbeTimings;
import org.argos.api.Severity;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.Argos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: two engines on one PostgreSQL database both see a silence end while the tasks it kept from receivers
 * still fail; each task's failure is announced once, by one of them.
 */
class SilenceEndTwoEnginesTest {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases();

  private static final int SITES = 20;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<Alert> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  private static final CheckProvider STATUS_IS = StatusIs.PROVIDER;

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
        received.addAll(n.alerts());
      }
    };
    return closeLater(Argos.builder().store(store).nodeId(node).probe(PROBE).discoverPlugins(false).install(STATUS_IS)
        .claims(Duration.ofMillis(300), Duration.ofSeconds(3), 200).grouping(Duration.ZERO, 50)
        .notifiers(recorder).routing(AlertRouting.all("ops")).build());
  }

  private static Site site(int i) {
    return Site.builder("http://s" + i + ".silence.test").ipVersions(true, false).frequency(Duration.ofSeconds(1))
        .tags("db").path("/", p -> p.check("status-is", 200)).build();
  }

  @Test
  void eachFailureIsAnnouncedOnceWhenItsSilenceEnds() {
    String url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/"
        + DATABASES.create("fsilence");
    Argos a = engine(url, "node-a");
    Argos b = engine(url, "node-b");
    Instant end = Instant.now().plusSeconds(12);
    a.silence(new Silence("upgrade", null, "db", end.minusSeconds(3600), end, "db upgrade")); // stored: both honour it
    for (int i = 0; i < SITES; i++) {
      a.register(site(i));
    }
    a.start();
    b.start();
    await().atMost(Duration.ofSeconds(11))
        .until(() -> a.store().withheldTasks(100).size() == SITES && a.store().pendingAlerts() == 0);
    assertThat(received).isEmpty();

    // both nodes see the silence end at about the same time; no reminders, and the tasks keep failing unchanged
    await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= SITES);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> received.size() == SITES);
    Map<String, List<String>> byDomain = received.stream().collect(Collectors.groupingBy(al -> al.change().domain(),
        Collectors.mapping(al -> al.kind() + " " + al.change().previous() + "->" + al.severity(),
            Collectors.toList())));
    assertThat(byDomain).hasSize(SITES)
        .allSatisfy((domain, told) -> assertThat(told).as(domain).containsExactly("STATE_CHANGE OK->CRITICAL"));
    assertThat(received).allSatisfy(al -> assertThat(al.kind()).isEqualTo(AlertKind.STATE_CHANGE));
    assertThat(a.store().withheldTasks(100)).isEmpty();
    assertThat(received.stream().map(Alert::severity)).containsOnly(Severity.CRITICAL);
  }
}
