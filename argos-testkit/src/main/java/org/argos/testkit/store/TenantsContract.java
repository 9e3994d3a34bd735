package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.argos.testkit.store.StoreKitSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StatusPage;
import org.argos.api.Tenant;
import org.argos.api.store.ClaimedGroup;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The store contract on tenants: a site keeps the tenant it was registered with, and the tenant-scoped status reads
 * ({@link DomainQuery#tenant()}, {@code severityCounts(tenant)}, {@code problems(tenant, ...)}) return that tenant's
 * rows and counts alone, never another tenant's, with every filter and page.
 */
public interface TenantsContract extends StoreKit {
  /** Three tenants' sites with mixed severities and tags; returns domain → tenant. */
  private Map<String, String> seedTenants() {
    Map<String, String> owner = new LinkedHashMap<>();
    String[] tenants = {"acme", "globex", Tenant.DEFAULT_SLUG};
    Severity[] cycle = {Severity.OK, Severity.CRITICAL, Severity.WARNING, Severity.UNKNOWN, null};
    Map<String, Severity> severity = new LinkedHashMap<>();
    for (int i = 0; i < 15; i++) {
      String tenant = tenants[i % 3];
      // names interleave across tenants, and share text ("shop") so that a text filter matches every tenant
      String domain = "https://shop" + i + ".example";
      Site s = site(domain, "status-is", "body-contains").toBuilder().tenant(tenant).tags(i % 2 == 0 ? "prod" : "dev")
          .build();
      store().register(plan(s, T0), T0);
      owner.put(domain, tenant);
      severity.put(domain, cycle[i % cycle.length]);
    }
    for (ClaimedGroup g : claimAll(store(), "n1", T0)) {
      Severity s = severity.get(g.domain());
      if (s != null) {
        run(store(), g, T0, s, Severity.OK);
      } else {
        store().release("n1", List.of(g.groupId()));
      }
    }
    return owner;
  }

  private static List<String> domains(StatusPage p) {
    return p.domains().stream().map(DomainStatus::domain).toList();
  }

  @Test
  default void aSiteKeepsItsTenantAndOneWithoutBelongsToTheDefault() {
    store().register(plan(site("https://a.example", "status-is").toBuilder().tenant("acme").build(), T0), T0);
    store().register(plan(site("https://b.example", "status-is"), T0), T0);
    assertThat(store().site("https://a.example").orElseThrow().tenant()).isEqualTo("acme");
    assertThat(store().site("https://b.example").orElseThrow().tenant()).isEqualTo(Tenant.DEFAULT_SLUG);
  }

  @Test
  default void tenantScopedReadsNeverReturnAnotherTenantsRows() {
    Map<String, String> owner = seedTenants();
    List<DomainStatus> everything = store().domains(DomainQuery.firstPage(100)).domains();
    assertThat(everything).hasSize(15);
    SeverityCounts sum = new SeverityCounts(0, 0, 0, 0, 0);
    for (String tenant : List.of("acme", "globex", Tenant.DEFAULT_SLUG)) {
      // the unscoped list, filtered here, is what the scoped reads must give: same rows, same order
      List<String> expected = everything.stream().map(DomainStatus::domain).filter(d -> owner.get(d).equals(tenant))
          .toList();
      StatusPage all = store().domains(DomainQuery.firstPage(100).withTenant(tenant));
      assertThat(domains(all)).as("tenant %s", tenant).isEqualTo(expected);
      assertThat(all.totalDomains()).isEqualTo(5);
      assertThat(all.counts()).isEqualTo(store().severityCounts(tenant));
      assertThat(all.counts().total()).as("two tasks per site").isEqualTo(10);
      sum = add(sum, all.counts());
      for (int offset = 0; offset < 6; offset++) {
        assertThat(domains(store().domains(new DomainQuery(null, null, null, offset, 2, tenant))))
            .isEqualTo(expected.subList(Math.min(offset, 5), Math.min(offset + 2, 5)));
      }
      for (@Nullable Severity s : Severity.values()) {
        StatusPage bySeverity = store().domains(new DomainQuery(s, null, null, 0, 100, tenant));
        assertThat(domains(bySeverity)).as("%s, %s", tenant, s)
            .isEqualTo(expected.stream().filter(d -> worst(everything, d) == s).toList());
        assertThat(bySeverity.totalDomains()).isEqualTo(bySeverity.domains().size());
      }
      for (String tag : List.of("prod", "dev")) {
        StatusPage byTag = store().domains(new DomainQuery(null, tag, null, 0, 100, tenant));
        List<String> tagged = store().domains(new DomainQuery(null, tag, null, 0, 100)).domains().stream()
            .map(DomainStatus::domain).filter(d -> owner.get(d).equals(tenant)).toList();
        assertThat(domains(byTag)).as("%s, tag %s", tenant, tag).isEqualTo(tagged);
        assertThat(byTag.totalDomains()).isEqualTo(tagged.size());
      }
      StatusPage byText = store().domains(new DomainQuery(null, null, "SHOP1", 0, 100, tenant));
      assertThat(domains(byText)).isEqualTo(expected.stream().filter(d -> d.contains("shop1")).toList());
      assertThat(byText.totalDomains()).isEqualTo(byText.domains().size());
      StatusPage problems = store().problems(tenant, 0, 100);
      List<String> expectedProblems = expected.stream().filter(d -> {
        Severity w = worst(everything, d);
        return w != null && w != Severity.OK;
      }).toList();
      assertThat(domains(problems)).as("problems of %s", tenant).isEqualTo(expectedProblems);
      assertThat(problems.totalDomains()).isEqualTo(expectedProblems.size());
      assertThat(problems.counts()).isEqualTo(all.counts());
      if (expectedProblems.size() > 1) {
        assertThat(domains(store().problems(tenant, 1, 1))).containsExactly(expectedProblems.get(1));
      }
    }
    assertThat(sum).as("the tenants' counts add up to the store's").isEqualTo(store().severityCounts());
    StatusPage nobody = store().domains(DomainQuery.firstPage(10).withTenant("nobody"));
    assertThat(nobody.domains()).isEmpty();
    assertThat(nobody.totalDomains()).isZero();
    assertThat(store().severityCounts("nobody").total()).isZero();
    assertThat(store().problems("nobody", 0, 10).domains()).isEmpty();
  }

  @Test
  default void aPageWithoutCountsListsWhatThePageWithCountsLists() {
    // the public status pages read domainsWithoutCounts: the same rows and totals as domains, for every filter
    seedTenants();
    List<DomainQuery> queries = new java.util.ArrayList<>();
    for (@Nullable String tenant : java.util.Arrays.asList("acme", "globex", Tenant.DEFAULT_SLUG, "nobody", null)) {
      for (int offset = 0; offset < 6; offset += 2) {
        queries.add(new DomainQuery(null, null, null, offset, 2, tenant));
      }
      for (@Nullable Severity s : Severity.values()) {
        queries.add(new DomainQuery(s, null, null, 0, 100, tenant));
      }
      queries.add(new DomainQuery(null, "prod", null, 0, 1, tenant));
      queries.add(new DomainQuery(null, "dev", null, 1, 100, tenant));
      queries.add(new DomainQuery(Severity.CRITICAL, "prod", null, 0, 100, tenant));
      queries.add(new DomainQuery(null, null, "SHOP1", 0, 100, tenant));
    }
    for (DomainQuery q : queries) {
      StatusPage with = store().domains(q);
      StatusPage without = store().domainsWithoutCounts(q);
      assertThat(without.domains()).as("%s", q).isEqualTo(with.domains());
      assertThat(without.totalDomains()).as("%s", q).isEqualTo(with.totalDomains());
      assertThat(without.totalExact()).as("%s", q).isEqualTo(with.totalExact());
    }
  }

  @Test
  default void aSiteReRegisteredInAnotherTenantMovesWithItsTasks() {
    Map<String, String> owner = seedTenants();
    String moved = owner.entrySet().stream().filter(e -> e.getValue().equals("acme")).map(Map.Entry::getKey)
        .filter(d -> store().tasks(d).stream().anyMatch(t -> t.state() != null)).findFirst().orElseThrow();
    SeverityCounts acmeBefore = store().severityCounts("acme");
    SeverityCounts globexBefore = store().severityCounts("globex");
    SeverityCounts all = store().severityCounts();
    Site site = store().site(moved).orElseThrow();
    store().register(plan(site.toBuilder().tenant("globex").build(), T0), T0);
    assertThat(store().site(moved).orElseThrow().tenant()).isEqualTo("globex");
    assertThat(domains(store().domains(DomainQuery.firstPage(100).withTenant("acme")))).doesNotContain(moved).hasSize(4);
    assertThat(domains(store().domains(DomainQuery.firstPage(100).withTenant("globex")))).contains(moved).hasSize(6);
    assertThat(store().severityCounts("acme").total()).isEqualTo(acmeBefore.total() - 2);
    assertThat(store().severityCounts("globex").total()).isEqualTo(globexBefore.total() + 2);
    assertThat(add(store().severityCounts("acme"), store().severityCounts("globex")))
        .isEqualTo(add(acmeBefore, globexBefore));
    assertThat(store().severityCounts()).isEqualTo(all);
    store().unregister(moved);
    assertThat(store().severityCounts("globex").total()).isEqualTo(globexBefore.total());
    assertThat(domains(store().domains(DomainQuery.firstPage(100).withTenant("globex")))).doesNotContain(moved);
  }

  private static @Nullable Severity worst(List<DomainStatus> all, String domain) {
    return all.stream().filter(d -> d.domain().equals(domain)).findFirst().orElseThrow().worst();
  }

  private static SeverityCounts add(SeverityCounts a, SeverityCounts b) {
    return new SeverityCounts(a.ok() + b.ok(), a.warning() + b.warning(), a.critical() + b.critical(),
        a.unknown() + b.unknown(), a.pending() + b.pending());
  }
}
