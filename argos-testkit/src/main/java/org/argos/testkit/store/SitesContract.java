package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.argos.testkit.store.StoreKitSupport.run;
import static org.argos.testkit.store.StoreKitSupport.seed;
import static org.argos.testkit.store.StoreKitSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.Store;
import org.junit.jupiter.api.Test;

/**
 * The store contract on registering, re-registering and unregistering sites, and reading them back ({@link
 * org.argos.api.store.Store#register}, {@link org.argos.api.store.Store#registerAll}, {@link
 * org.argos.api.store.Store#unregister}, {@link org.argos.api.store.Store#sites}). {@link
 * org.argos.testkit.StoreCompatibilityKit} runs it with the others; a test class may run this part alone by
 * implementing it and {@link StoreKit}.
 */
public interface SitesContract extends StoreKit {
  @Test
  default void registersANewSiteAndReadsItBack() {
    Site s = site("https://a.example", "status-is", "body-contains");
    RegistrationResult r = store().register(plan(s, T0), T0);
    assertThat(r.created()).isTrue();
    assertThat(r.tasksAdded()).isEqualTo(2);
    assertThat(store().site("https://a.example")).contains(s);
    assertThat(store().siteCount()).isEqualTo(1);
    assertThat(store().sites(0, 10)).containsExactly(s);
    assertThat(store().site("https://nope.example")).isEmpty();
    Site child = site("https://child.example", "status-is").toBuilder().dependsOn("https://a.example").build();
    store().register(plan(child, T0), T0);
    assertThat(store().site("https://child.example")).contains(child); // depends_on is kept with the site
    assertThat(store().site("https://child.example").orElseThrow().dependsOn()).isEqualTo("https://a.example");
    List<TaskStatus> tasks = store().tasks("https://a.example");
    assertThat(tasks).hasSize(2).allSatisfy(t -> {
      assertThat(t.state()).isNull();
      assertThat(t.url()).isEqualTo("https://a.example/");
      assertThat(t.nextRunAt()).isEqualTo(T0);
      assertThat(store().task(t.taskId())).contains(t);
    });
    assertThat(tasks).extracting(t -> t.check().type()).containsExactly("body-contains", "status-is");
  }

  @Test
  default void sitesArePagedInDomainOrder() {
    for (String d : List.of("https://c.example", "https://a.example", "https://b.example")) {
      store().register(plan(site(d, "status-is"), T0), T0);
    }
    assertThat(store().sites(0, 2)).extracting(Site::domain).containsExactly("https://a.example", "https://b.example");
    assertThat(store().sites(2, 2)).extracting(Site::domain).containsExactly("https://c.example");
    assertThat(store().siteCount()).isEqualTo(3);
  }

