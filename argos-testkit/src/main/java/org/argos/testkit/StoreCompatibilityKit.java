package org.argos.testkit;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.RequestData;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.GroupPlan;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Store} honours. A store implementation runs it with a subclass that creates a fresh, empty
 * store per test:
 *
 * <pre>{@code
 * class MyStoreTest extends StoreCompatibilityKit {
 *   protected Store createStore() { return new MyStore(...); }
 * }
 * }</pre>
 */
public abstract class StoreCompatibilityKit {
  /** A fixed start time; stores must take time only from their arguments. */
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final Instant FAR = T0.plus(Duration.ofDays(365));

  /** The store under test, fresh for each test. */
  protected Store store;

  /**
   * @return a new, empty store
   * @throws Exception if it cannot be created
   */
  protected abstract Store createStore() throws Exception;

  /**
   * @return whether the store reserves result ids ({@link Store#reserveResultIds}); a store that keeps the SPI's
   *     default (it numbers results itself) overrides this to return false, and the kit then checks that it ignores
   *     the ids outcomes carry
   */
  protected boolean reservesResultIds() {
    return true;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private List<ClaimedGroup> claimAll(String node, Instant now) {
    return store.claimDue(node, now, now, 1000, now.plusSeconds(60));
  }

  private CompletionReport run(ClaimedGroup g, Instant at, Severity... severities) {
    return store.complete(List.of(new CompletedRun("n1", g, outcome(g, at, severities))), simpleRule());
  }

  @Test
  void registersANewSiteAndReadsItBack() {
    Site s = site("https://a.example", "status-is", "body-contains");
    RegistrationResult r = store.register(plan(s, T0), T0);
    assertThat(r.created()).isTrue();
    assertThat(r.tasksAdded()).isEqualTo(2);
    assertThat(store.site("https://a.example")).contains(s);
    assertThat(store.siteCount()).isEqualTo(1);
    assertThat(store.sites(0, 10)).containsExactly(s);
    assertThat(store.site("https://nope.example")).isEmpty();
    List<TaskStatus> tasks = store.tasks("https://a.example");
    assertThat(tasks).hasSize(2).allSatisfy(t -> {
      assertThat(t.state()).isNull();
      assertThat(t.url()).isEqualTo("https://a.example/");
      assertThat(t.nextRunAt()).isEqualTo(T0);
      assertThat(store.task(t.taskId())).contains(t);
    });
    assertThat(tasks).extracting(t -> t.check().type()).containsExactly("body-contains", "status-is");
  }

  @Test
  void sitesArePagedInDomainOrder() {
    for (String d : List.of("https://c.example", "https://a.example", "https://b.example")) {
      store.register(plan(site(d, "status-is"), T0), T0);
    }
    assertThat(store.sites(0, 2)).extracting(Site::domain).containsExactly("https://a.example", "https://b.example");
    assertThat(store.sites(2, 2)).extracting(Site::domain).containsExactly("https://c.example");
    assertThat(store.siteCount()).isEqualTo(3);
  }

  @Test
  void reRegisteringTheSameSiteKeepsTasksAndTheirState() {
    Site s = site("https://a.example", "status-is");
    store.register(plan(s, T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    run(g, T0.plusSeconds(1), Severity.CRITICAL);
    long taskId = g.tasks().get(0).taskId();

    RegistrationResult again = store.register(plan(s, T0.plusSeconds(5)), T0.plusSeconds(5));
    assertThat(again.created()).isFalse();
    assertThat(again.unchanged()).isTrue();
    assertThat(again.tasksKept()).isEqualTo(1);
    TaskStatus t = store.task(taskId).orElseThrow();
    assertThat(t.state()).isNotNull();
    assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(store.history(taskId, 10)).hasSize(1);
  }

  @Test
  void reRegisteringWithFewerChecksDeletesTheRemovedTasks() {
    store.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    run(g, T0, Severity.OK, Severity.CRITICAL);
    long removed = g.tasks().stream().filter(t -> t.check().type().equals("body-contains")).findFirst().orElseThrow().taskId();

    RegistrationResult r = store.register(plan(site("https://a.example", "status-is"), T0), T0.plusSeconds(1));
    assertThat(r.tasksRemoved()).isEqualTo(1);
    assertThat(r.tasksKept()).isEqualTo(1);
    assertThat(store.task(removed)).isEmpty();
    assertThat(store.results(removed, 10)).isEmpty();
    assertThat(store.history(removed, 10)).isEmpty();
    assertThat(store.severityCounts()).isEqualTo(new SeverityCounts(1, 0, 0, 0, 0));
  }

  @Test
  void aChangedFrequencyPullsTheNextRunIn() {
    Site s = site("https://a.example", "status-is");
    store.register(plan(s, T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    run(g, T0, Severity.OK); // next run at T0 + 5 min
    Site faster = s.toBuilder().frequency(Duration.ofMinutes(1)).build();
    store.register(plan(faster, T0), T0.plusSeconds(10));
    assertThat(store.tasks(s.domain()).get(0).nextRunAt()).isEqualTo(T0.plusSeconds(70));
    assertThat(store.site(s.domain())).contains(faster);
  }

  @Test
  void unregisterDeletesEverything() {
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    store.register(plan(site("https://b.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).stream().filter(c -> c.domain().equals("https://a.example")).findFirst().orElseThrow();
    run(g, T0, Severity.CRITICAL);
    long taskId = g.tasks().get(0).taskId();

    assertThat(store.unregister("https://a.example")).isTrue();
    assertThat(store.unregister("https://a.example")).isFalse();
    assertThat(store.site("https://a.example")).isEmpty();
    assertThat(store.tasks("https://a.example")).isEmpty();
    assertThat(store.task(taskId)).isEmpty();
    assertThat(store.siteCount()).isEqualTo(1);
    assertThat(store.severityCounts()).isEqualTo(new SeverityCounts(0, 0, 0, 0, 1));
    assertThat(store.domains(DomainQuery.firstPage(10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://b.example");
  }

  @Test
  void claimsOnlyDueGroupsEarliestFirstUpToTheLimit() {
    store.register(plan(site("https://late.example", "status-is"), T0.plusSeconds(30)), T0);
    store.register(plan(site("https://early.example", "status-is"), T0.plusSeconds(10)), T0);
    store.register(plan(site("https://later.example", "status-is"), T0.plusSeconds(300)), T0);
    assertThat(store.nextDue()).contains(T0.plusSeconds(10));
    assertThat(store.claimDue("n1", T0, T0.plusSeconds(5), 10, T0.plusSeconds(60))).isEmpty();

    List<ClaimedGroup> claimed = store.claimDue("n1", T0, T0.plusSeconds(60), 10, T0.plusSeconds(120));
    assertThat(claimed).extracting(ClaimedGroup::domain).containsExactly("https://early.example", "https://late.example");
    assertThat(claimed.get(0).dueAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(claimed.get(0).leaseUntil()).isEqualTo(T0.plusSeconds(120));
    assertThat(claimed.get(0).tasks()).hasSize(1);
    assertThat(store.nextDue()).contains(T0.plusSeconds(300));

    store.register(plan(site("https://x.example", "status-is"), T0), T0);
    store.register(plan(site("https://y.example", "status-is"), T0), T0);
    assertThat(store.claimDue("n2", T0, T0, 1, T0.plusSeconds(60))).hasSize(1);
  }

  @Test
  void aClaimedGroupsRequestHasTheKeyItWasPlannedWith() {
    // The engine places each group in its period by a hash of its key, when planning and again after a late run
    // from the claimed request: the request must come back from the store with the same key.
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("q", List.of(1, "two", Map.of("three", 3.5)));
    body.put("none", null);
    Site s = Site.builder("https://api.example:8443").timeout(Duration.ofMillis(2500))
        .path("/search?x=1", p -> p.method("POST")
            .requestData(new RequestData(body, true, Map.of("X-Token", "t")))
            .check("status-in", List.of(200, 201)).followRedirects(3))
        .path("/", p -> p.check("status-is", 200))
        .build();
    SitePlan planned = plan(s, T0);
    store.register(planned, T0);
    List<String> keys = store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).stream().map(g -> g.request().key()).toList();
    assertThat(keys).containsExactlyInAnyOrderElementsOf(
        planned.groups().stream().map(GroupPlan::key).toList());
  }

  @Test
  void aClaimedGroupIsNotClaimedAgainUntilItsLeaseExpires() {
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    assertThat(store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60))).hasSize(1);
    assertThat(store.claimDue("n2", T0.plusSeconds(30), T0.plusSeconds(30), 10, T0.plusSeconds(90))).isEmpty();
    List<ClaimedGroup> takenOver = store.claimDue("n2", T0.plusSeconds(61), T0.plusSeconds(61), 10, T0.plusSeconds(120));
    assertThat(takenOver).hasSize(1);
    assertThat(takenOver.get(0).leaseUntil()).isEqualTo(T0.plusSeconds(120));
  }

  @Test
  void releasedGroupsAreClaimableAtOnce() {
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    store.release("n1", List.of(g.groupId()));
    assertThat(claimAll("n2", T0)).extracting(ClaimedGroup::groupId).containsExactly(g.groupId());
  }

  @Test
  void releaseAllGivesBackEveryGroupOfOneNodeAndNoOther() {
    for (String d : List.of("https://a.example", "https://b.example", "https://c.example")) {
      store.register(plan(site(d, "status-is"), T0), T0);
    }
    List<ClaimedGroup> mine = store.claimDue("n1", T0, T0, 2, T0.plusSeconds(60));
    List<ClaimedGroup> theirs = store.claimDue("n2", T0, T0, 10, T0.plusSeconds(60));
    assertThat(theirs).hasSize(1);
    assertThat(store.releaseAll("n1")).isEqualTo(2);
    assertThat(store.releaseAll("n1")).isZero();
    assertThat(claimAll("n3", T0)).extracting(ClaimedGroup::groupId)
        .containsExactlyInAnyOrderElementsOf(mine.stream().map(ClaimedGroup::groupId).toList());
  }

  @Test
  void releaseAllExceptKeepsTheGivenGroupsOfTheNodeAndGivesBackItsOthers() {
    for (String d : List.of("https://a.example", "https://b.example", "https://c.example", "https://d.example")) {
      store.register(plan(site(d, "status-is"), T0), T0);
    }
    List<ClaimedGroup> mine = store.claimDue("n1", T0, T0, 3, T0.plusSeconds(60));
    List<ClaimedGroup> theirs = store.claimDue("n2", T0, T0, 10, T0.plusSeconds(60));
    assertThat(mine).hasSize(3);
    assertThat(theirs).hasSize(1);
    long kept = mine.get(0).groupId();
    int released = store.releaseAllExcept("n1", List.of(kept, theirs.get(0).groupId()));
    if (released == 0) { // a store without it (the SPI's default): claims end with their lease
      assertThat(claimAll("n3", T0)).isEmpty();
      return;
    }
    assertThat(released).isEqualTo(2);
    assertThat(claimAll("n3", T0)).extracting(ClaimedGroup::groupId)
        .containsExactlyInAnyOrder(mine.get(1).groupId(), mine.get(2).groupId());
    assertThat(store.releaseAllExcept("n1", List.of(kept))).isZero();
    assertThat(store.releaseAll("n1")).isEqualTo(1); // the kept claim was still n1's
  }

  @Test
  void aNodeSilentForLongerThanAllowedHasItsClaimsTakenOverBeforeTheLease() {
    Optional<Instant> first = store.heartbeat("n1", "host1", 1, T0);
    if (first.isEmpty()) { // a store without heartbeats (one node) takes nobody over
      assertThat(store.takeOverSilentNodes("n2", Duration.ZERO)).isEmpty();
      return;
    }
    assertThat(Duration.between(first.get(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(10));
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    store.register(plan(site("https://b.example", "status-is"), T0), T0);
    ClaimedGroup silent = store.claimDue("n1", T0, T0, 1, T0.plusSeconds(600)).get(0);
    ClaimedGroup unknown = store.claimDue("n9", T0, T0, 1, T0.plusSeconds(600)).get(0); // never beat: only its lease
    // the store's time moves on past n1's beat (no sleep: it is the store's clock that must pass it)
    Instant later;
    do {
      later = store.heartbeat("n2", "host2", 2, T0).orElseThrow();
    } while (!later.isAfter(first.get()));
    assertThat(store.takeOverSilentNodes("n2", Duration.ofMinutes(10))).isEmpty();
    assertThat(claimAll("n2", T0)).isEmpty();
    assertThat(store.takeOverSilentNodes("n2", Duration.ZERO)).containsExactly("n1");
    assertThat(claimAll("n2", T0)).extracting(ClaimedGroup::groupId).containsExactly(silent.groupId());
    assertThat(store.takeOverSilentNodes("n2", Duration.ZERO)).isEmpty(); // forgotten until it beats again
    assertThat(unknown.groupId()).isNotEqualTo(silent.groupId());
  }

  @Test
  void aHeartbeatWithAnInstanceTokenReportsTheRowAnotherInstanceWrote() {
    Optional<org.argos.api.store.Heartbeat> first = store.heartbeat("n1", "instance-a", "host1", 11, T0);
    if (first.isEmpty()) { // a store without heartbeats (one process) has nothing to compare
      assertThat(store.lastHeartbeat("n1")).isEmpty();
      return;
    }
    assertThat(first.get().overwritten()).isNull(); // no row before
    org.argos.api.store.NodeBeat last = store.lastHeartbeat("n1").orElseThrow();
    assertThat(last.instance()).isEqualTo("instance-a");
    assertThat(last.host()).isEqualTo("host1");
    assertThat(last.pid()).isEqualTo(11);
    assertThat(last.lastHeartbeat()).isEqualTo(first.get().storeTime());
    assertThat(last.age()).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofMinutes(10));
    assertThat(store.heartbeat("n1", "instance-a", "host1", 11, T0).orElseThrow().overwritten()).isNull(); // its own
    // another process with the same node id beats: the row it replaced names the first one
    org.argos.api.store.Heartbeat twin = store.heartbeat("n1", "instance-b", "host2", 22, T0).orElseThrow();
    assertThat(twin.overwritten()).isNotNull();
    assertThat(twin.overwritten().instance()).isEqualTo("instance-a");
    assertThat(twin.overwritten().host()).isEqualTo("host1");
    assertThat(twin.overwritten().pid()).isEqualTo(11);
    assertThat(store.heartbeat("n1", "instance-a", "host1", 11, T0).orElseThrow().overwritten().instance())
        .isEqualTo("instance-b");
    assertThat(store.lastHeartbeat("n2")).isEmpty();
    store.nodeStopped("n1");
    assertThat(store.lastHeartbeat("n1")).isEmpty();
  }

  @Test
  void completingARunStoresResultsStateHistoryAndNextRun() {
    store.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    CompletionReport report = run(g, T0.plusSeconds(2), Severity.OK, Severity.WARNING);
    assertThat(report.results()).isEqualTo(2);
    assertThat(report.changes()).hasSize(2);
    assertThat(report.alerts()).isEmpty(); // first results: the simple rule alerts only on later changes

    for (TaskStatus t : store.tasks("https://a.example")) {
      assertThat(t.state()).isNotNull();
      assertThat(t.state().lastRunAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(t.nextRunAt()).isEqualTo(T0.plusSeconds(2).plus(Duration.ofMinutes(5)));
      List<StoredResult> results = store.results(t.taskId(), 10);
      assertThat(results).hasSize(1);
      assertThat(results.get(0).result().context()).containsEntry("kit", true);
      assertThat(store.result(results.get(0).id())).contains(results.get(0));
      List<StateChange> h = store.history(t.taskId(), 10);
      assertThat(h).hasSize(1);
      assertThat(h.get(0).previous()).isNull();
      assertThat(h.get(0).resultId()).isEqualTo(results.get(0).id());
    }
    assertThat(store.severityCounts()).isEqualTo(new SeverityCounts(1, 1, 0, 0, 0));
    // claim cleared: due again after the frequency only
    assertThat(claimAll("n1", T0.plusSeconds(10))).isEmpty();
    assertThat(claimAll("n1", T0.plusSeconds(2).plus(Duration.ofMinutes(5)))).hasSize(1);
  }

  @Test
  void aRunIsRecordedOnlyWhileItsNodeHoldsTheClaimForItsDueTime() {
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    long task = g.tasks().get(0).taskId();
    assertThat(run(g, T0.plusSeconds(1), Severity.OK).results()).isEqualTo(1);
    // the same batch again, as after a commit whose answer was lost: nothing twice, the next run stays
    assertThat(run(g, T0.plusSeconds(1), Severity.OK).results()).isZero();
    assertThat(store.results(task, 10)).hasSize(1);
    Instant next = T0.plusSeconds(1).plus(Duration.ofMinutes(5));
    assertThat(store.nextDue()).contains(next);

    // n1 claims the next run and stalls past its lease; n2 takes the group over and records the run
    ClaimedGroup stalled = store.claimDue("n1", next, next, 10, next.plusSeconds(60)).get(0);
    Instant later = next.plusSeconds(61);
    ClaimedGroup takenOver = store.claimDue("n2", later, later, 10, later.plusSeconds(60)).get(0);
    assertThat(takenOver.dueAt()).isEqualTo(stalled.dueAt());
    CompletionReport byN2 = store.complete(List.of(new CompletedRun("n2", takenOver,
        outcome(takenOver, later, Severity.CRITICAL))), simpleRule());
    assertThat(byN2.results()).isEqualTo(1);
    // n1 wakes up: its run of the same due time is not recorded, and does not set the next run back
    CompletionReport late = store.complete(List.of(new CompletedRun("n1", stalled,
        outcome(stalled, later.plusSeconds(1), Severity.OK))), simpleRule());
    assertThat(late.results()).isZero();
    assertThat(late.changes()).isEmpty();
    assertThat(store.results(task, 10)).hasSize(2);
    assertThat(store.tasks("https://a.example").get(0).state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(store.nextDue()).contains(later.plus(Duration.ofMinutes(5)));
  }

  @Test
  void aChangeAfterTheFirstResultGoesToHistoryAndOutbox() {
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    run(g, T0, Severity.OK);
    ClaimedGroup g2 = claimAll("n1", T0.plus(Duration.ofMinutes(5))).get(0);
    CompletionReport r = run(g2, T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL);
    assertThat(r.alerts()).hasSize(1);
    Alert a = r.alerts().get(0);
    assertThat(a.kind()).isEqualTo(AlertKind.STATE_CHANGE);
    assertThat(a.change().previous()).isEqualTo(Severity.OK);
    assertThat(a.change().current()).isEqualTo(Severity.CRITICAL);
    assertThat(a.change().domain()).isEqualTo("https://a.example");
    assertThat(a.change().resultId()).isPositive();
    long taskId = g.tasks().get(0).taskId();
    assertThat(store.history(taskId, 10)).extracting(StateChange::current).containsExactly(Severity.CRITICAL, Severity.OK);
    assertThat(store.results(taskId, 10)).hasSize(2);
    assertThat(store.results(taskId, 1)).extracting(StoredResult::at).containsExactly(T0.plus(Duration.ofMinutes(5)));
    assertThat(store.pendingAlerts()).isEqualTo(1);

    ClaimedGroup g3 = claimAll("n1", T0.plus(Duration.ofMinutes(10))).get(0);
    CompletionReport same = run(g3, T0.plus(Duration.ofMinutes(10)), Severity.CRITICAL);
    assertThat(same.changes()).isEmpty();
    assertThat(same.alerts()).isEmpty();
    assertThat(store.history(taskId, 10)).hasSize(2);
  }

  @Test
  void theGroupRunsAtTheEarliestNextRunItsTasksAskFor() {
    store.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    long first = g.tasks().get(0).taskId();
    store.complete(List.of(new CompletedRun("n1", g, outcome(g, T0))), (group, task, prev, result, at) -> {
      var t = simpleRule().apply(group, task, prev, result, at);
      return task.taskId() == first ? new org.argos.api.store.Transition(t.next(), t.severityChanged(), t.alert(), at.plusSeconds(42)) : t;
    });
    assertThat(store.nextDue()).contains(T0.plusSeconds(42));
  }

  @Test
  void outcomesOfDeletedTasksAreDropped() {
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    store.unregister("https://a.example");
    CompletionReport r = run(g, T0, Severity.CRITICAL);
    assertThat(r.results()).isZero();
    assertThat(store.severityCounts().total()).isZero();
  }

  /** The group's outcome with each task's result given a reserved id and an author, by position (null: none). */
  private static GroupOutcome reported(ClaimedGroup g, Instant at, List<@Nullable Long> ids, @Nullable String by) {
    List<TaskOutcome> out = new ArrayList<>();
    List<TaskOutcome> plain = outcome(g, at, Severity.OK).outcomes();
    for (int i = 0; i < plain.size(); i++) {
      out.add(new TaskOutcome(plain.get(i).taskId(), plain.get(i).result(), i < ids.size() ? ids.get(i) : null, by));
    }
    return new GroupOutcome(g.groupId(), at, at, out);
  }

  @Test
  void reservedResultIdsNameTheRowsWrittenForThemAndResultsKeepTheirAuthor() {
    store.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    long first = g.tasks().get(0).taskId();
    long second = g.tasks().get(1).taskId();
    assertThat(store.reserveResultIds(0)).isEmpty();
    assertThatThrownBy(() -> store.reserveResultIds(-1)).isInstanceOf(IllegalArgumentException.class);
    List<Long> ids = store.reserveResultIds(3);
    if (reservesResultIds()) {
      assertThat(ids).hasSize(3).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
    } else {
      assertThat(ids).as("a store that does not reserve ids says so with an empty list").isEmpty();
    }
    // A store that does not reserve ids numbers results itself, whatever an outcome carries.
    List<@Nullable Long> given = java.util.Arrays.asList(ids.isEmpty() ? 987_654_321L : ids.get(1), null);

    CompletionReport r = store.complete(
        List.of(new CompletedRun("n1", g, reported(g, T0.plusSeconds(1), given, "agent-7"))), simpleRule());
    assertThat(r.results()).isEqualTo(2);
    StoredResult a = store.results(first, 10).get(0);
    StoredResult b = store.results(second, 10).get(0);
    assertThat(a.node()).as("a result reported by an agent is the agent's").isEqualTo("agent-7");
    assertThat(b.node()).isEqualTo("agent-7");
    assertThat(store.result(a.id())).contains(a);
    assertThat(store.result(b.id())).contains(b);
    assertThat(store.history(first, 10).get(0).resultId()).isEqualTo(a.id());
    if (ids.isEmpty()) {
      assertThat(a.id()).isNotEqualTo(987_654_321L);
      return;
    }
    assertThat(a.id()).as("the reserved id names the row").isEqualTo(ids.get(1));
    assertThat(b.id()).as("an outcome without a reserved id is numbered by the store, apart from reserved ids")
        .isNotIn(ids);

    // Wrong ids never lose a batch: an id given twice, one already stored, one never handed out each get a fresh id.
    Instant next = T0.plusSeconds(1).plus(Duration.ofMinutes(5));
    ClaimedGroup again = store.claimDue("n1", next, next, 10, next.plusSeconds(60)).get(0);
    GroupOutcome twice = reported(again, next, List.of(ids.get(0), ids.get(0)), null);
    assertThat(store.complete(List.of(new CompletedRun("n1", again, twice)), simpleRule()).results()).isEqualTo(2);
    StoredResult a2 = store.results(first, 10).get(0);
    StoredResult b2 = store.results(second, 10).get(0);
    assertThat(a2.node()).as("without an author, the result is the node's").isEqualTo("n1");
    assertThat(List.of(a2.id(), b2.id())).doesNotHaveDuplicates().doesNotContain(a.id(), b.id());

    Instant third = next.plus(Duration.ofMinutes(5));
    ClaimedGroup once = store.claimDue("n1", third, third, 10, third.plusSeconds(60)).get(0);
    long unissued = java.util.Collections.max(ids) + 1_000_000;
    GroupOutcome wrong = reported(once, third, List.of(ids.get(1), unissued), null);
    assertThat(store.complete(List.of(new CompletedRun("n1", once, wrong)), simpleRule()).results()).isEqualTo(2);
    StoredResult a3 = store.results(first, 10).get(0);
    StoredResult b3 = store.results(second, 10).get(0);
    assertThat(a3.id()).as("an id already stored is not used again").isNotEqualTo(a.id());
    assertThat(b3.id()).as("an id the store never handed out is not used").isNotEqualTo(unissued);
    assertThat(store.result(a.id())).contains(a);
    List<Long> seen = List.of(a.id(), b.id(), a2.id(), b2.id(), a3.id(), b3.id());
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(store.reserveResultIds(5)).doesNotContainAnyElementsOf(ids).doesNotContainAnyElementsOf(seen);
  }

  @Test
  void aFailingRuleLeavesNothingHalfWritten() {
    store.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    long second = g.tasks().get(1).taskId();
    assertThatThrownBy(() -> store.complete(List.of(new CompletedRun("n1", g, outcome(g, T0))), (group, task, prev, result, at) -> {
      if (task.taskId() == second) {
        throw new IllegalStateException("rule failed");
      }
      return simpleRule().apply(group, task, prev, result, at);
    })).hasMessageContaining("rule failed");
    assertThat(store.severityCounts()).isEqualTo(new SeverityCounts(0, 0, 0, 0, 2));
    for (var t : g.tasks()) {
      assertThat(store.results(t.taskId(), 10)).isEmpty();
      assertThat(store.history(t.taskId(), 10)).isEmpty();
    }
  }

  @Test
  void domainsAreListedWorstFirstThenByNameWithPendingLast() {
    String[] names = {"https://ok.example", "https://crit.example", "https://warn.example", "https://unk.example",
        "https://pending.example", "https://crit2.example"};
    Severity[] sev = {Severity.OK, Severity.CRITICAL, Severity.WARNING, Severity.UNKNOWN, null, Severity.CRITICAL};
    for (String n : names) {
      store.register(plan(site(n, "status-is"), T0), T0);
    }
    for (ClaimedGroup g : claimAll("n1", T0)) {
      int i = List.of(names).indexOf(g.domain());
      if (sev[i] != null) {
        run(g, T0.plusSeconds(i), sev[i]);
      } else {
        store.release("n1", List.of(g.groupId()));
      }
    }
    StatusPage page = store.domains(DomainQuery.firstPage(10));
    assertThat(page.domains()).extracting(DomainStatus::domain).containsExactly("https://unk.example", "https://crit.example",
        "https://crit2.example", "https://warn.example", "https://ok.example", "https://pending.example");
    assertThat(page.totalDomains()).isEqualTo(6);
    assertThat(page.counts()).isEqualTo(new SeverityCounts(1, 1, 2, 1, 1));
    DomainStatus crit = page.domains().get(1);
    assertThat(crit.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(crit.lastRunAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(crit.tasks()).isEqualTo(1);
    assertThat(page.domains().get(5).worst()).isNull();
    assertThat(page.domains().get(5).lastRunAt()).isNull();

    assertThat(store.domains(new DomainQuery(null, null, null, 2, 2)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://crit2.example", "https://warn.example");
    StatusPage critical = store.domains(new DomainQuery(Severity.CRITICAL, null, null, 0, 10));
    assertThat(critical.domains()).extracting(DomainStatus::domain).containsExactly("https://crit.example", "https://crit2.example");
    assertThat(critical.totalDomains()).isEqualTo(2);
    assertThat(store.domains(new DomainQuery(null, null, "CRIT2", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://crit2.example");
  }

  @Test
  void aDomainShowsTheWorstOfItsTasks() {
    store.register(plan(site("https://a.example", "status-is", "body-contains", "headers-contain"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    run(g, T0, Severity.OK, Severity.WARNING, Severity.OK);
    assertThat(store.domains(DomainQuery.firstPage(5)).domains().get(0).worst()).isEqualTo(Severity.WARNING);
    ClaimedGroup g2 = claimAll("n1", T0.plus(Duration.ofMinutes(5))).get(0);
    run(g2, T0.plus(Duration.ofMinutes(5)), Severity.OK);
    assertThat(store.domains(DomainQuery.firstPage(5)).domains().get(0).worst()).isEqualTo(Severity.OK);
  }

  @Test
  void domainsFilterByTag() {
    store.register(plan(site("https://a.example", "status-is").toBuilder().tags("Prod", "web").build(), T0), T0);
    store.register(plan(site("https://b.example", "status-is").toBuilder().tags("staging").build(), T0), T0);
    assertThat(store.domains(new DomainQuery(null, "prod", null, 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://a.example");
    assertThat(store.domains(new DomainQuery(null, "nothing", null, 0, 10)).totalDomains()).isZero();
  }

  @Test
  void problemsAreUnknownCriticalAndWarningDomainsWorstFirstAndPageLikeTheDefault() {
    String[] names = {"https://w1.example", "https://c2.example", "https://ok.example", "https://u1.example",
        "https://c1.example", "https://pending.example"};
    Severity[] sev = {Severity.WARNING, Severity.CRITICAL, Severity.OK, Severity.UNKNOWN, Severity.CRITICAL, null};
    for (String n : names) {
      store.register(plan(site(n, "status-is"), T0), T0);
    }
    for (ClaimedGroup g : claimAll("n1", T0)) {
      Severity s = sev[List.of(names).indexOf(g.domain())];
      if (s != null) {
        run(g, T0, s);
      }
    }
    StatusPage all = store.problems(0, 10);
    assertThat(all.domains()).extracting(DomainStatus::domain).containsExactly("https://u1.example",
        "https://c1.example", "https://c2.example", "https://w1.example");
    assertThat(all.totalDomains()).isEqualTo(4);
    assertThat(all.counts()).isEqualTo(new SeverityCounts(1, 1, 2, 1, 1));
    assertThat(store.problems(1, 2).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://c1.example", "https://c2.example");
    assertThat(store.problems(3, 2).domains()).extracting(DomainStatus::domain).containsExactly("https://w1.example");
    assertThat(store.problems(4, 2).domains()).isEmpty();
    assertThat(store.problems(4, 2).totalDomains()).isEqualTo(4);
    // the SPI's default (three domain pages walked as one list) gives the same pages as the store's own answer
    org.argos.api.store.StatusStore byDefault = domainsOnly(store);
    for (int offset = 0; offset <= 5; offset++) {
      for (int limit = 1; limit <= 5; limit++) {
        assertThat(byDefault.problems(offset, limit)).as("offset %d, limit %d", offset, limit)
            .isEqualTo(store.problems(offset, limit));
      }
    }
    assertThatThrownBy(() -> store.problems(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.problems(0, 1001)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A status store that answers {@code problems} with the SPI's default and every other read with the given store's
   * own: a proxy over the interface, so a read added to {@code StatusStore} later needs no change here.
   */
  private static org.argos.api.store.StatusStore domainsOnly(Store s) {
    return (org.argos.api.store.StatusStore) java.lang.reflect.Proxy.newProxyInstance(
        org.argos.api.store.StatusStore.class.getClassLoader(), new Class<?>[] {org.argos.api.store.StatusStore.class},
        (proxy, m, args) -> {
          if (m.getName().equals("problems")) {
            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
          }
          try {
            return m.invoke(s, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void domainPagesNearTheEndListTheSameRowsAsFromTheStart() {
    // a store may read a page near the end backwards: every page, and every severity's, is the same slice of the
    // whole list
    for (int i = 0; i < 23; i++) {
      store.register(plan(site("https://s%02d.example".formatted(i), "status-is").toBuilder().tags("t").build(), T0), T0);
    }
    for (ClaimedGroup g : claimAll("n1", T0)) {
      int i = Integer.parseInt(g.domain().substring(9, 11));
      if (i % 4 != 3) {
        run(g, T0, i % 4 == 0 ? Severity.OK : i % 4 == 1 ? Severity.CRITICAL : Severity.WARNING);
      }
    }
    for (Severity sev : new Severity[] {null, Severity.CRITICAL}) {
      for (String tag : new String[] {null, "t"}) {
        List<DomainStatus> whole = store.domains(new DomainQuery(sev, tag, null, 0, 100)).domains();
        for (int limit : new int[] {1, 4, 7}) {
          for (int offset = 0; offset <= whole.size() + 1; offset++) {
            assertThat(store.domains(new DomainQuery(sev, tag, null, offset, limit)).domains())
                .as("severity %s, tag %s, offset %d, limit %d", sev, tag, offset, limit)
                .isEqualTo(whole.subList(Math.min(offset, whole.size()), Math.min(offset + limit, whole.size())));
          }
        }
      }
    }
    List<DomainStatus> problems = store.problems(0, 100).domains();
    assertThat(problems).hasSize(12); // 6 critical, 6 warning
    for (int offset = 0; offset <= 13; offset++) {
      assertThat(store.problems(offset, 5).domains()).as("problems at %d", offset)
          .isEqualTo(problems.subList(Math.min(offset, 12), Math.min(offset + 5, 12)));
    }
  }

  @Test
  void aTagPageFollowsItsSitesSeverityAndTagsAsTheyChange() {
    store.register(plan(site("https://a.example", "status-is").toBuilder().tags("prod").build(), T0), T0);
    store.register(plan(site("https://b.example", "status-is").toBuilder().tags("prod").build(), T0), T0);
    for (ClaimedGroup g : claimAll("n1", T0)) {
      run(g, T0, g.domain().equals("https://a.example") ? Severity.CRITICAL : Severity.OK);
    }
    assertThat(store.domains(new DomainQuery(Severity.CRITICAL, "prod", null, 0, 10)).domains())
        .extracting(DomainStatus::domain).containsExactly("https://a.example");
    Instant later = T0.plus(Duration.ofMinutes(5));
    for (ClaimedGroup g : claimAll("n1", later)) {
      run(g, later, g.domain().equals("https://a.example") ? Severity.OK : Severity.CRITICAL);
    }
    StatusPage critical = store.domains(new DomainQuery(Severity.CRITICAL, "prod", null, 0, 10));
    assertThat(critical.domains()).extracting(DomainStatus::domain).containsExactly("https://b.example");
    assertThat(critical.totalDomains()).isEqualTo(1);
    assertThat(store.domains(new DomainQuery(null, "prod", null, 0, 10)).domains())
        .containsExactly(new DomainStatus("https://b.example", Severity.CRITICAL, later, 1),
            new DomainStatus("https://a.example", Severity.OK, later, 1));
    // re-registered with another tag and the same check: it keeps its state, under its new tag only
    store.register(plan(site("https://a.example", "status-is").toBuilder().tags("eu").build(), later), later);
    assertThat(store.domains(new DomainQuery(Severity.OK, "eu", null, 0, 10)).domains())
        .extracting(DomainStatus::domain).containsExactly("https://a.example");
    assertThat(store.domains(new DomainQuery(null, "prod", null, 0, 10)).domains())
        .extracting(DomainStatus::domain).containsExactly("https://b.example");
    // re-registered with a new check: pending until it runs, and its tag page says so
    store.register(plan(site("https://a.example", "body-contains").toBuilder().tags("eu").build(), later), later);
    assertThat(store.domains(new DomainQuery(null, "eu", null, 0, 10)).domains())
        .extracting(DomainStatus::worst).containsExactly((Severity) null);
    assertThat(store.domains(new DomainQuery(Severity.OK, "eu", null, 0, 10)).totalDomains()).isZero();
  }

  @Test
  void aDomainsLastRunIsItsLatestRunAlsoWhenItsSeverityStays() {
    store.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    run(claimAll("n1", T0).get(0), T0, Severity.CRITICAL);
    Instant later = T0.plus(Duration.ofMinutes(5));
    run(claimAll("n1", later).get(0), later, Severity.CRITICAL);
    DomainStatus d = store.domains(DomainQuery.firstPage(5)).domains().get(0);
    assertThat(d.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(d.lastRunAt()).isEqualTo(later);
    assertThat(d.tasks()).isEqualTo(2);
    assertThat(store.domains(new DomainQuery(Severity.CRITICAL, null, null, 0, 5)).domains())
        .containsExactly(new DomainStatus("https://a.example", Severity.CRITICAL, later, 2));
  }

  @Test
  void domainFiltersCombineAndPage() {
    String[] names = {"https://crit-a.example", "https://crit-b.example", "https://crit-c.example",
        "https://crit-d.other", "https://ok-a.example"};
    Severity[] sev = {Severity.CRITICAL, Severity.CRITICAL, Severity.CRITICAL, Severity.CRITICAL, Severity.OK};
    String[] tags = {"prod", "staging", "prod", "prod", "prod"};
    for (int i = 0; i < names.length; i++) {
      store.register(plan(site(names[i], "status-is").toBuilder().tags(tags[i]).build(), T0), T0);
    }
    for (ClaimedGroup g : claimAll("n1", T0)) {
      run(g, T0, sev[List.of(names).indexOf(g.domain())]);
    }
    StatusPage all = store.domains(new DomainQuery(Severity.CRITICAL, "prod", "EXAMPLE", 0, 10));
    assertThat(all.domains()).extracting(DomainStatus::domain).containsExactly("https://crit-a.example", "https://crit-c.example");
    assertThat(all.totalDomains()).isEqualTo(2);
    StatusPage second = store.domains(new DomainQuery(Severity.CRITICAL, "prod", "EXAMPLE", 1, 1));
    assertThat(second.domains()).extracting(DomainStatus::domain).containsExactly("https://crit-c.example");
    assertThat(second.totalDomains()).isEqualTo(2);
    StatusPage tagged = store.domains(new DomainQuery(null, "prod", null, 3, 10));
    assertThat(tagged.domains()).extracting(DomainStatus::domain).containsExactly("https://ok-a.example");
    assertThat(tagged.totalDomains()).isEqualTo(4);
    StatusPage beyond = store.domains(new DomainQuery(Severity.CRITICAL, null, null, 4, 10));
    assertThat(beyond.domains()).isEmpty();
    assertThat(beyond.totalDomains()).isEqualTo(4);
    assertThat(store.domains(new DomainQuery(null, null, "-A.", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://crit-a.example", "https://ok-a.example");
  }

  @Test
  void aDomainSearchMatchesItsTextLiterally() {
    store.register(plan(site("https://axb.example", "status-is"), T0), T0);
    store.register(plan(site("http://127.0.0.1:8080", "status-is"), T0), T0);
    assertThat(store.domains(new DomainQuery(null, null, "A_B", 0, 10)).totalDomains()).isZero();
    assertThat(store.domains(new DomainQuery(null, null, "%", 0, 10)).totalDomains()).isZero();
    assertThat(store.domains(new DomainQuery(null, null, "!", 0, 10)).totalDomains()).isZero();
    assertThat(store.domains(new DomainQuery(null, null, "AXB", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://axb.example");
    assertThat(store.domains(new DomainQuery(null, null, "0.1:80", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("http://127.0.0.1:8080");
    assertThat(store.domains(new DomainQuery(null, null, "http", 0, 10)).totalDomains()).isEqualTo(2);
  }

  @Test
  void theOutboxHandsEachAlertToOneNodeUntilDone() {
    store.register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll("n1", T0).get(0);
    run(g, T0, Severity.OK);
    run(claimAll("n1", T0.plus(Duration.ofMinutes(5))).get(0), T0.plus(Duration.ofMinutes(5)), Severity.CRITICAL);

    Instant now = T0.plus(Duration.ofMinutes(6));
    List<OutboxEntry> claimed = store.claimAlerts("n1", now, 10, now.plusSeconds(30));
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).attempts()).isZero();
    assertThat(store.claimAlerts("n2", now, 10, now.plusSeconds(30))).isEmpty();
    long id = claimed.get(0).alert().id();

    store.delivered(id, "mail");
    store.retryLater(id, now.plusSeconds(10), "gotify down");
    assertThat(store.claimAlerts("n2", now.plusSeconds(5), 10, now.plusSeconds(60))).isEmpty();
    List<OutboxEntry> retry = store.claimAlerts("n2", now.plusSeconds(10), 10, now.plusSeconds(60));
    assertThat(retry).hasSize(1);
    assertThat(retry.get(0).attempts()).isEqualTo(1);
    assertThat(retry.get(0).deliveredChannels()).containsExactly("mail");
    assertThat(retry.get(0).alert()).isEqualTo(claimed.get(0).alert());

    store.done(id, now.plusSeconds(11));
    assertThat(store.pendingAlerts()).isZero();
    assertThat(store.claimAlerts("n1", now.plus(Duration.ofDays(1)), 10, FAR)).isEmpty();
  }

  @Test
  void anExpiredAlertClaimIsClaimableAgain() {
    StateChange c = new StateChange(0, "https://a.example", "https://a.example/", "GET", org.argos.api.IpVersion.IPV4,
        new org.argos.api.CheckSpec("status-is", 200), Severity.OK, Severity.CRITICAL, T0, "down", 0);
    Alert a = store.enqueue(AlertKind.NO_AGENT, c);
    assertThat(a.id()).isPositive();
    assertThat(a.kind()).isEqualTo(AlertKind.NO_AGENT);
    assertThat(store.claimAlerts("n1", T0, 10, T0.plusSeconds(30))).hasSize(1);
    assertThat(store.claimAlerts("n2", T0.plusSeconds(29), 10, T0.plusSeconds(60))).isEmpty();
    List<OutboxEntry> again = store.claimAlerts("n2", T0.plusSeconds(31), 10, T0.plusSeconds(60));
    assertThat(again).extracting(e -> e.alert().change()).containsExactly(c);
  }

  private static StateChange taskChange(long taskId, Severity previous, Severity current, Instant at) {
    return new StateChange(taskId, "https://t" + taskId + ".example", "https://t" + taskId + ".example/", "GET",
        org.argos.api.IpVersion.IPV4, new org.argos.api.CheckSpec("status-is", 200), previous, current, at, "m", 0);
  }

  @Test
  void aTasksLaterAlertWaitsUntilItsOlderOneIsDone() {
    Alert failure = store.enqueue(AlertKind.STATE_CHANGE, taskChange(7, Severity.OK, Severity.CRITICAL, T0));
    Alert recovery =
        store.enqueue(AlertKind.STATE_CHANGE, taskChange(7, Severity.CRITICAL, Severity.OK, T0.plusSeconds(1)));
    Alert other = store.enqueue(AlertKind.STATE_CHANGE, taskChange(8, Severity.OK, Severity.CRITICAL, T0));

    assertThat(store.claimAlerts("n1", T0, 10, T0.plusSeconds(30))).extracting(e -> e.alert().id())
        .containsExactly(failure.id(), other.id());
    store.retryLater(failure.id(), T0.plusSeconds(10), "down");
    store.done(other.id(), T0);
    // the recovery is due, but its failure is not delivered yet: no node may send it first
    assertThat(store.claimAlerts("n2", T0.plusSeconds(5), 10, T0.plusSeconds(60))).isEmpty();
    assertThat(store.claimAlerts("n2", T0.plusSeconds(10), 10, T0.plusSeconds(60))).extracting(e -> e.alert().id())
        .containsExactly(failure.id());
    store.done(failure.id(), T0.plusSeconds(11));
    assertThat(store.claimAlerts("n1", T0.plusSeconds(12), 10, T0.plusSeconds(60))).extracting(e -> e.alert().id())
        .containsExactly(recovery.id());
  }

  @Test
  void aBegunMessageIsFoundFromItsAlertsUntilItIsSent() {
    Alert a1 = store.enqueue(AlertKind.STATE_CHANGE, taskChange(11, Severity.OK, Severity.CRITICAL, T0));
    Alert a2 = store.enqueue(AlertKind.STATE_CHANGE, taskChange(12, Severity.OK, Severity.CRITICAL, T0));
    Alert a3 = store.enqueue(AlertKind.STATE_CHANGE, taskChange(13, Severity.OK, Severity.CRITICAL, T0));
    OutboxMessage m = new OutboxMessage("k-12", "hook", List.of(a2.id(), a1.id()));
    store.messageBegun(m, T0);
    store.messageBegun(new OutboxMessage("k-12", "hook", List.of(a3.id())), T0); // a repeat keeps the first record

    assertThat(store.begunMessages(List.of(a2.id()))).containsExactly(m);
    assertThat(store.begunMessages(List.of(a1.id(), a2.id(), a3.id()))).containsExactly(m);
    assertThat(store.begunMessages(List.of(a3.id()))).isEmpty();

    store.messageSent(m, T0.plusSeconds(1));
    assertThat(store.begunMessages(List.of(a1.id(), a2.id()))).isEmpty();
    List<OutboxEntry> claimed = store.claimAlerts("n1", T0.plusSeconds(2), 10, T0.plusSeconds(30));
    assertThat(claimed).filteredOn(e -> e.alert().id() != a3.id())
        .hasSize(2).allSatisfy(e -> assertThat(e.deliveredChannels()).containsExactly("hook"));
    assertThat(claimed).filteredOn(e -> e.alert().id() == a3.id())
        .singleElement().satisfies(e -> assertThat(e.deliveredChannels()).isEmpty());
  }

  @Test
  void aSilencedAlertRemembersWhatReceiversLastHeardUntilAMessageTellsTheTask() {
    assertThat(store.silencedTasks(List.of(21L))).isEmpty();
    Alert failure = store.enqueue(AlertKind.STATE_CHANGE, taskChange(21, Severity.OK, Severity.CRITICAL, T0));
    store.silenced(failure, T0);
    assertThat(store.pendingAlerts()).isZero();
    assertThat(store.silencedTasks(List.of(21L))).containsExactly(Map.entry(21L, Severity.OK));

    Alert reminder = store.enqueue(AlertKind.REMINDER, taskChange(21, Severity.CRITICAL, Severity.CRITICAL, T0));
    store.silenced(reminder, T0.plusSeconds(1)); // the first silenced alert's "before" is what receivers heard
    assertThat(store.silencedTasks(List.of(21L))).containsExactly(Map.entry(21L, Severity.OK));

    Alert next = store.enqueue(AlertKind.REMINDER, taskChange(21, Severity.CRITICAL, Severity.CRITICAL, T0));
    OutboxMessage m = new OutboxMessage("k-21", "hook", List.of(next.id()));
    store.messageBegun(m, T0.plusSeconds(2));
    assertThat(store.silencedTasks(List.of(21L))).containsExactly(Map.entry(21L, Severity.OK));
    store.messageSent(m, T0.plusSeconds(2));
    assertThat(store.silencedTasks(List.of(21L))).isEmpty();
  }

  @Test
  void aSilenceEndsOnceTellingTheFailureAsANewAlertAfterTheTasksOpenOnes() {
    Alert failure = store.enqueue(AlertKind.STATE_CHANGE, taskChange(31, Severity.OK, Severity.CRITICAL, T0));
    store.silenced(failure, T0);
    Alert other = store.enqueue(AlertKind.STATE_CHANGE, taskChange(32, Severity.CRITICAL, Severity.WARNING, T0));
    store.silenced(other, T0.plusSeconds(1));
    assertThat(store.withheldTasks(10))
        .containsExactly(Map.entry(31L, Severity.OK), Map.entry(32L, Severity.CRITICAL));
    assertThat(store.withheldTasks(1)).hasSize(1);

    // an open alert of the task tells what the silence kept: ending it is refused and changes nothing
    Alert open = store.enqueue(AlertKind.REMINDER, taskChange(31, Severity.CRITICAL, Severity.CRITICAL, T0));
    StateChange told = taskChange(31, Severity.OK, Severity.CRITICAL, T0.plusSeconds(60));
    assertThat(store.endSilence(31, Severity.OK, told)).isEmpty();
    assertThat(store.withheldTasks(10)).containsKey(31L);
    store.done(open.id(), T0.plusSeconds(2));

    assertThat(store.endSilence(31, Severity.WARNING, told)).as("another told severity").isEmpty();
    Optional<Alert> ended = store.endSilence(31, Severity.OK, told);
    assertThat(ended).hasValueSatisfying(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.STATE_CHANGE);
      assertThat(a.change()).isEqualTo(told);
      assertThat(a.id()).isGreaterThan(open.id());
    });
    assertThat(store.endSilence(31, Severity.OK, told)).as("a second node's attempt").isEmpty();
    assertThat(store.withheldTasks(10)).containsExactly(Map.entry(32L, Severity.CRITICAL));
    assertThat(store.claimAlerts("n1", T0.plusSeconds(61), 10, T0.plusSeconds(90))).extracting(e -> e.alert().id())
        .containsExactly(ended.orElseThrow().id());

    // nothing to tell: forgotten all the same
    assertThat(store.endSilence(32, Severity.CRITICAL, null)).isEmpty();
    assertThat(store.withheldTasks(10)).isEmpty();
    assertThatThrownBy(() -> store.endSilence(33, Severity.OK, told)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rescheduleAllMakesEveryGroupDueButTheRunningOnes() {
    store.register(plan(site("https://a.example", "status-is"), T0.plusSeconds(100)), T0);
    store.register(plan(site("https://b.example", "status-is"), T0.plusSeconds(200)), T0);
    store.register(plan(site("https://c.example", "status-is"), T0), T0);
    ClaimedGroup running = claimAll("n1", T0).get(0);
    assertThat(store.rescheduleAll(T0.plusSeconds(1))).isEqualTo(2);
    assertThat(claimAll("n1", T0.plusSeconds(1))).hasSize(2);
    // the running group's run still counts, and sets its next run
    assertThat(run(running, T0.plusSeconds(2), Severity.OK).results()).isEqualTo(1);
  }

  @Test
  void concurrentClaimsNeverHandTheSameGroupToTwoNodes() throws Exception {
    for (int i = 0; i < 200; i++) {
      store.register(plan(site("https://s" + i + ".example", "status-is"), T0), T0);
    }
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    List<Long> duplicates = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      String node = "n" + n;
      futures.add(pool.submit(() -> {
        start.await();
        List<ClaimedGroup> got;
        do {
          got = store.claimDue(node, T0, T0, 7, T0.plusSeconds(60));
          for (ClaimedGroup g : got) {
            if (!seen.add(g.groupId())) {
              duplicates.add(g.groupId());
            }
          }
        } while (!got.isEmpty());
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(duplicates).isEmpty();
    assertThat(seen).hasSize(200);
  }

  @Test
  void aStoreForOneNodeRefusesASecondNode() {
    store.nodeStarting("n1");
    store.nodeStarting("n1"); // the same node again is fine
    if (store.supportsSeveralNodes()) {
      store.nodeStarting("n2");
      store.nodeStopped("n2");
    } else {
      assertThatThrownBy(() -> store.nodeStarting("n2")).isInstanceOf(org.argos.api.StoreException.class)
          .hasMessageContaining("PostgreSQL");
      store.nodeStopped("n1");
      store.nodeStarting("n2"); // free again once the first has stopped
      store.nodeStopped("n2");
    }
  }

  @Test
  void idsAreDistinctAndPositive() {
    store.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    store.register(plan(site("https://b.example", "status-is"), T0), T0);
    Set<Long> ids = new HashSet<>();
    for (String d : List.of("https://a.example", "https://b.example")) {
      store.tasks(d).forEach(t -> ids.add(t.taskId()));
    }
    assertThat(ids).hasSize(3).allSatisfy(id -> assertThat(id).isPositive());
  }

  // ---- registerAll

  /** Everything a registration changes, without ids (two stores may number differently). */
  private static List<Object> snapshot(Store s, List<String> domains) {
    List<Object> out = new ArrayList<>();
    out.add(s.siteCount());
    out.add(s.sites(0, 1000));
    out.add(s.severityCounts());
    StatusPage page = s.domains(DomainQuery.firstPage(1000));
    out.add(page.totalDomains());
    out.add(page.domains());
    for (String d : domains) {
      for (TaskStatus t : s.tasks(d)) {
        out.add(List.of(t.domain(), t.url(), t.method(), t.ipVersion(), t.check(), String.valueOf(t.state()), t.nextRunAt(),
            s.history(t.taskId(), 10).stream().map(c -> c.previous() + ">" + c.current() + "@" + c.at()).toList(),
            s.results(t.taskId(), 10).stream().map(r -> r.at() + " " + r.result()).toList()));
      }
    }
    return out;
  }

  /** Registers the kit's starting fleet and gives it state: a runs ok, b critical, c is not due yet. */
  private static void seed(Store s) {
    s.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    s.register(plan(site("https://b.example", "status-is"), T0), T0);
    // c's first run is an hour away, so a shorter frequency must pull it in
    s.register(plan(site("https://c.example", "status-is").toBuilder().tags("old").build(), T0.plusSeconds(3600)), T0);
    for (ClaimedGroup g : s.claimDue("seed", T0, T0, 100, T0.plusSeconds(60))) {
      Severity sev = g.domain().equals("https://a.example") ? Severity.OK : Severity.CRITICAL;
      s.complete(List.of(new CompletedRun("seed", g, outcome(g, T0.plusSeconds(1), sev))), simpleRule());
    }
  }

  @Test
  void registerAllEqualsRegisteringOneByOne() throws Exception {
    Instant now = T0.plusSeconds(30);
    List<org.argos.api.store.SitePlan> plans = List.of(
        plan(site("https://new.example", "status-is", "headers-contain"), now),          // new
        plan(site("https://a.example", "status-is", "body-contains"), now),              // unchanged: keeps state
        plan(site("https://b.example", "status-is", "body-contains"), now),              // gains a task
        plan(site("https://c.example", "status-is").toBuilder().tags("new").frequency(Duration.ofMinutes(1)).build(), now),
        plan(site("https://a.example", "status-is"), now),                               // again, later wins: loses one
        plan(site("https://d.example", "status-is").toBuilder().ipVersions(true, true).build(), now));
    List<String> domains = List.of("https://a.example", "https://b.example", "https://c.example", "https://d.example",
        "https://new.example");

    seed(store);
    List<RegistrationResult> bulk = store.registerAll(plans, now);

    try (Store oneByOne = createStore()) {
      seed(oneByOne);
      List<RegistrationResult> single = new ArrayList<>();
      for (var p : plans) {
        single.add(oneByOne.register(p, now));
      }
      assertThat(bulk).isEqualTo(single);
      assertThat(snapshot(store, domains)).isEqualTo(snapshot(oneByOne, domains));
    }
    assertThat(bulk).extracting(RegistrationResult::created).containsExactly(true, false, false, false, false, true);
    assertThat(bulk.get(1).unchanged()).isTrue();
    assertThat(bulk.get(2).tasksAdded()).isEqualTo(1);
    assertThat(bulk.get(4).tasksRemoved()).isEqualTo(1);
    assertThat(bulk.get(5).tasksAdded()).isEqualTo(2);
    // state of the kept task survived; the changed frequency pulled c's next run in
    assertThat(store.tasks("https://a.example")).singleElement().satisfies(t -> {
      assertThat(t.state()).isNotNull();
      assertThat(t.state().severity()).isEqualTo(Severity.OK);
    });
    assertThat(store.tasks("https://c.example").get(0).nextRunAt()).isEqualTo(now.plus(Duration.ofMinutes(1)));
    assertThat(store.domains(new DomainQuery(null, "new", null, 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://c.example");
    assertThat(store.domains(new DomainQuery(null, "old", null, 0, 10)).totalDomains()).isZero();
  }

  @Test
  void registerAllOfThousandsOfSitesThenAgainKeepsEverything() {
    List<org.argos.api.store.SitePlan> plans = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      plans.add(plan(site("https://s" + i + ".example", "status-is", "body-contains"), T0));
    }
    List<RegistrationResult> first = store.registerAll(plans, T0);
    assertThat(first).hasSize(2500).allSatisfy(r -> {
      assertThat(r.created()).isTrue();
      assertThat(r.tasksAdded()).isEqualTo(2);
    });
    assertThat(store.siteCount()).isEqualTo(2500);
    assertThat(store.severityCounts()).isEqualTo(new SeverityCounts(0, 0, 0, 0, 5000));
    assertThat(store.domains(DomainQuery.firstPage(10)).totalDomains()).isEqualTo(2500);
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 2500; i += 499) {
      store.tasks("https://s" + i + ".example").forEach(t -> ids.add(t.taskId()));
    }
    assertThat(ids).hasSize(12);

    ClaimedGroup g = claimAll("n1", T0).get(0);
    run(g, T0, Severity.CRITICAL);
    List<RegistrationResult> again = store.registerAll(plans, T0.plusSeconds(1));
    assertThat(again).hasSize(2500).allSatisfy(r -> {
      assertThat(r.unchanged()).isTrue();
      assertThat(r.tasksKept()).isEqualTo(2);
    });
    assertThat(store.severityCounts()).isEqualTo(new SeverityCounts(0, 0, 2, 0, 4998));
    assertThat(store.task(g.tasks().get(0).taskId()).orElseThrow().state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(store.registerAll(List.of(), T0)).isEmpty();
  }

  // ---- cluster state: the config version and the silences every node shares

  @Test
  void theConfigVersionIsReplacedOnlyByWhoeverReadTheCurrentOne() {
    if (!store.keepsClusterState()) {
      assertThat(store.configVersion()).as("a store without cluster state keeps no version").isEmpty();
      return;
    }
    assertThat(store.configVersion()).isEmpty();
    org.argos.api.store.ConfigVersion v1 = new org.argos.api.store.ConfigVersion("a1", "v1", T0, "n1");
    org.argos.api.store.ConfigVersion v2 = new org.argos.api.store.ConfigVersion("b2", "v2", T0.plusSeconds(5), "n2");
    assertThat(store.replaceConfigVersion("zz", v1)).as("nothing stored yet: only an expected null matches").isFalse();
    assertThat(store.replaceConfigVersion(null, v1)).isTrue();
    assertThat(store.configVersion()).contains(v1);
    assertThat(store.replaceConfigVersion(null, v2)).as("a second first version loses").isFalse();
    assertThat(store.replaceConfigVersion("b2", v2)).as("a stale expected hash loses").isFalse();
    assertThat(store.configVersion()).contains(v1);
    assertThat(store.replaceConfigVersion("a1", v2)).isTrue();
    assertThat(store.configVersion()).contains(v2);
  }

  @Test
  void silencesAreStoredReplacedAndDeleted() {
    if (!store.keepsClusterState()) {
      assertThat(store.silences()).as("a store without cluster state keeps no silences").isEmpty();
      return;
    }
    org.argos.api.Silence byDomain = new org.argos.api.Silence("upgrade-1", "https://a.example", null, T0,
        T0.plusSeconds(3600), "database upgrade");
    org.argos.api.Silence byTag = new org.argos.api.Silence("night", null, "Shop", T0, T0.plusSeconds(60), "");
    store.putSilence(byDomain);
    store.putSilence(byTag);
    assertThat(store.silences()).containsExactlyInAnyOrder(byDomain, byTag);
    org.argos.api.Silence longer = new org.argos.api.Silence("night", null, "shop", T0, T0.plusSeconds(7200), "longer");
    store.putSilence(longer);
    assertThat(store.silences()).containsExactlyInAnyOrder(byDomain, longer);
    assertThat(store.deleteSilence("night")).isTrue();
    assertThat(store.deleteSilence("night")).isFalse();
    assertThat(store.silences()).containsExactly(byDomain);
  }
}
