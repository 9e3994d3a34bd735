package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.argos.testkit.store.StoreKitSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import org.argos.api.TaskStatus;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.argos.api.RequestData;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupPlan;
import org.argos.api.store.SitePlan;
import org.junit.jupiter.api.Test;

/**
 * The store contract on claiming due groups: one node per group until its lease ends or it is released, earliest
 * first, under concurrency ({@link org.argos.api.store.Store#claimDue}, {@link org.argos.api.store.Store#release},
 * {@link org.argos.api.store.Store#releaseAll}, {@link org.argos.api.store.Store#rescheduleAll}). {@link
 * org.argos.testkit.StoreCompatibilityKit} runs it with the others; a test class may run this part alone by
 * implementing it and {@link StoreKit}.
 */
public interface ClaimsContract extends StoreKit {
  @Test
  default void claimsOnlyDueGroupsEarliestFirstUpToTheLimit() {
    store().register(plan(site("https://late.example", "status-is"), T0.plusSeconds(30)), T0);
    store().register(plan(site("https://early.example", "status-is"), T0.plusSeconds(10)), T0);
    store().register(plan(site("https://later.example", "status-is"), T0.plusSeconds(300)), T0);
    assertThat(store().nextDue()).contains(T0.plusSeconds(10));
    assertThat(store().claimDue("n1", T0, T0.plusSeconds(5), 10, T0.plusSeconds(60))).isEmpty();

    List<ClaimedGroup> claimed = store().claimDue("n1", T0, T0.plusSeconds(60), 10, T0.plusSeconds(120));
    assertThat(claimed).extracting(ClaimedGroup::domain).containsExactly("https://early.example", "https://late.example");
    assertThat(claimed.get(0).dueAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(claimed.get(0).leaseUntil()).isEqualTo(T0.plusSeconds(120));
    assertThat(claimed.get(0).tasks()).hasSize(1);
    assertThat(store().nextDue()).contains(T0.plusSeconds(300));

    store().register(plan(site("https://x.example", "status-is"), T0), T0);
    store().register(plan(site("https://y.example", "status-is"), T0), T0);
    assertThat(store().claimDue("n2", T0, T0, 1, T0.plusSeconds(60))).hasSize(1);
  }

  @Test
  default void aClaimedGroupsRequestHasTheKeyItWasPlannedWith() {
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
    store().register(planned, T0);
    List<String> keys = store().claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).stream().map(g -> g.request().key()).toList();
    assertThat(keys).containsExactlyInAnyOrderElementsOf(
        planned.groups().stream().map(GroupPlan::key).toList());
  }

