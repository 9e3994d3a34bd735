package org.argos.postgres;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.DomainQuery;
import org.argos.api.Severity;
import org.argos.api.StatusPage;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;
import org.argos.postgres.internal.status.SqlStatus;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hot queries, as jOOQ renders them, on a database of 20,000 sites (40,000 tasks, 200,000 results): each is
 * served by its index, not a scan of a big table. The plans are written to target/query-plans.md (docs/storage.md
 * quotes them).
 */
class QueryPlanTest {
  @RegisterExtension
  static final PostgresDatabases PG = new PostgresDatabases();

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final DSLContext RENDER = DSL.using(SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
  private static final List<String> captured = new ArrayList<>();
  private static final Map<String, List<String>> plans = new LinkedHashMap<>();

  private static String database;
  private static JdbcStore store;

  @BeforeAll
  static void fill() throws Exception {
    database = PG.create();
    store = JdbcStore.postgres("postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/"
            + database)
        .listener(new ExecuteListener() {
          @Override
          public void executeStart(ExecuteContext ctx) {
            if (ctx.query() != null) {
              synchronized (captured) {
                captured.add(RENDER.renderInlined(ctx.query()));
              }
            }
          }
        })
        .build();
    store.register(plan(site("https://real.example", "status-is", "body-contains").toBuilder().tags("prod").build(), T0), T0);
    sql("""
        set synchronous_commit = on;
        insert into sites (id, domain, site_json, worst_rank, task_count, tenant)
          select i, 'https://s' || i || '.example', (select site_json from sites where domain = 'https://real.example'),
                 case when i % 10 = 0 then 4 else i % 4 end, 2, case when i % 50 = 7 then 'acme' else 'default' end
          from generate_series(1000, 20999) i;
        insert into site_tags (tag, site_id, worst_rank, domain)
          select case when i % 3 = 0 then 'prod' else 'staging' end, i, case when i % 10 = 0 then 4 else i % 4 end,
                 'https://s' || i || '.example'
          from generate_series(1000, 20999) i;
        insert into request_groups (id, site_id, group_key, group_key_hash, url, method, request_data, ip_version,
            timeout_ms, follow_redirects, max_redirects, frequency_ms, recheck_delay_ms, retry_before_notification,
            next_run, claimed_by, lease_until)
          select i, i, 'k' || i, md5('k' || i) || md5(i::text), 'https://s' || i || '.example/', 'GET',
                 '{"data":null,"json":false,"headers":{}}', 4, 30000, false, 10, 300000, null, 0,
                 timestamptz '2026-01-01' + (i % 300) * interval '1 second', null, null
          from generate_series(1000, 20999) i;
        insert into tasks (id, group_id, site_id, task_key, task_key_hash, check_type, check_parameter)
          select i * 2 + c, i, i, 'c' || c, md5('c' || c) || md5(i::text), case c when 0 then 'status-is' else 'body-contains' end, '200'
          from generate_series(1000, 20999) i, generate_series(0, 1) c;
        insert into task_states (task_id, site_id, severity_rank, status, message, last_run_at, severity_since,
            contiguous_failures, already_retried, notified_rank, notified_at)
          select t.id, t.site_id, t.id % 4, 'SUCCESS', '', timestamptz '2026-01-01', timestamptz '2026-01-01', 0, false, null, null
          from tasks t where t.site_id % 10 <> 0 and t.site_id >= 1000;
        insert into results (id, task_id, result_at, node, status, severity_rank, message, context, timings)
          select t.id * 10 + r, t.id, timestamptz '2026-01-01' + r * interval '5 minutes', 'n1', 'SUCCESS', 3, '', '{}', null
          from tasks t, generate_series(0, 4) r where t.site_id >= 1000;
        insert into state_changes (id, task_id, changed_at, prev_rank, new_rank, message, result_id)
          select t.id * 10 + r, t.id, timestamptz '2026-01-01' + r * interval '1 hour', 3, 1, '', 0
          from tasks t, generate_series(0, 1) r where t.site_id >= 1000;
        insert into alert_outbox (id, kind, task_id, payload, created_at, attempts, next_attempt_at, delivered_channels,
            last_error, claimed_by, lease_until, done_at)
          select 1000 + i, 'STATE_CHANGE', null, '{}', timestamptz '2026-01-01',
                 0, case when i < 19900 then null else timestamptz '2026-01-01' end, '[]', null, null, null,
                 case when i < 19900 then timestamptz '2026-01-01' else null end
          from generate_series(0, 19999) i;
        -- a small tag (a status page's): ten sites
        insert into site_tags (tag, site_id, worst_rank, domain)
          select 'eu-west', i, case when i % 10 = 0 then 4 else i % 4 end, 'https://s' || i || '.example'
          from generate_series(4240, 4249) i;
        -- ten days of uptime per task (V19), a few minutes down on most of them
        insert into uptime_days (task_id, site_id, on_day, ok_ms, warning_ms, critical_ms, unknown_ms, incidents)
          select t.id, t.site_id, date '2025-12-22' + d, 86400000 - (t.id % 7) * 60000, 0, (t.id % 7) * 60000, 0,
                 case when t.id % 7 > 0 then 1 else 0 end
          from tasks t, generate_series(0, 9) d where t.site_id >= 1000;
        update site_counts set sites = (select count(*) from sites s where s.worst_rank = site_counts.worst_rank);
        update severity_counts set tasks = (select count(*) from task_states ts where ts.severity_rank = severity_counts.severity_rank)
          where severity_rank < 4;
        update severity_counts set tasks = (select count(*) from tasks t where not exists (select 1 from task_states ts where ts.task_id = t.id))
          where severity_rank = 4;
        -- ids the store hands out next are past the filled ones
        select setval('sites_seq', 100000), setval('request_groups_seq', 100000), setval('tasks_seq', 100000);
        analyze;
        """);
    // As autovacuum leaves it once the first results are in: the visibility map lets the domain list skip the table.
    // (Committed synchronously first: vacuum does not mark a page all-visible while its inserts' commit records
    // may not be on disk yet, and the test databases commit asynchronously.)
    sql("vacuum sites");
    sql("vacuum site_tags");
  }

  @AfterAll
  static void writePlans() throws Exception {
    store.close();
    StringBuilder md = new StringBuilder("# Query plans (PostgreSQL, 20,000 sites, 40,000 tasks, 200,000 results)\n");
    plans.forEach((what, list) -> {
      md.append("\n## ").append(what).append('\n');
      list.forEach(p -> md.append("\n```\n").append(p).append("\n```\n"));
    });
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/query-plans.md"), md);
  }

  @Test
  void everyHotQueryIsServedByItsIndex() throws Exception {
    Instant now = T0.plusSeconds(10);
    List<ClaimedGroup> claimed = new ArrayList<>();
    check("claim due groups", () -> claimed.addAll(store.claimDue("n1", now, now, 100, now.plusSeconds(60))),
        "request_groups_due", "request_groups_pk", "tasks_key_uk");
    assertThat(claimed).hasSize(100);
    check("next due", () -> store.nextDue(), "request_groups_due");
    check("complete a batch", () -> store.complete(claimed.subList(0, 10).stream()
            .map(g -> new CompletedRun("n1", g, outcome(g, now, Severity.CRITICAL))).toList(), simpleRule()),
        "sites_pk", "tasks_pk", "task_states_pk", "task_states_site", "request_groups_pk");
    check("severity counts", () -> store.severityCounts(), "severity_counts");
    check("domains, first page", () -> store.domains(DomainQuery.firstPage(50)), "sites_worst_first");
    check("domains, critical only", () -> store.domains(new DomainQuery(Severity.CRITICAL, null, null, 100, 50)),
        "sites_worst_first");
    check("domains, critical only, deep page", () -> store.domains(new DomainQuery(Severity.CRITICAL, null, null, 2000, 50)),
        "Index Only Scan using sites_worst_first");
    // a page nearer the end than the start is read backwards from the end
    check("domains, critical only, near the end", () -> store.domains(new DomainQuery(Severity.CRITICAL, null, null, 4000, 50)),
        "Index Only Scan Backward using sites_worst_first");
    check("domains, last page", () -> store.domains(new DomainQuery(null, null, null, 19950, 50)),
        "Index Only Scan Backward using sites_worst_first");
    check("problems, first page", () -> store.problems(0, 50), "Index Only Scan using sites_worst_first");
    check("problems, deep page", () -> store.problems(5000, 50), "Index Only Scan using sites_worst_first");
    // a tenant's pages and counts: its range of sites_tenant_worst_first (400 of the 20,000 sites), never the others'
    check("tenant's domains, first page", () -> store.domains(DomainQuery.firstPage(50).withTenant("acme")),
        "Index Only Scan using sites_tenant_worst_first");
    check("tenant's domains, critical only", () -> store.domains(new DomainQuery(Severity.CRITICAL, null, null, 0, 50,
        "acme")), "sites_tenant_worst_first");
    check("tenant's problems", () -> store.problems("acme", 0, 50), "sites_tenant_worst_first");
    // a public status page: the page and its total from the tenant's index range, no task read
    check("tenant's domains without counts", () -> store.domainsWithoutCounts(DomainQuery.firstPage(50)
        .withTenant("acme")), "Index Only Scan using sites_tenant_worst_first");
    check("tenant's severity counts", () -> store.severityCounts("acme"), "sites_tenant_worst_first",
        "Index Only Scan using task_states_site");
    check("domains, tagged", () -> store.domains(new DomainQuery(null, "prod", null, 0, 50)), "site_tags_page");
    check("domains, tagged, deep page", () -> store.domains(new DomainQuery(null, "prod", null, 3000, 50)),
        "Index Only Scan using site_tags_page");
    check("domains, tagged, last page", () -> store.domains(new DomainQuery(null, "prod", null, 6600, 50)),
        "Index Only Scan Backward using site_tags_page");
    check("domains, tagged and critical", () -> store.domains(new DomainQuery(Severity.CRITICAL, "prod", null, 0, 50)),
        "site_tags_page");
    check("domains, tagged and critical, deep page",
        () -> store.domains(new DomainQuery(Severity.CRITICAL, "prod", null, 800, 50)),
        "Index Only Scan using site_tags_page");
    check("domains, text search", () -> store.domains(new DomainQuery(null, null, "S4242.Ex", 0, 50)),
        "sites_domain_trgm");
    check("tasks of a domain", () -> store.tasks("https://s4242.example"), "sites_domain_uk", "tasks_site");
    check("results of a task", () -> store.results(4242 * 2, 10), "results_by_task");
    check("history of a task", () -> store.history(4242 * 2, 10), "state_changes_by_task");
    check("claim alerts", () -> store.claimAlerts("n1", now, 10, now.plusSeconds(30)), "alert_outbox_due");
    check("pending alerts", () -> store.pendingAlerts(), "alert_outbox_due");
  }

  @Test
  void uptimeReadsAreServedByTheirIndexes() throws Exception {
    Uptime uptime = store.capability(Uptime.class).orElseThrow();
    Instant now = T0.plusSeconds(10);
    UptimeWindow december = new UptimeWindow(LocalDate.of(2025, 12, 1), LocalDate.of(2026, 1, 1));
    check("uptime of a site", () -> uptime.ofDomain("https://s4242.example", december, now),
        "sites_domain_uk", "uptime_days_site", "task_states_site");
    check("uptime of a site per day (a status page's 90-day bar)",
        () -> uptime.daily("https://s4242.example", UptimeWindow.lastDays(90, now), now), "uptime_days_site");
    check("uptime of a task", () -> uptime.ofTask(4242 * 2 + 1, december, now), "uptime_days_pk", "task_states_pk");
    // a status page's tag; a third of all sites (prod) is a report's aggregate, read whole as it should be
    check("uptime of a tag", () -> uptime.ofTag("eu-west", december, now), "site_tags_pk", "uptime_days_site");
    // 10 days of both tasks, 2 * (4242 * 2 + c) % 7 minutes down a day
    assertThat(uptime.ofDomain("https://s4242.example", december, now))
        .isEqualTo(new UptimeTotals(2 * 10 * 86_400_000L - 10 * 60_000L * ((4242 * 2) % 7 + (4242 * 2 + 1) % 7), 0,
            10 * 60_000L * ((4242 * 2) % 7 + (4242 * 2 + 1) % 7), 0, 10 * (((4242 * 2) % 7 > 0 ? 1 : 0)
            + ((4242 * 2 + 1) % 7 > 0 ? 1 : 0))));
  }

  @Test
  void aTextMostDomainsContainIsCountedUpToABoundAndItsPagesStillListed() throws Exception {
    // 20,001 domains contain "example": the count stops at the bound, every page is still the whole list's
    StatusPage[] first = new StatusPage[1];
    check("domains, text every domain contains", () -> first[0] = store.domains(new DomainQuery(null, null, "EXAMPLE", 0, 50)),
        "Limit");
    assertThat(first[0].totalExact()).isFalse();
    assertThat(first[0].totalDomains()).isEqualTo(SqlStatus.TEXT_COUNT_LIMIT);
    assertThat(first[0].domains()).isEqualTo(store.domains(DomainQuery.firstPage(50)).domains());
    StatusPage deep = store.domains(new DomainQuery(null, null, "example", 15_000, 50));
    assertThat(deep.domains()).hasSize(50)
        .isEqualTo(store.domains(new DomainQuery(null, null, null, 15_000, 50)).domains());
    StatusPage narrow = store.domains(new DomainQuery(null, null, "s4242.ex", 0, 50));
    assertThat(narrow.totalExact()).isTrue();
    assertThat(narrow.totalDomains()).isEqualTo(1);
  }

  @Test
  void registeringAThousandNewSitesDoesNotLookThemUpByDomain() throws Exception {
    // On a fresh, growing table the planner took the trigram index (it answers "=" too) for the thousand-domain
    // lookup of each chunk, and every benchmark domain shares most trigrams: each chunk rechecked the whole table.
    // New sites are known from the insert's count; only a chunk with known sites looks them up.
    List<SitePlan> chunk = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      chunk.add(plan(site("https://new" + i + ".example", "status-is"), T0));
    }
    try {
      check("register 1,000 new sites", () -> store.registerAll(chunk, T0), "site_counts");
      assertThat(plans.get("register 1,000 new sites")).noneMatch(p -> p.contains("from \"sites\" where"));
      assertThat(store.tasks("https://new999.example")).hasSize(1);
    } finally {
      chunk.forEach(p -> store.unregister(p.site().domain()));
    }
  }

