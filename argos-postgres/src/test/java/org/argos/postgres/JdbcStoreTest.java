package org.argos.postgres;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.AlertRouting;
import org.argos.api.CheckResult;
import org.argos.api.ProbeTimings;
import org.argos.api.RequestData;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StoreException;
import org.argos.api.store.AgentDirectory;
import org.argos.api.store.AgentSeen;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.LocalFile;
import org.argos.api.store.Retention;
import org.argos.api.store.RetentionPolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Store;
import org.argos.api.store.TaskOutcome;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Building stores: URLs, migrations, the embedded file, values that must survive the database, failures. */
class JdbcStoreTest {
  @RegisterExtension
  static final PostgresDatabases PG = new PostgresDatabases();

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void argosUrlsBecomeJdbcUrlsWithCredentialsApart() {
    JdbcStoreBuilder b = JdbcStore.postgres("postgresql://argos:s%40cret@db.example:6543/argos?sslmode=require");
    assertThat(b).extracting("jdbcUrl").isEqualTo("jdbc:postgresql://db.example:6543/argos?sslmode=require");
    assertThat(b).extracting("user").isEqualTo("argos");
    assertThat(b).extracting("password").isEqualTo("s@cret");
    assertThat(JdbcStore.postgres("postgres://db/argos")).extracting("jdbcUrl").isEqualTo("jdbc:postgresql://db/argos");
    assertThat(JdbcStore.postgres("jdbc:postgresql://db:5432/x")).extracting("jdbcUrl").isEqualTo("jdbc:postgresql://db:5432/x");
    assertThat(JdbcStore.fromUrl("jdbc:h2:mem:x")).extracting("jdbcUrl").asString().startsWith("jdbc:h2:mem:x;DATABASE_TO_LOWER");
    assertThatThrownBy(() -> JdbcStore.postgres("mysql://u:pw@db/x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mysql://u:***@db/x").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> JdbcStore.postgres("postgresql://db:5432")).hasMessageContaining("names no database");
    assertThatThrownBy(() -> JdbcStore.postgres("postgresql://u@db/x").poolSize(0)).hasMessageContaining("poolSize");
  }

  @Test
  void migratesAnEmptyDatabaseAndAgainIsANoOp() throws Exception {
    String db = PG.create();
    String url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/" + db;
    try (JdbcStore store = JdbcStore.postgres(url).build()) {
      assertThat(store.supportsSeveralNodes()).isTrue();
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
    }
    assertThat(query(db, "select count(*) from argos_schema_history where success")).isEqualTo("20");
    assertThat(query(db, "select string_agg(table_name, ',' order by table_name) from information_schema.tables"
        + " where table_schema = 'public'"))
        .isEqualTo("ack_link_key,agents,alert_message_alerts,alert_messages,alert_once_keys,alert_outbox,"
            + "alert_task_silences,argos_schema_history,config_version,incident_domains,incident_tasks,incident_updates,"
            + "incidents,nodes,push_heartbeats,push_key,request_groups,results,"
            + "severity_counts,silence_domains,"
            + "silences,site_counts,site_tags,sites,state_changes,task_locations,task_states,tasks,uptime_days,"
            + "used_ack_tokens");
    assertThat(query(db, "select collation_name from information_schema.columns where table_name = 'sites'"
        + " and column_name = 'domain'")).isEqualTo("C");
    assertThat(query(db, "select indexdef from pg_indexes where indexname = 'sites_domain_trgm'"))
        .contains("USING gin (domain gin_trgm_ops)");
    try (JdbcStore again = JdbcStore.postgres(url).build()) {
      assertThat(again.siteCount()).isEqualTo(1);
    }
    assertThat(query(db, "select count(*) from argos_schema_history")).isEqualTo("20");
  }

  @Test
  void withoutTheRightToInstallPgTrgmTheSchemaIsCreatedAndTextSearchStillWorks() throws Exception {
    // A role that owns its schema but may not create extensions in the database (no CREATE on it): V4's CREATE
    // EXTENSION fails, the migration goes on without the trigram index, and searches read the domain index.
    String db = PG.create();
    String role = "argos_noext_" + Long.toHexString(System.nanoTime());
    admin("postgres", "CREATE ROLE " + role + " LOGIN");
    try {
      admin(db, "CREATE SCHEMA argos AUTHORIZATION " + role);
      String url = "postgresql://" + role + "@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/" + db
          + "?currentSchema=argos";
      try (JdbcStore store = JdbcStore.postgres(url).build()) {
        store.register(plan(site("https://shop.example", "status-is"), T0), T0);
        store.register(plan(site("https://blog.example", "status-is"), T0), T0);
        assertThat(store.domains(new org.argos.api.DomainQuery(null, null, "SHOP", 0, 10)).domains())
            .extracting(org.argos.api.DomainStatus::domain).containsExactly("https://shop.example");
      }
      assertThat(query(db, "select count(*) from argos.argos_schema_history where success")).isEqualTo("20");
      assertThat(query(db, "select count(*) from pg_extension where extname = 'pg_trgm'")).isEqualTo("0");
      assertThat(query(db, "select count(*) from pg_indexes where indexname = 'sites_domain_trgm'")).isEqualTo("0");
    } finally {
      admin(db, "DROP SCHEMA IF EXISTS argos CASCADE");
      admin(db, "DROP OWNED BY " + role);
      admin("postgres", "DROP ROLE " + role);
    }
  }

