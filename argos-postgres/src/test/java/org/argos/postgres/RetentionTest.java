package org.argos.postgres;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.argos.api.Severity;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.PruneReport;
import org.argos.api.store.RetentionPolicy;
import org.argos.api.store.StoredResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pruning of raw results and history on PostgreSQL (and, by a subclass, H2), in bounded batches. */
class RetentionTest {
  @RegisterExtension
  static final PostgresDatabases PG = new PostgresDatabases();

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration FREQ = Duration.ofMinutes(5);

  private JdbcStore store;
  private long taskA;
  private long taskB;

  @BeforeEach
  void fill() {
    store = createStore();
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    store.register(plan(site("https://b.example", "status-is"), T0), T0);
    // 30 runs of each task, 5 minutes apart, alternating ok and critical: 30 results and 30 changes per task
    for (int i = 0; i < 30; i++) {
      Instant now = T0.plus(FREQ.multipliedBy(i));
      Severity s = i % 2 == 0 ? Severity.OK : Severity.CRITICAL;
      List<ClaimedGroup> groups = store.claimDue("n1", now, now, 10, now.plusSeconds(60));
      assertThat(groups).hasSize(2);
      store.complete(groups.stream().map(g -> new CompletedRun("n1", g, outcome(g, now, s))).toList(), simpleRule());
    }
    taskA = store.tasks("https://a.example").getFirst().taskId();
    taskB = store.tasks("https://b.example").getFirst().taskId();
  }

  JdbcStore createStore() {
    return JdbcStore.postgres(PG.newDatabaseUrl()).poolSize(2).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void deletesResultsOlderThanTheAgeInBatchesAndKeepsHistory() {
    Instant now = T0.plus(FREQ.multipliedBy(29));
    // results of the last hour: runs 17..29 (13 per task); 17 older per task, 34 in all, in batches of 5
    PruneReport r = store.prune(new RetentionPolicy(Duration.ofMinutes(61), 0, null, 5), now);
    assertThat(r.results()).isEqualTo(34);
    assertThat(r.batches()).isEqualTo(7);
    assertThat(r.stateChanges()).isZero();
    assertThat(store.results(taskA, 100)).hasSize(13)
        .allSatisfy(res -> assertThat(res.at()).isAfterOrEqualTo(now.minus(Duration.ofMinutes(61))));
    assertThat(store.history(taskA, 100)).hasSize(30);
    assertThat(store.prune(new RetentionPolicy(Duration.ofMinutes(61), 0, null, 5), now).results()).isZero();
  }

  @Test
  void keepsTheNewestResultsOfEachTask() {
    List<StoredResult> newest = store.results(taskB, 4);
    PruneReport r = store.prune(new RetentionPolicy(null, 4, null, 4), T0.plus(Duration.ofDays(1)));
    assertThat(r.results()).isEqualTo(52);
    assertThat(r.batches()).isEqualTo(2); // one task per statement: its 4 kept results fill a batch of 4
    assertThat(store.results(taskA, 100)).hasSize(4);
    assertThat(store.results(taskB, 100)).isEqualTo(newest);
  }

  @Test
  void historyAndDeliveredAlertsHaveTheirOwnAge() {
    Instant now = T0.plus(FREQ.multipliedBy(29));
    assertThat(store.pendingAlerts()).isEqualTo(58); // every change after the first result
    // a task's alerts are claimed one at a time, in order: deliver the 50 oldest round by round
    for (int done = 0; done < 50; ) {
      var heads = store.claimAlerts("n1", now, 100, now.plusSeconds(30));
      assertThat(heads).hasSize(2); // one per task
      for (var e : heads) {
        store.done(e.alert().id(), e.alert().change().at());
        done++;
      }
    }
    var oldMessage = new org.argos.api.store.OutboxMessage("old", "hook", List.of(1L, 2L));
    var newMessage = new org.argos.api.store.OutboxMessage("new", "hook", List.of(3L));
    store.messageBegun(oldMessage, now.minus(Duration.ofMinutes(31)));
    store.messageBegun(newMessage, now.minus(Duration.ofMinutes(29)));
    PruneReport r = store.prune(RetentionPolicy.results(null, 0).withHistoryMaxAge(Duration.ofMinutes(30)).withBatchSize(10),
        now);
    assertThat(store.begunMessages(List.of(1L, 2L, 3L))).containsExactly(newMessage);
    assertThat(r.results()).isZero();
    assertThat(store.results(taskA, 100)).hasSize(30);
    // changes at runs 23..29 are within 30 minutes (7 per task): 23 older per task
    assertThat(r.stateChanges()).isEqualTo(46);
    assertThat(store.history(taskA, 100)).hasSize(7);
    assertThat(r.alerts()).isPositive();
    assertThat(store.pendingAlerts()).isEqualTo(8);
  }
  @Test
  void incidentsResolvedBeforeTheHistorysAgeGoWithIt() {
    var incidents = store.capability(org.argos.api.store.Incidents.class).orElseThrow();
    Instant now = T0.plus(Duration.ofDays(40));
    var old = incidents.open("default", "Old outage", org.argos.api.IncidentStatus.INVESTIGATING, "down", "ops",
        List.of("https://a.example"), T0);
    incidents.edit(old.id(), new org.argos.api.store.IncidentEdit(null, org.argos.api.IncidentStatus.RESOLVED, "back",
        "ops"), T0.plus(Duration.ofHours(1)));
    var recent = incidents.open("default", "Recent outage", org.argos.api.IncidentStatus.INVESTIGATING, "down", "ops",
        List.of("https://b.example"), now.minus(Duration.ofDays(2)));
    incidents.edit(recent.id(), new org.argos.api.store.IncidentEdit(null, org.argos.api.IncidentStatus.RESOLVED,
        "back", "ops"), now.minus(Duration.ofDays(1)));
    var active = incidents.open("default", "Still down", org.argos.api.IncidentStatus.INVESTIGATING, "down", "ops",
        List.of("https://a.example"), T0);

    PruneReport r = store.prune(RetentionPolicy.results(null, 0).withHistoryMaxAge(Duration.ofDays(30)), now);
    assertThat(r.incidents()).isEqualTo(1);
    assertThat(incidents.incident(old.id())).isEmpty();
    assertThat(incidents.timeline(old.id(), 10)).isEmpty();
    assertThat(incidents.incident(recent.id())).isPresent();
    assertThat(incidents.incident(active.id())).as("an active incident is never pruned, however old").isPresent();
    assertThat(store.prune(RetentionPolicy.results(null, 0).withHistoryMaxAge(Duration.ofDays(30)), now).incidents())
        .isZero();
  }
}