  @Test
  default void reRegisteringTheSameSiteKeepsTasksAndTheirState() {
    Site s = site("https://a.example", "status-is");
    store().register(plan(s, T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    run(store(), g, T0.plusSeconds(1), Severity.CRITICAL);
    long taskId = g.tasks().get(0).taskId();

    RegistrationResult again = store().register(plan(s, T0.plusSeconds(5)), T0.plusSeconds(5));
    assertThat(again.created()).isFalse();
    assertThat(again.unchanged()).isTrue();
    assertThat(again.tasksKept()).isEqualTo(1);
    TaskStatus t = store().task(taskId).orElseThrow();
    assertThat(t.state()).isNotNull();
    assertThat(t.state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(store().history(taskId, 10)).hasSize(1);
  }

  @Test
  default void reRegisteringWithFewerChecksDeletesTheRemovedTasks() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    run(store(), g, T0, Severity.OK, Severity.CRITICAL);
    long removed = g.tasks().stream().filter(t -> t.check().type().equals("body-contains")).findFirst().orElseThrow().taskId();

    RegistrationResult r = store().register(plan(site("https://a.example", "status-is"), T0), T0.plusSeconds(1));
    assertThat(r.tasksRemoved()).isEqualTo(1);
    assertThat(r.tasksKept()).isEqualTo(1);
    assertThat(store().task(removed)).isEmpty();
    assertThat(store().results(removed, 10)).isEmpty();
    assertThat(store().history(removed, 10)).isEmpty();
    assertThat(store().severityCounts()).isEqualTo(new SeverityCounts(1, 0, 0, 0, 0));
  }

  @Test
  default void aChangedFrequencyPullsTheNextRunIn() {
    Site s = site("https://a.example", "status-is");
    store().register(plan(s, T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    run(store(), g, T0, Severity.OK); // next run at T0 + 5 min
    Site faster = s.toBuilder().frequency(Duration.ofMinutes(1)).build();
    store().register(plan(faster, T0), T0.plusSeconds(10));
    assertThat(store().tasks(s.domain()).get(0).nextRunAt()).isEqualTo(T0.plusSeconds(70));
    assertThat(store().site(s.domain())).contains(faster);
  }

  @Test
  default void unregisterDeletesEverything() {
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    store().register(plan(site("https://b.example", "status-is"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).stream().filter(c -> c.domain().equals("https://a.example")).findFirst().orElseThrow();
    run(store(), g, T0, Severity.CRITICAL);
    long taskId = g.tasks().get(0).taskId();

    assertThat(store().unregister("https://a.example")).isTrue();
    assertThat(store().unregister("https://a.example")).isFalse();
    assertThat(store().site("https://a.example")).isEmpty();
    assertThat(store().tasks("https://a.example")).isEmpty();
    assertThat(store().task(taskId)).isEmpty();
    assertThat(store().siteCount()).isEqualTo(1);
    assertThat(store().severityCounts()).isEqualTo(new SeverityCounts(0, 0, 0, 0, 1));
    assertThat(store().domains(DomainQuery.firstPage(10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://b.example");
  }

  @Test
  default void idsAreDistinctAndPositive() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    store().register(plan(site("https://b.example", "status-is"), T0), T0);
    Set<Long> ids = new HashSet<>();
    for (String d : List.of("https://a.example", "https://b.example")) {
      store().tasks(d).forEach(t -> ids.add(t.taskId()));
    }
    assertThat(ids).hasSize(3).allSatisfy(id -> assertThat(id).isPositive());
  }

  @Test
  default void registerAllEqualsRegisteringOneByOne() throws Exception {
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

    seed(store());
    List<RegistrationResult> bulk = store().registerAll(plans, now);

    try (Store oneByOne = anotherStore()) {
      seed(oneByOne);
      List<RegistrationResult> single = new ArrayList<>();
      for (var p : plans) {
        single.add(oneByOne.register(p, now));
      }
      assertThat(bulk).isEqualTo(single);
      assertThat(snapshot(store(), domains)).isEqualTo(snapshot(oneByOne, domains));
    }
    assertThat(bulk).extracting(RegistrationResult::created).containsExactly(true, false, false, false, false, true);
    assertThat(bulk.get(1).unchanged()).isTrue();
    assertThat(bulk.get(2).tasksAdded()).isEqualTo(1);
    assertThat(bulk.get(4).tasksRemoved()).isEqualTo(1);
    assertThat(bulk.get(5).tasksAdded()).isEqualTo(2);
    // state of the kept task survived; the changed frequency pulled c's next run in
    assertThat(store().tasks("https://a.example")).singleElement().satisfies(t -> {
      assertThat(t.state()).isNotNull();
      assertThat(t.state().severity()).isEqualTo(Severity.OK);
    });
    assertThat(store().tasks("https://c.example").get(0).nextRunAt()).isEqualTo(now.plus(Duration.ofMinutes(1)));
    assertThat(store().domains(new DomainQuery(null, "new", null, 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://c.example");
    assertThat(store().domains(new DomainQuery(null, "old", null, 0, 10)).totalDomains()).isZero();
  }

  @Test
  default void registerAllOfThousandsOfSitesThenAgainKeepsEverything() {
    List<org.argos.api.store.SitePlan> plans = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      plans.add(plan(site("https://s" + i + ".example", "status-is", "body-contains"), T0));
    }
    List<RegistrationResult> first = store().registerAll(plans, T0);
    assertThat(first).hasSize(2500).allSatisfy(r -> {
      assertThat(r.created()).isTrue();
      assertThat(r.tasksAdded()).isEqualTo(2);
    });
    assertThat(store().siteCount()).isEqualTo(2500);
    assertThat(store().severityCounts()).isEqualTo(new SeverityCounts(0, 0, 0, 0, 5000));
    assertThat(store().domains(DomainQuery.firstPage(10)).totalDomains()).isEqualTo(2500);
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 2500; i += 499) {
      store().tasks("https://s" + i + ".example").forEach(t -> ids.add(t.taskId()));
    }
    assertThat(ids).hasSize(12);

    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    run(store(), g, T0, Severity.CRITICAL);
    List<RegistrationResult> again = store().registerAll(plans, T0.plusSeconds(1));
    assertThat(again).hasSize(2500).allSatisfy(r -> {
      assertThat(r.unchanged()).isTrue();
      assertThat(r.tasksKept()).isEqualTo(2);
    });
    assertThat(store().severityCounts()).isEqualTo(new SeverityCounts(0, 0, 2, 0, 4998));
    assertThat(store().task(g.tasks().get(0).taskId()).orElseThrow().state().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(store().registerAll(List.of(), T0)).isEmpty();
  }
}