  @Test
  void aDatabaseOfTheFirstSchemaUpgradesWithItsSitesAndTheirLastRuns() throws Exception {
    // A database as V1 + V2 left it (sites.last_run_at maintained by every run), upgraded by building a store.
    String db = PG.create();
    org.flywaydb.core.Flyway.configure()
        .dataSource(PostgresDatabases.jdbcUrl(db), PostgresDatabases.USER, "")
        .locations("classpath:org/argos/postgres/migration/common", "classpath:org/argos/postgres/migration/postgresql")
        .table("argos_schema_history").target("2").load().migrate();
    admin(db, """
        insert into sites (id, domain, site_json, worst_rank, last_run_at, task_count) values
          (1, 'https://a.example', '{}', 1, timestamptz '2026-01-01 00:05:00+00', 2),
          (2, 'https://b.example', '{}', 4, null, 1);
        insert into site_tags (tag, site_id) values ('prod', 1), ('prod', 2), ('eu', 2);
        insert into request_groups (id, site_id, group_key, group_key_hash, url, method, request_data, ip_version,
            timeout_ms, follow_redirects, max_redirects, frequency_ms, recheck_delay_ms, retry_before_notification,
            next_run) values
          (1, 1, 'g', 'h1', 'https://a.example/', 'GET', '{}', 4, 30000, false, 10, 300000, null, 0, now()),
          (2, 2, 'g', 'h2', 'https://b.example/', 'GET', '{}', 4, 30000, false, 10, 300000, null, 0, now());
        insert into tasks (id, group_id, site_id, task_key, task_key_hash, check_type, check_parameter) values
          (1, 1, 1, 'a', 'ha', 'status-is', '200'), (2, 1, 1, 'b', 'hb', 'status-is', '200'),
          (3, 2, 2, 'c', 'hc', 'status-is', '200');
        insert into task_states (task_id, site_id, severity_rank, status, message, last_run_at, severity_since,
            contiguous_failures, already_retried) values
          (1, 1, 1, 'FAILURE', 'down', timestamptz '2026-01-01 00:05:00+00', timestamptz '2026-01-01 00:00:00+00', 2, false),
          (2, 1, 3, 'SUCCESS', '', timestamptz '2026-01-01 00:04:00+00', timestamptz '2026-01-01 00:00:00+00', 0, false);
        update site_counts set sites = 1 where worst_rank in (1, 4);
        update severity_counts set tasks = case severity_rank when 1 then 1 when 3 then 1 when 4 then 1 else 0 end;
        """);
    String url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/" + db;
    try (JdbcStore store = JdbcStore.postgres(url).build()) {
      var page = store.domains(org.argos.api.DomainQuery.firstPage(10));
      assertThat(page.domains()).containsExactly(
          new org.argos.api.DomainStatus("https://a.example", Severity.CRITICAL, Instant.parse("2026-01-01T00:05:00Z"), 2),
          new org.argos.api.DomainStatus("https://b.example", null, null, 1));
      assertThat(page.totalDomains()).isEqualTo(2);
      assertThat(store.domains(new org.argos.api.DomainQuery(Severity.CRITICAL, null, "A.EX", 0, 10)).domains())
          .extracting(org.argos.api.DomainStatus::domain).containsExactly("https://a.example");
      // V5: the tag entries took their site's rank and domain, so tag pages (read from site_tags alone) list them
      assertThat(store.domains(new org.argos.api.DomainQuery(null, "prod", null, 0, 10)).domains())
          .extracting(org.argos.api.DomainStatus::domain).containsExactly("https://a.example", "https://b.example");
      assertThat(store.domains(new org.argos.api.DomainQuery(Severity.CRITICAL, "prod", null, 0, 10)).domains())
          .extracting(org.argos.api.DomainStatus::domain).containsExactly("https://a.example");
      assertThat(store.domains(new org.argos.api.DomainQuery(null, "eu", "B.EX", 0, 10)).totalDomains()).isEqualTo(1);
    }
    assertThat(query(db, "select count(*) from information_schema.columns where table_name = 'sites'"
        + " and column_name = 'last_run_at'")).isEqualTo("0");
    assertThat(query(db, "select max(cast(version as int)) from argos_schema_history where success")).isEqualTo("20");
  }

