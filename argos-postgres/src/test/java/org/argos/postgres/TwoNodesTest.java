package org.argos.postgres;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.AlertKind;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.OutboxEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two engine nodes on one PostgreSQL database: each node is its own store with its own connection pool. */
class TwoNodesTest {
  @RegisterExtension
  static final PostgresDatabases PG = new PostgresDatabases();

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private String database;
  private JdbcStore node1;
  private JdbcStore node2;

  @BeforeEach
  void open() {
    database = PG.create();
    String url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/" + database;
    node1 = JdbcStore.postgres(url).poolSize(3).poolName("node1").build();
    node2 = JdbcStore.postgres(url).poolSize(3).poolName("node2").build();
  }

  @AfterEach
  void close() {
    node1.close();
    node2.close();
  }

  @Test
  void concurrentClaimsFromTwoNodesNeverHandTheSameGroupToBoth() throws Exception {
    for (int i = 0; i < 300; i++) {
      node1.register(plan(site("https://s" + i + ".example", "status-is"), T0.plusSeconds(i % 7)), T0);
    }
    Map<Long, String> owner = new ConcurrentHashMap<>();
    List<Long> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> futures = new ArrayList<>();
    for (JdbcStore node : List.of(node1, node2)) {
      String name = node == node1 ? "n1" : "n2";
      futures.add(pool.submit(() -> {
        start.await();
        int claimed = 0;
        List<ClaimedGroup> got;
        do {
          got = node.claimDue(name, T0.plusSeconds(10), T0.plusSeconds(10), 8, T0.plusSeconds(70));
          for (ClaimedGroup g : got) {
            claimed++;
            if (owner.putIfAbsent(g.groupId(), name) != null) {
              duplicates.add(g.groupId());
            }
          }
        } while (!got.isEmpty());
        return claimed;
      }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : futures) {
      total += f.get();
    }
    pool.shutdown();
    assertThat(duplicates).isEmpty();
    assertThat(owner).hasSize(300);
    assertThat(total).isEqualTo(300);
  }

  @Test
  void aDeadNodesExpiredLeaseIsTakenOverByTheOtherNode() {
    node1.register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup claimed = node1.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).getFirst();
    assertThat(node2.claimDue("n2", T0.plusSeconds(59), T0.plusSeconds(59), 10, T0.plusSeconds(120))).isEmpty();
    List<ClaimedGroup> takenOver = node2.claimDue("n2", T0.plusSeconds(61), T0.plusSeconds(61), 10, T0.plusSeconds(120));
    assertThat(takenOver).extracting(ClaimedGroup::groupId).containsExactly(claimed.groupId());
    assertThat(takenOver.getFirst().dueAt()).isEqualTo(T0);
    // n2 records the run; the group is unclaimed and scheduled after the frequency
    node2.complete(List.of(new CompletedRun("n2", takenOver.getFirst(), outcome(takenOver.getFirst(), T0.plusSeconds(62),
        Severity.OK))), simpleRule());
    assertThat(node1.nextDue()).contains(T0.plusSeconds(62).plus(Duration.ofMinutes(5)));
  }

  @Test
  void aRuleThatThrowsMidBatchLeavesNothingOfTheBatchWritten() throws Exception {
    for (int i = 0; i < 5; i++) {
      node1.register(plan(site("https://s" + i + ".example", "status-is", "body-contains"), T0), T0);
    }
    List<ClaimedGroup> groups = node1.claimDue("n1", T0, T0, 10, T0.plusSeconds(60));
    // a first batch that lands, so the failing one has previous states, history and an alert to add
    node1.complete(groups.stream().map(g -> new CompletedRun("n1", g, outcome(g, T0, Severity.OK))).toList(), simpleRule());
    List<ClaimedGroup> again = node1.claimDue("n1", T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(5)), 10,
        T0.plus(Duration.ofMinutes(6)));
    assertThat(again).hasSize(5);
    Map<String, Long> before = rowCounts();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> node1.complete(
        again.stream().map(g -> new CompletedRun("n1", g, outcome(g, T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL))).toList(),
        (group, task, prev, result, at) -> {
          if (calls.incrementAndGet() == 7) {
            throw new IllegalStateException("rule bug on the 7th task");
          }
          return simpleRule().apply(group, task, prev, result, at);
        })).isInstanceOf(IllegalStateException.class).hasMessage("rule bug on the 7th task");
    assertThat(calls.get()).isEqualTo(7);
    assertThat(rowCounts()).isEqualTo(before);
    assertThat(node1.severityCounts()).isEqualTo(new SeverityCounts(10, 0, 0, 0, 0));
    assertThat(node1.pendingAlerts()).isZero();
    // the claims stand: the engine may retry the batch, nobody else runs those groups before the lease ends
    assertThat(node2.claimDue("n2", T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(5)), 10,
        T0.plus(Duration.ofMinutes(7)))).isEmpty();
    var report = node1.complete(
        again.stream().map(g -> new CompletedRun("n1", g, outcome(g, T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL))).toList(),
        simpleRule());
    assertThat(report.results()).isEqualTo(10);
    assertThat(report.alerts()).hasSize(10);
    assertThat(node2.severityCounts()).isEqualTo(new SeverityCounts(0, 0, 10, 0, 0));
    assertThat(report.alerts()).allSatisfy(a -> assertThat(node1.result(a.change().resultId())).isPresent());
  }

  @Test
  void twoNodesRecordingRunsOfOneSiteAtOnceKeepTheAggregatesExact() throws Exception {
    // one site, many paths: the two nodes' transactions touch the same site row and counts
    Site.Builder b = Site.builder("https://busy.example").ipVersions(true, false);
    for (int p = 0; p < 20; p++) {
      b.path("/p" + p, x -> x.check("status-is", 200));
    }
    node1.register(plan(b.build(), T0), T0);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> futures = new ArrayList<>();
    for (JdbcStore node : List.of(node1, node2)) {
      String name = node == node1 ? "n1" : "n2";
      futures.add(pool.submit(() -> {
        start.await();
        for (int round = 0; round < 6; round++) {
          Instant now = T0.plus(Duration.ofMinutes(5L * round));
          List<ClaimedGroup> got;
          while (!(got = node.claimDue(name, now, now, 3, now.plusSeconds(60))).isEmpty()) {
            Severity s = round % 2 == 0 ? Severity.CRITICAL : Severity.OK;
            node.complete(got.stream().map(g -> new CompletedRun(name, g, outcome(g, now, s))).toList(), simpleRule());
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    SeverityCounts counts = node1.severityCounts();
    assertThat(counts.total()).isEqualTo(20);
    assertThat(counts).isEqualTo(recount());
  }

  @Test
  void reRegisteringASiteWhileTheOtherNodeRecordsItsRunsNeitherDeadlocksNorSkewsTheCounts() throws Exception {
    Site small = site("https://busy.example", "status-is");
    Site big = site("https://busy.example", "status-is", "body-contains", "headers-contain");
    node1.register(plan(big, T0), T0);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    // node1 flips the site between one and three checks; node2 runs whatever is due meanwhile
    Future<?> registrations = pool.submit(() -> {
      start.await();
      for (int i = 0; i < 40; i++) {
        node1.register(plan(i % 2 == 0 ? small : big, T0), T0);
      }
      return null;
    });
    Future<Integer> runs = pool.submit(() -> {
      start.await();
      int recorded = 0;
      for (int i = 0; i < 40; i++) {
        Instant now = T0.plus(Duration.ofMinutes(10L * i));
        for (ClaimedGroup g : node2.claimDue("n2", now, now, 10, now.plusSeconds(60))) {
          Severity s = i % 3 == 0 ? Severity.CRITICAL : Severity.OK;
          recorded += node2.complete(List.of(new CompletedRun("n2", g, outcome(g, now, s))), simpleRule()).results();
        }
      }
      return recorded;
    });
    start.countDown();
    registrations.get();
    assertThat(runs.get()).isPositive();
    pool.shutdown();
    assertThat(node1.severityCounts()).isEqualTo(recount());
    assertThat(node1.severityCounts().total()).isEqualTo(3);
    // the site aggregate agrees with the tasks' states, and the per-severity site count with it
    var line = node1.domains(org.argos.api.DomainQuery.firstPage(10)).domains().getFirst();
    Severity worst = node1.tasks("https://busy.example").stream().filter(t -> t.state() != null)
        .map(t -> t.state().severity()).reduce(null, (a, b) -> Severity.worst(a, b), (a, b) -> Severity.worst(a, b));
    assertThat(line.worst()).isEqualTo(worst);
    if (worst != null) {
      assertThat(node1.domains(new org.argos.api.DomainQuery(worst, null, null, 0, 10)).totalDomains()).isEqualTo(1);
    }
    assertThat(node1.siteCount()).isEqualTo(1);
  }

  @Test
  void eachAlertIsDeliveredOnceWithTwoConcurrentDrainers() throws Exception {
    StateChange c = new StateChange(0, "https://a.example", "https://a.example/", "GET", IpVersion.IPV4,
        new CheckSpec("status-is", 200), Severity.OK, Severity.CRITICAL, T0, "down", 0);
    for (int i = 0; i < 200; i++) {
      node1.enqueue(AlertKind.STATE_CHANGE, c);
    }
    Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> futures = new ArrayList<>();
    for (JdbcStore node : List.of(node1, node2)) {
      String name = node == node1 ? "n1" : "n2";
      futures.add(pool.submit(() -> {
        start.await();
        List<OutboxEntry> got;
        while (!(got = node.claimAlerts(name, T0, 5, T0.plusSeconds(60))).isEmpty()) {
          for (OutboxEntry e : got) {
            deliveries.computeIfAbsent(e.alert().id(), k -> new AtomicInteger()).incrementAndGet();
            node.delivered(e.alert().id(), "mail");
            node.done(e.alert().id(), T0.plusSeconds(1));
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(deliveries).hasSize(200);
    assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(node2.pendingAlerts()).isZero();
  }

  private SeverityCounts recount() throws Exception {
    long[] n = new long[5];
    try (Connection conn = PostgresDatabases.connect(database); Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("select coalesce(ts.severity_rank, 4), count(*) from tasks t"
            + " left join task_states ts on ts.task_id = t.id group by 1")) {
      while (rs.next()) {
        n[rs.getInt(1)] = rs.getLong(2);
      }
    }
    return new SeverityCounts(n[3], n[2], n[1], n[0], n[4]);
  }

  private Map<String, Long> rowCounts() throws Exception {
    Map<String, Long> counts = new java.util.TreeMap<>();
    try (Connection conn = PostgresDatabases.connect(database); Statement s = conn.createStatement()) {
      for (String table : List.of("results", "task_states", "state_changes", "alert_outbox")) {
        try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
      try (ResultSet rs = s.executeQuery("select string_agg(severity_rank || ':' || last_run_at, ',' order by task_id) from task_states")) {
        rs.next();
        counts.put("states:" + rs.getString(1), 0L);
      }
    }
    return counts;
  }
}
