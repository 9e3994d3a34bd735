package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.argos.testkit.store.StoreKitSupport.domainsOnly;
import static org.argos.testkit.store.StoreKitSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.StatusPage;
import org.argos.api.store.ClaimedGroup;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the status reads the API and the UI page through: domains worst first, filters by severity,
 * tag and text, problems, and pages that agree with each other ({@link org.argos.api.store.StatusStore}). {@link
 * org.argos.testkit.StoreCompatibilityKit} runs it with the others; a test class may run this part alone by
 * implementing it and {@link StoreKit}.
 */
public interface StatusReadsContract extends StoreKit {
  @Test
  default void domainsAreListedWorstFirstThenByNameWithPendingLast() {
    String[] names = {"https://ok.example", "https://crit.example", "https://warn.example", "https://unk.example",
        "https://pending.example", "https://crit2.example"};
    Severity[] sev = {Severity.OK, Severity.CRITICAL, Severity.WARNING, Severity.UNKNOWN, null, Severity.CRITICAL};
    for (String n : names) {
      store().register(plan(site(n, "status-is"), T0), T0);
    }
    for (ClaimedGroup g : claimAll(store(), "n1", T0)) {
      int i = List.of(names).indexOf(g.domain());
      if (sev[i] != null) {
        run(store(), g, T0.plusSeconds(i), sev[i]);
      } else {
        store().release("n1", List.of(g.groupId()));
      }
    }
    StatusPage page = store().domains(DomainQuery.firstPage(10));
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

    assertThat(store().domains(new DomainQuery(null, null, null, 2, 2)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://crit2.example", "https://warn.example");
    StatusPage critical = store().domains(new DomainQuery(Severity.CRITICAL, null, null, 0, 10));
    assertThat(critical.domains()).extracting(DomainStatus::domain).containsExactly("https://crit.example", "https://crit2.example");
    assertThat(critical.totalDomains()).isEqualTo(2);
    assertThat(store().domains(new DomainQuery(null, null, "CRIT2", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://crit2.example");
  }

  @Test
  default void aDomainShowsTheWorstOfItsTasks() {
    store().register(plan(site("https://a.example", "status-is", "body-contains", "headers-contain"), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    run(store(), g, T0, Severity.OK, Severity.WARNING, Severity.OK);
    assertThat(store().domains(DomainQuery.firstPage(5)).domains().get(0).worst()).isEqualTo(Severity.WARNING);
    ClaimedGroup g2 = claimAll(store(), "n1", T0.plus(Duration.ofMinutes(5))).get(0);
    run(store(), g2, T0.plus(Duration.ofMinutes(5)), Severity.OK);
    assertThat(store().domains(DomainQuery.firstPage(5)).domains().get(0).worst()).isEqualTo(Severity.OK);
  }

  @Test
  default void domainsFilterByTag() {
    store().register(plan(site("https://a.example", "status-is").toBuilder().tags("Prod", "web").build(), T0), T0);
    store().register(plan(site("https://b.example", "status-is").toBuilder().tags("staging").build(), T0), T0);
    assertThat(store().domains(new DomainQuery(null, "prod", null, 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://a.example");
    assertThat(store().domains(new DomainQuery(null, "nothing", null, 0, 10)).totalDomains()).isZero();
  }

  @Test
  default void problemsAreUnknownCriticalAndWarningDomainsWorstFirstAndPageLikeTheDefault() {
    String[] names = {"https://w1.example", "https://c2.example", "https://ok.example", "https://u1.example",
        "https://c1.example", "https://pending.example"};
    Severity[] sev = {Severity.WARNING, Severity.CRITICAL, Severity.OK, Severity.UNKNOWN, Severity.CRITICAL, null};
    for (String n : names) {
      store().register(plan(site(n, "status-is"), T0), T0);
    }
    for (ClaimedGroup g : claimAll(store(), "n1", T0)) {
      Severity s = sev[List.of(names).indexOf(g.domain())];
      if (s != null) {
        run(store(), g, T0, s);
      }
    }
    StatusPage all = store().problems(0, 10);
    assertThat(all.domains()).extracting(DomainStatus::domain).containsExactly("https://u1.example",
        "https://c1.example", "https://c2.example", "https://w1.example");
    assertThat(all.totalDomains()).isEqualTo(4);
    assertThat(all.counts()).isEqualTo(new SeverityCounts(1, 1, 2, 1, 1));
    assertThat(store().problems(1, 2).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://c1.example", "https://c2.example");
    assertThat(store().problems(3, 2).domains()).extracting(DomainStatus::domain).containsExactly("https://w1.example");
    assertThat(store().problems(4, 2).domains()).isEmpty();
    assertThat(store().problems(4, 2).totalDomains()).isEqualTo(4);
    // the SPI's default (three domain pages walked as one list) gives the same pages as the store's own answer
    org.argos.api.store.StatusStore byDefault = domainsOnly(store());
    for (int offset = 0; offset <= 5; offset++) {
      for (int limit = 1; limit <= 5; limit++) {
        assertThat(byDefault.problems(offset, limit)).as("offset %d, limit %d", offset, limit)
            .isEqualTo(store().problems(offset, limit));
      }
    }
    assertThatThrownBy(() -> store().problems(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().problems(0, 1001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void domainPagesNearTheEndListTheSameRowsAsFromTheStart() {
    // a store may read a page near the end backwards: every page, and every severity's, is the same slice of the
    // whole list
    for (int i = 0; i < 23; i++) {
      store().register(plan(site("https://s%02d.example".formatted(i), "status-is").toBuilder().tags("t").build(), T0), T0);
    }
    for (ClaimedGroup g : claimAll(store(), "n1", T0)) {
      int i = Integer.parseInt(g.domain().substring(9, 11));
      if (i % 4 != 3) {
        run(store(), g, T0, i % 4 == 0 ? Severity.OK : i % 4 == 1 ? Severity.CRITICAL : Severity.WARNING);
      }
    }
    for (Severity sev : new Severity[] {null, Severity.CRITICAL}) {
      for (String tag : new String[] {null, "t"}) {
        List<DomainStatus> whole = store().domains(new DomainQuery(sev, tag, null, 0, 100)).domains();
        for (int limit : new int[] {1, 4, 7}) {
          for (int offset = 0; offset <= whole.size() + 1; offset++) {
            assertThat(store().domains(new DomainQuery(sev, tag, null, offset, limit)).domains())
                .as("severity %s, tag %s, offset %d, limit %d", sev, tag, offset, limit)
                .isEqualTo(whole.subList(Math.min(offset, whole.size()), Math.min(offset + limit, whole.size())));
          }
        }
      }
    }
    List<DomainStatus> problems = store().problems(0, 100).domains();
    assertThat(problems).hasSize(12); // 6 critical, 6 warning
    for (int offset = 0; offset <= 13; offset++) {
      assertThat(store().problems(offset, 5).domains()).as("problems at %d", offset)
          .isEqualTo(problems.subList(Math.min(offset, 12), Math.min(offset + 5, 12)));
    }
  }

  @Test
  default void aTagPageFollowsItsSitesSeverityAndTagsAsTheyChange() {
    store().register(plan(site("https://a.example", "status-is").toBuilder().tags("prod").build(), T0), T0);
    store().register(plan(site("https://b.example", "status-is").toBuilder().tags("prod").build(), T0), T0);
    for (ClaimedGroup g : claimAll(store(), "n1", T0)) {
      run(store(), g, T0, g.domain().equals("https://a.example") ? Severity.CRITICAL : Severity.OK);
    }
    assertThat(store().domains(new DomainQuery(Severity.CRITICAL, "prod", null, 0, 10)).domains())
        .extracting(DomainStatus::domain).containsExactly("https://a.example");
    Instant later = T0.plus(Duration.ofMinutes(5));
    for (ClaimedGroup g : claimAll(store(), "n1", later)) {
      run(store(), g, later, g.domain().equals("https://a.example") ? Severity.OK : Severity.CRITICAL);
    }
    StatusPage critical = store().domains(new DomainQuery(Severity.CRITICAL, "prod", null, 0, 10));
    assertThat(critical.domains()).extracting(DomainStatus::domain).containsExactly("https://b.example");
    assertThat(critical.totalDomains()).isEqualTo(1);
    assertThat(store().domains(new DomainQuery(null, "prod", null, 0, 10)).domains())
        .containsExactly(new DomainStatus("https://b.example", Severity.CRITICAL, later, 1),
            new DomainStatus("https://a.example", Severity.OK, later, 1));
    // re-registered with another tag and the same check: it keeps its state, under its new tag only
    store().register(plan(site("https://a.example", "status-is").toBuilder().tags("eu").build(), later), later);
    assertThat(store().domains(new DomainQuery(Severity.OK, "eu", null, 0, 10)).domains())
        .extracting(DomainStatus::domain).containsExactly("https://a.example");
    assertThat(store().domains(new DomainQuery(null, "prod", null, 0, 10)).domains())
        .extracting(DomainStatus::domain).containsExactly("https://b.example");
    // re-registered with a new check: pending until it runs, and its tag page says so
    store().register(plan(site("https://a.example", "body-contains").toBuilder().tags("eu").build(), later), later);
    assertThat(store().domains(new DomainQuery(null, "eu", null, 0, 10)).domains())
        .extracting(DomainStatus::worst).containsExactly((Severity) null);
    assertThat(store().domains(new DomainQuery(Severity.OK, "eu", null, 0, 10)).totalDomains()).isZero();
  }

  @Test
  default void aDomainsLastRunIsItsLatestRunAlsoWhenItsSeverityStays() {
    store().register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    run(store(), claimAll(store(), "n1", T0).get(0), T0, Severity.CRITICAL);
    Instant later = T0.plus(Duration.ofMinutes(5));
    run(store(), claimAll(store(), "n1", later).get(0), later, Severity.CRITICAL);
    DomainStatus d = store().domains(DomainQuery.firstPage(5)).domains().get(0);
    assertThat(d.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(d.lastRunAt()).isEqualTo(later);
    assertThat(d.tasks()).isEqualTo(2);
    assertThat(store().domains(new DomainQuery(Severity.CRITICAL, null, null, 0, 5)).domains())
        .containsExactly(new DomainStatus("https://a.example", Severity.CRITICAL, later, 2));
  }

  @Test
  default void domainFiltersCombineAndPage() {
    String[] names = {"https://crit-a.example", "https://crit-b.example", "https://crit-c.example",
        "https://crit-d.other", "https://ok-a.example"};
    Severity[] sev = {Severity.CRITICAL, Severity.CRITICAL, Severity.CRITICAL, Severity.CRITICAL, Severity.OK};
    String[] tags = {"prod", "staging", "prod", "prod", "prod"};
    for (int i = 0; i < names.length; i++) {
      store().register(plan(site(names[i], "status-is").toBuilder().tags(tags[i]).build(), T0), T0);
    }
    for (ClaimedGroup g : claimAll(store(), "n1", T0)) {
      run(store(), g, T0, sev[List.of(names).indexOf(g.domain())]);
    }
    StatusPage all = store().domains(new DomainQuery(Severity.CRITICAL, "prod", "EXAMPLE", 0, 10));
    assertThat(all.domains()).extracting(DomainStatus::domain).containsExactly("https://crit-a.example", "https://crit-c.example");
    assertThat(all.totalDomains()).isEqualTo(2);
    StatusPage second = store().domains(new DomainQuery(Severity.CRITICAL, "prod", "EXAMPLE", 1, 1));
    assertThat(second.domains()).extracting(DomainStatus::domain).containsExactly("https://crit-c.example");
    assertThat(second.totalDomains()).isEqualTo(2);
    StatusPage tagged = store().domains(new DomainQuery(null, "prod", null, 3, 10));
    assertThat(tagged.domains()).extracting(DomainStatus::domain).containsExactly("https://ok-a.example");
    assertThat(tagged.totalDomains()).isEqualTo(4);
    StatusPage beyond = store().domains(new DomainQuery(Severity.CRITICAL, null, null, 4, 10));
    assertThat(beyond.domains()).isEmpty();
    assertThat(beyond.totalDomains()).isEqualTo(4);
    assertThat(store().domains(new DomainQuery(null, null, "-A.", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://crit-a.example", "https://ok-a.example");
  }

  @Test
  default void aDomainSearchMatchesItsTextLiterally() {
    store().register(plan(site("https://axb.example", "status-is"), T0), T0);
    store().register(plan(site("http://127.0.0.1:8080", "status-is"), T0), T0);
    assertThat(store().domains(new DomainQuery(null, null, "A_B", 0, 10)).totalDomains()).isZero();
    assertThat(store().domains(new DomainQuery(null, null, "%", 0, 10)).totalDomains()).isZero();
    assertThat(store().domains(new DomainQuery(null, null, "!", 0, 10)).totalDomains()).isZero();
    assertThat(store().domains(new DomainQuery(null, null, "AXB", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("https://axb.example");
    assertThat(store().domains(new DomainQuery(null, null, "0.1:80", 0, 10)).domains()).extracting(DomainStatus::domain)
        .containsExactly("http://127.0.0.1:8080");
    assertThat(store().domains(new DomainQuery(null, null, "http", 0, 10)).totalDomains()).isEqualTo(2);
  }

  @Test
  default void failureCountsAreReadForManyTasksAtOnceAsEachTaskHasThem() {
    String[] names = {"https://down.example", "https://up.example", "https://new.example"};
    for (String n : names) {
      store().register(plan(site(n, "status-is"), T0), T0);
    }
    java.util.List<Long> ids = new java.util.ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (ClaimedGroup g : claimAll(store(), "n1", T0.plus(Duration.ofHours(round)))) {
        g.tasks().forEach(t -> { if (!ids.contains(t.taskId())) ids.add(t.taskId()); });
        if (g.domain().equals("https://new.example")) {
          store().release("n1", List.of(g.groupId()));
        } else {
          run(store(), g, T0.plus(Duration.ofHours(round)).plusSeconds(1),
              g.domain().equals("https://down.example") ? Severity.CRITICAL : Severity.OK);
        }
      }
    }
    ids.add(987_654_321L); // no such task
    java.util.Map<Long, Integer> counts = store().contiguousFailures(ids);
    java.util.Map<Long, Integer> oneByOne = new java.util.HashMap<>();
    for (long id : ids) {
      store().task(id).filter(t -> t.state() != null).ifPresent(t -> oneByOne.put(id, t.state().contiguousFailures()));
    }
    assertThat(counts).as("as each task reads, tasks that never ran and unknown ids left out").isEqualTo(oneByOne);
    assertThat(counts).hasSize(2).containsValue(0);
    assertThat(counts.values()).anyMatch(n -> n >= 1);
    assertThat(store().contiguousFailures(List.of())).isEmpty();
    assertThatThrownBy(() -> store().contiguousFailures(java.util.stream.LongStream.rangeClosed(1,
        org.argos.api.store.StatusStore.MAX_FAILURE_READS + 1).boxed().toList()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
  }
}