  @Test
  void aBulkRegistrationLeavesThePlannerFreshStatistics() throws Exception {
    // Autovacuum is off on this test machine (and lags a minute behind elsewhere): without the store's own ANALYZE
    // the planner took a million-task table for an empty one and scanned it whole for each claim.
    String db = PG.create();
    String url = "postgresql://postgres@" + PostgresDatabases.HOST + ":" + PostgresDatabases.PORT + "/" + db;
    List<String> statements = new CopyOnWriteArrayList<>();
    try (JdbcStore store = JdbcStore.postgres(url).listener(new ExecuteListener() {
          @Override
          public void executeStart(ExecuteContext ctx) {
            statements.add(ctx.sql() == null ? "" : ctx.sql());
          }
        }).build()) {
      List<SitePlan> plans = new ArrayList<>();
      for (int i = 0; i < 25_000; i++) {
        plans.add(plan(site("https://bulk" + i + ".example", "status-is"), T0));
      }
      store.registerAll(plans, T0);
      assertThat(query(db, "select reltuples::bigint from pg_class where oid = 'tasks'::regclass")).isEqualTo("25000");
      assertThat(query(db, "select reltuples::bigint from pg_class where oid = 'sites'::regclass")).isEqualTo("25000");
      // what the claim's "tasks of these groups" is planned with: without it, a thousand groups were taken for a
      // large part of the table, and at a million tasks each claim scanned them all
      assertThat(query(db, "select count(*) from pg_stats where tablename = 'tasks' and attname = 'group_id'"))
          .isEqualTo("1");
      // a table that has not doubled since is not analyzed again
      statements.clear();
      store.registerAll(plans.subList(0, 1000), T0);
      assertThat(statements).isNotEmpty().noneMatch(q -> q.startsWith("analyze"));
    }
  }