  /** Runs the call, explains every statement it ran (but inserts), and checks no big table is scanned whole. */
  private void check(String what, Runnable call, String... indexes) throws Exception {
    synchronized (captured) {
      captured.clear();
    }
    call.run();
    List<String> statements;
    synchronized (captured) {
      statements = List.copyOf(captured);
    }
    List<String> out = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    try (Connection c = PostgresDatabases.connect(database); Statement s = c.createStatement()) {
      for (String sql : statements) {
        if (sql.startsWith("insert") || sql.contains("nextval(")) {
          continue;
        }
        StringBuilder plan = new StringBuilder(sql).append("\n\n");
        try (ResultSet rs = s.executeQuery("explain " + sql)) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        out.add(plan.toString().strip());
        all.append(plan);
        assertThat(plan.toString()).as(what + ": " + sql)
            .doesNotContainPattern("Seq Scan on (sites|request_groups|tasks|task_states|results|state_changes|alert_outbox"
                + "|site_tags|uptime_days)\\b");
      }
    }
    plans.put(what, out);
    assertThat(all.toString()).as(what).contains(indexes);
  }

  private static void sql(String script) throws Exception {
    try (Connection c = PostgresDatabases.connect(database); Statement s = c.createStatement()) {
      s.execute(script);
    }
  }

}
