package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.AlertRouting;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.argos.engine.Argos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20 §5: two engines on one PostgreSQL database deliver the alerts of one outage between them; they open one
 * incident, not one each, and resolve it when every site is back.
 */
class IncidentsTwoEnginesTest {
  @RegisterExtension static final PostgresDatabases DATABASES = new PostgresDatabases();

  private static final int SITES = 20;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  /** The status every site answers. */
  private final AtomicInteger status = new AtomicInteger(503);

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private Argos engine(String url, String node) {
    JdbcStore store = closeLater(JdbcStore.postgres(url).poolSize(4).poolName(node).build());
    Probe probe = request -> new ProbeResponse(request, status.get(), Map.of(), new byte[0], false, List.of(),
        "http/1.1", request.url(), List.of(), ProbeTimings.ofTotal(Duration.ofMillis(1)), null);
    Notifier quiet = new Notifier() {
      @Override
      public String channel() {
        return "ops";
      }

      @Override
      public void send(Notification n) {}
    };
    return closeLater(Argos.builder().store(store).nodeId(node).probe(probe).discoverPlugins(false)
        .install(StatusIs.PROVIDER).claims(Duration.ofMillis(300), Duration.ofSeconds(3), 200)
        .grouping(Duration.ofMillis(500), 50).causeHold(Duration.ZERO).notifiers(quiet).routing(AlertRouting.all("ops")).build());
  }

  private static Site site(int i) {
    return Site.builder("http://s" + i + ".incident.test").ipVersions(true, false).frequency(Duration.ofSeconds(1))
        .path("/", p -> p.check("status-is", 200)).build();
  }

  @Test
  void twoNodesOpenOneIncidentForOneOutageAndResolveItWhenAllRecover() {
    String url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/"
        + DATABASES.create("incidents2");
    Argos a = engine(url, "node-a");
    Argos b = engine(url, "node-b");
    for (int i = 0; i < SITES; i++) {
      a.register(site(i));
    }
    a.start();
    b.start();
    Incidents incidents = a.store().capability(Incidents.class).orElseThrow();
    IncidentQuery all = IncidentQuery.of(IncidentQuery.Which.ALL, 10);
    // no cause hold: alerts of a cause already told would wait 5 min in the outbox when the outage's failures come in
    // several delivery rounds (two loaded cores), and pendingAlerts() would not reach 0 before
    await().atMost(Duration.ofSeconds(60)).until(() -> a.store().pendingAlerts() == 0
        && !incidents.incidents(all).isEmpty()
        && incidents.incidents(all).get(0).domainCount() >= 3);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> incidents.incidents(all).size() == 1);
    Incident one = incidents.incidents(all).get(0);
    assertThat(one.automatic()).isTrue();
    assertThat(one.cause()).isNotNull();
    assertThat(one.status()).isEqualTo(IncidentStatus.INVESTIGATING);

    status.set(200);
    await().atMost(Duration.ofSeconds(60))
        .until(() -> incidents.incident(one.id()).orElseThrow().status() == IncidentStatus.RESOLVED);
    assertThat(incidents.incidents(all)).hasSize(1);
  }
}