  private static void admin(String db, String sql) throws Exception {
    try (Connection c = PostgresDatabases.connect(db); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void aCallersDataSourceIsUsedAsIsAndItsDatabaseDetected() {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setUrl(PostgresDatabases.jdbcUrl(PG.create()));
    ds.setUser(PostgresDatabases.USER);
    try (JdbcStore store = JdbcStore.dataSource(ds).build()) {
      assertThat(store.supportsSeveralNodes()).isTrue();
      assertThat(store.description()).startsWith("PostgreSQL at jdbc:postgresql://");
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
      assertThat(store.siteCount()).isEqualTo(1);
    }
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:callers;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    try (JdbcStore store = JdbcStore.dataSource(h2).build()) {
      assertThat(store.supportsSeveralNodes()).isFalse();
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
      assertThat(store.sites(0, 10)).extracting(Site::domain).containsExactly("https://a.example");
    }
  }

  @Test
  void theEmbeddedFileKeepsEverythingAcrossRestarts(@TempDir Path dir) {
    Site s = site("https://a.example", "status-is");
    long taskId;
    try (JdbcStore store = JdbcStore.embedded(dir.resolve("argos")).build()) {
      assertThat(store.supportsSeveralNodes()).isFalse();
      store.register(plan(s, T0), T0);
      ClaimedGroup g = store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).getFirst();
      store.complete(List.of(new CompletedRun("n1", g, outcome(g, T0, Severity.WARNING))), simpleRule());
      taskId = g.tasks().getFirst().taskId();
      store.agentSeen("agent-1", T0);
    }
    assertThat(dir.resolve("argos.mv.db")).exists();
    try (JdbcStore store = JdbcStore.embedded(dir.resolve("argos.mv.db")).build()) {
      assertThat(store.site(s.domain())).contains(s);
      assertThat(store.task(taskId).orElseThrow().state().severity()).isEqualTo(Severity.WARNING);
      assertThat(store.severityCounts().warning()).isEqualTo(1);
      assertThat(store.agents()).containsExactly(new AgentSeen("agent-1", T0));
    }
  }

  @Test
  void optionalCapabilitiesAreFoundThroughTheStoreContract(@TempDir Path dir) {
    try (Store store = JdbcStore.embedded(dir.resolve("argos.mv.db")).build()) {
      assertThat(store.capability(LocalFile.class)).map(LocalFile::file).contains(dir.resolve("argos").toAbsolutePath());
      store.capability(AgentDirectory.class).orElseThrow().agentSeen("agent-1", T0);
      assertThat(store.capability(AgentDirectory.class).orElseThrow().agents()).extracting(AgentSeen::agentId)
          .containsExactly("agent-1");
      assertThat(store.capability(Retention.class).orElseThrow().prune(RetentionPolicy.results(null, 1), T0).results())
          .isZero();
    }
    try (Store store = JdbcStore.inMemory("capabilities").build()) {
      assertThat(store.capability(LocalFile.class)).as("no file: the data lives in memory").isEmpty();
      assertThat(store.capability(Retention.class)).isPresent();
      assertThat(store.capability(String.class)).isEmpty();
    }
  }

  @Test
  void richSitesAndResultsSurviveTheDatabase() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("q", List.of(1, "two", Map.of("three", 3.5)));
    body.put("none", null);
    Site s = Site.builder("https://api.example:8443")
        .frequency(Duration.ofSeconds(90))
        .recheckDelay(Duration.ofSeconds(20))
        .retryBeforeNotification(2)
        .timeout(Duration.ofMillis(2500))
        .tags("Prod", "api")
        .routing(AlertRouting.all("mail", "gotify"))
        .path("/search?x=1", p -> p.method("POST").requestData(new RequestData(body, true, Map.of("X-Token", "t")))
            .check("status-in", List.of(200, 201)).check("json-has", Map.of("/ok", true)).followRedirects(3))
        .path("/", p -> p.check("body-contains", "Welcome \"home\"\n"))
        .build();
    try (JdbcStore store = JdbcStore.postgres(PG.newDatabaseUrl()).build()) {
      store.register(plan(s, T0), T0);
      assertThat(store.site(s.domain())).contains(s);
      ClaimedGroup post = store.claimDue("node-7", T0, T0, 10, T0.plusSeconds(60)).stream()
          .filter(g -> g.request().method().equals("POST")).findFirst().orElseThrow();
      assertThat(post.request().requestData()).isEqualTo(s.paths().getFirst().requestData());
      assertThat(post.request().timeout()).isEqualTo(Duration.ofMillis(2500));
      assertThat(post.policy().recheckDelay()).isEqualTo(Duration.ofSeconds(20));
      CheckResult result = CheckResult.failure("expected 200, got 503").with("actual", 503).with("headers", Map.of("a", "b"))
          .withTimings(new ProbeTimings(Duration.ofMillis(3), null, Duration.ofMillis(12), Duration.ofMillis(40),
              Duration.ofMillis(55)));
      store.complete(List.of(new CompletedRun("node-7", post, new GroupOutcome(post.groupId(), T0, T0.plusMillis(55),
          post.tasks().stream().map(t -> new TaskOutcome(t.taskId(), result)).toList()))), simpleRule());
      var stored = store.results(post.tasks().getFirst().taskId(), 1).getFirst();
      assertThat(stored.result()).isEqualTo(result);
      assertThat(stored.node()).isEqualTo("node-7");
      assertThat(stored.at()).isEqualTo(T0.plusMillis(55));
    }
  }

  @Test
  void anUnreachableDatabaseGivesStoreExceptionsThatSayWhatAndWhere() {
    // Nothing listens on port 1 of the loopback address.
    assertThatThrownBy(() -> JdbcStore.postgres("postgresql://argos:pw@127.0.0.1:1/argos")
            .connectionTimeout(Duration.ofMillis(500)).build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("Could not create or upgrade the Argos schema in PostgreSQL at 127.0.0.1:1/argos")
        .hasMessageNotContaining("pw");
    try (JdbcStore store = JdbcStore.postgres("postgresql://argos:pw@127.0.0.1:1/argos")
        .connectionTimeout(Duration.ofMillis(500)).migrate(false).build()) {
      assertThatThrownBy(() -> store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Could not claim due groups for node n1 in PostgreSQL at 127.0.0.1:1/argos as argos: ");
      assertThatThrownBy(() -> store.register(plan(site("https://a.example", "status-is"), T0), T0))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Could not register site https://a.example in PostgreSQL");
    }
  }

  @Test
  void afterTheDatabaseDroppedItsConnectionsTheStoreRecovers() throws Exception {
    String db = PG.create();
    try (JdbcStore store = JdbcStore.postgres("postgresql://postgres@" + PostgresDatabases.HOST + ":"
        + PostgresDatabases.PORT + "/" + db).poolSize(2).build()) {
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
      // what a database restart does to the pool's connections
      assertThat(query("postgres", "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '"
          + db + "'")).isNotEqualTo("0");
      List<Throwable> failures = new java.util.ArrayList<>();
      Long count = null;
      for (int attempt = 0; attempt < 5 && count == null; attempt++) {
        try {
          count = store.siteCount();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      assertThat(count).isEqualTo(1L);
      // a call that met a dead connection failed as the engine expects, saying what it was doing
      assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Could not count sites in PostgreSQL at "));
    }
  }

  private static String query(String db, String sql) throws Exception {
    try (Connection c = PostgresDatabases.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