  @Test
  default void aRequestOfAnotherSchemeComesBackWithItsOptions() {
    // Checks set per-scheme options (tcp-expect's send and expect): a claimed request must carry them, or every run
    // would probe something else than what was planned.
    Site s = Site.builder("tcp://mail.example:25").ipVersions(true, false).path("/", p -> p.check("status-is", 200))
        .build();
    java.util.TreeMap<String, String> options = new java.util.TreeMap<>(Map.of("send", "EHLO a\\r\\n\u00e9",
        "expect", "250 \"x\" {y}"));
    ProbeRequest req = ProbeRequest.of("tcp://mail.example:25/", org.argos.api.IpVersion.IPV4, Duration.ofSeconds(3))
        .withOptions(options);
    SitePlan planned = new SitePlan(s, List.of(new GroupPlan(req.key(), req, plan(s, T0).groups().get(0).policy(), T0,
        plan(s, T0).groups().get(0).tasks())));
    store().register(planned, T0);
    ClaimedGroup claimed = store().claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).get(0);
    assertThat(claimed.request()).isEqualTo(req);
    assertThat(claimed.request().scheme()).isEqualTo("tcp");
    assertThat(claimed.request().key()).isEqualTo(req.key());
  }

  @Test
  default void aClaimedGroupIsNotClaimedAgainUntilItsLeaseExpires() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    assertThat(store().claimDue("n1", T0, T0, 10, T0.plusSeconds(60))).hasSize(1);
    assertThat(store().claimDue("n2", T0.plusSeconds(30), T0.plusSeconds(30), 10, T0.plusSeconds(90))).isEmpty();
    List<ClaimedGroup> takenOver = store().claimDue("n2", T0.plusSeconds(61), T0.plusSeconds(61), 10, T0.plusSeconds(120));
    assertThat(takenOver).hasSize(1);
    assertThat(takenOver.get(0).leaseUntil()).isEqualTo(T0.plusSeconds(120));
  }

  @Test
  default void releasedGroupsAreClaimableAtOnce() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    store().release("n1", List.of(g.groupId()));
    assertThat(claimAll(store(), "n2", T0)).extracting(ClaimedGroup::groupId).containsExactly(g.groupId());
  }

  @Test
  default void releaseAllGivesBackEveryGroupOfOneNodeAndNoOther() {
    for (String d : List.of("https://a.example", "https://b.example", "https://c.example")) {
      store().register(plan(site(d, "status-is"), T0), T0);
    }
    List<ClaimedGroup> mine = store().claimDue("n1", T0, T0, 2, T0.plusSeconds(60));
    List<ClaimedGroup> theirs = store().claimDue("n2", T0, T0, 10, T0.plusSeconds(60));
    assertThat(theirs).hasSize(1);
    assertThat(store().releaseAll("n1")).isEqualTo(2);
    assertThat(store().releaseAll("n1")).isZero();
    assertThat(claimAll(store(), "n3", T0)).extracting(ClaimedGroup::groupId)
        .containsExactlyInAnyOrderElementsOf(mine.stream().map(ClaimedGroup::groupId).toList());
  }

  @Test
  default void releaseAllExceptKeepsTheGivenGroupsOfTheNodeAndGivesBackItsOthers() {
    for (String d : List.of("https://a.example", "https://b.example", "https://c.example", "https://d.example")) {
      store().register(plan(site(d, "status-is"), T0), T0);
    }
    List<ClaimedGroup> mine = store().claimDue("n1", T0, T0, 3, T0.plusSeconds(60));
    List<ClaimedGroup> theirs = store().claimDue("n2", T0, T0, 10, T0.plusSeconds(60));
    assertThat(mine).hasSize(3);
    assertThat(theirs).hasSize(1);
    long kept = mine.get(0).groupId();
    int released = store().releaseAllExcept("n1", List.of(kept, theirs.get(0).groupId()));
    if (released == 0) { // a store without it (the SPI's default): claims end with their lease
      assertThat(claimAll(store(), "n3", T0)).isEmpty();
      return;
    }
    assertThat(released).isEqualTo(2);
    assertThat(claimAll(store(), "n3", T0)).extracting(ClaimedGroup::groupId)
        .containsExactlyInAnyOrder(mine.get(1).groupId(), mine.get(2).groupId());
    assertThat(store().releaseAllExcept("n1", List.of(kept))).isZero();
    assertThat(store().releaseAll("n1")).isEqualTo(1); // the kept claim was still n1's
  }

  @Test
  default void rescheduleAllMakesEveryGroupDueButTheRunningOnes() {
    store().register(plan(site("https://a.example", "status-is"), T0.plusSeconds(100)), T0);
    store().register(plan(site("https://b.example", "status-is"), T0.plusSeconds(200)), T0);
    store().register(plan(site("https://c.example", "status-is"), T0), T0);
    ClaimedGroup running = claimAll(store(), "n1", T0).get(0);
    assertThat(store().rescheduleAll(T0.plusSeconds(1))).isEqualTo(2);
    assertThat(claimAll(store(), "n1", T0.plusSeconds(1))).hasSize(2);
    // the running group's run still counts, and sets its next run
    assertThat(run(store(), running, T0.plusSeconds(2), Severity.OK).results()).isEqualTo(1);
  }

  @Test
  default void rescheduleMakesTheGroupsOfChosenTasksDueButTheRunningOnes() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0.plusSeconds(100)), T0);
    store().register(plan(site("https://b.example", "status-is"), T0.plusSeconds(200)), T0);
    store().register(plan(site("https://c.example", "status-is"), T0.plusSeconds(300)), T0);
    List<TaskStatus> a = store().tasks("https://a.example");
    long c = store().tasks("https://c.example").get(0).taskId();
    assertThat(claimAll(store(), "n1", T0)).isEmpty();
    // both tasks of a (one group) and an unknown task: a's group only
    assertThat(store().reschedule(List.of(a.get(0).taskId(), a.get(1).taskId(), 999_999L), T0)).isEqualTo(1);
    assertThat(claimAll(store(), "n1", T0)).extracting(ClaimedGroup::domain).containsExactly("https://a.example");
    // a running group is left alone: its run sets its next one
    assertThat(store().reschedule(List.of(c), T0)).isEqualTo(1);
    assertThat(claimAll(store(), "n1", T0)).extracting(ClaimedGroup::domain).containsExactly("https://c.example");
    assertThat(store().reschedule(List.of(c, a.get(0).taskId()), T0)).isZero();
    assertThat(store().reschedule(List.of(), T0)).isZero();
    assertThat(claimAll(store(), "n1", T0)).isEmpty(); // b was never moved
  }

  @Test
  default void concurrentClaimsNeverHandTheSameGroupToTwoNodes() throws Exception {
    for (int i = 0; i < 200; i++) {
      store().register(plan(site("https://s" + i + ".example", "status-is"), T0), T0);
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
          got = store().claimDue(node, T0, T0, 7, T0.plusSeconds(60));
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
}
