package org.argos.postgres.internal.status;

import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;
import static org.argos.postgres.internal.schema.Tables.RESULTS;
import static org.argos.postgres.internal.schema.Tables.SEVERITY_COUNTS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.SITE_COUNTS;
import static org.argos.postgres.internal.schema.Tables.SITE_TAGS;
import static org.argos.postgres.internal.schema.Tables.STATE_CHANGES;
import static org.argos.postgres.internal.schema.Tables.TASKS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.argos.api.CheckResult;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.ResultStatus;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.store.StoredResult;
import org.argos.postgres.internal.schema.tables.Sites;
import org.argos.postgres.internal.schema.tables.records.ResultsRecord;
import org.argos.postgres.internal.schema.tables.records.TaskStatesRecord;
import org.argos.postgres.internal.sites.SqlSites;
import org.argos.postgres.internal.sql.Codec;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** Reads for status pages and APIs: each one an index range or a few aggregate rows. */
final class Reads {
  private final DSLContext db;
  private final Codec codec;

  Reads(DSLContext db, Codec codec) {
    this.db = db;
    this.codec = codec;
  }

  SeverityCounts severityCounts(@Nullable String tenant) {
    if (tenant != null) {
      return tasks(counts(tenant).tasks());
    }
    long[] n = new long[Codec.PENDING + 1];
    db.selectFrom(SEVERITY_COUNTS).forEach(r -> n[r.getSeverityRank()] = r.getTasks());
    return tasks(n);
  }

  private static SeverityCounts tasks(long[] n) {
    return new SeverityCounts(n[3], n[2], n[1], n[0], n[Codec.PENDING]);
  }

  /** Tasks per severity and sites per worst rank, {@link Codec#PENDING} last in both: one statement. */
  private record Counts(long[] tasks, long[] sites) {}

  private Counts counts(@Nullable String tenant) {
    return tenant == null ? counts() : tenantCounts(tenant);
  }

  /**
   * One tenant's counts in two grouped reads over its range of sites_tenant_worst_first: its sites per worst rank (with
   * their task counts), and its task states per severity, each site's entries of task_states_site read by an index
   * range of their own (a lateral subquery that the planner may not flatten, hence the {@code OFFSET 0}: a plain join
   * let it hash the whole task_states table for a small tenant). No aggregate row is kept per tenant, so this costs the
   * tenant's sites, never another tenant's. Tasks without a state are pending. At 10,000 sites among 333,334 this is
   * 36 ms against 140 ms for the former one statement with a correlated count per severity and site (four index
   * descents a site): what every page of a tenant, and every public status page, pays.
   */
  private Counts tenantCounts(String tenant) {
    Counts c = new Counts(new long[Codec.PENDING + 1], new long[Codec.PENDING + 1]);
    long tasks = 0;
    for (Record r : db.select(SITES.WORST_RANK, DSL.count(), DSL.sum(SITES.TASK_COUNT)).from(SITES)
        .where(SITES.TENANT.eq(DSL.inline(tenant))).groupBy(SITES.WORST_RANK).fetch()) {
      c.sites()[r.get(0, Short.class)] += r.get(1, Long.class);
      BigDecimal n = r.get(2, BigDecimal.class);
      tasks += n == null ? 0 : n.longValue();
    }
    Field<Short> rank;
    Table<?> from;
    if (db.dialect().family() == org.jooq.SQLDialect.H2) { // no LATERAL; its planner joins by the index anyway
      rank = TASK_STATES.SEVERITY_RANK;
      from = SITES.join(TASK_STATES).on(TASK_STATES.SITE_ID.eq(SITES.ID));
    } else {
      var ranks = DSL.select(TASK_STATES.SEVERITY_RANK).from(TASK_STATES).where(TASK_STATES.SITE_ID.eq(SITES.ID))
          .offset(DSL.inline(0)).asTable("ranks");
      rank = ranks.field(TASK_STATES.SEVERITY_RANK);
      from = SITES.crossJoin(DSL.lateral(ranks));
    }
    long stated = 0;
    for (Record r : db.select(rank, DSL.count()).from(from)
        .where(SITES.TENANT.eq(DSL.inline(tenant))).groupBy(rank).fetch()) {
      long n = r.get(1, Long.class);
      c.tasks()[r.get(0, Short.class)] += n;
      stated += n;
    }
    c.tasks()[Codec.PENDING] += tasks - stated;
    return c;
  }

  private Counts counts() {
    Counts c = new Counts(new long[Codec.PENDING + 1], new long[Codec.PENDING + 1]);
    db.select(DSL.inline(0).as("kind"), SEVERITY_COUNTS.SEVERITY_RANK.as("r"), SEVERITY_COUNTS.TASKS.as("n"))
        .from(SEVERITY_COUNTS)
        .unionAll(DSL.select(DSL.inline(1), SITE_COUNTS.WORST_RANK, SITE_COUNTS.SITES).from(SITE_COUNTS))
        .forEach(r -> (r.value1() == 0 ? c.tasks() : c.sites())[r.value2()] = r.value3());
    return c;
  }

  /**
   * @param q filters and page
   * @param withCounts false: the counts are left at zero, and a tenant's total is counted on its index range
   */
  StatusPage domains(DomainQuery q, boolean withCounts) {
    // The page is found in one index alone: sites_worst_first (worst_rank, domain, id), or for a tag, its range of
    // site_tags_page (tag, worst_rank, domain, site_id), whose entries carry their site's rank and domain (V5).
    // Pending sites have rank 4, after ok; a severity is a range of it; a text filter is checked on the index
    // entries; the offset is skipped without reading the table (index-only on PostgreSQL while the table is
    // all-visible, which it stays since these rows change only with their site's worst severity). Then only the
    // listed sites are read, with their last run (the latest of their tasks', from task_states_site).
    // The tag, the severity, the text and the page bounds are written into the SQL, not bound: a reused server-side
    // statement may otherwise get PostgreSQL's generic plan, which assumes a limit of 10 % of the rows and an
    // average selectivity (for a severity page at 333,334 sites: a hash join over the whole table, 2 s).
    boolean byTag = q.tag() != null;
    Table<?> list = byTag ? SITE_TAGS : SITES;
    Field<Long> id = byTag ? SITE_TAGS.SITE_ID : SITES.ID;
    Field<Short> rank = byTag ? SITE_TAGS.WORST_RANK : SITES.WORST_RANK;
    Field<String> domain = byTag ? SITE_TAGS.DOMAIN : SITES.DOMAIN;
    List<Condition> where = new ArrayList<>();
    if (byTag) {
      where.add(SITE_TAGS.TAG.eq(DSL.inline(q.tag())));
      if (q.tenant() != null) {
        // the tag's entries, each checked against its site's tenant (by primary key)
        where.add(DSL.exists(DSL.selectOne().from(SITES)
            .where(SITES.ID.eq(SITE_TAGS.SITE_ID).and(SITES.TENANT.eq(DSL.inline(q.tenant()))))));
      }
    } else if (q.tenant() != null) {
      // the tenant's range of sites_tenant_worst_first (tenant, worst_rank, domain)
      where.add(SITES.TENANT.eq(DSL.inline(q.tenant())));
    }
    if (q.severity() != null) {
      where.add(rank.eq(DSL.inline(Codec.rank(q.severity()))));
    }
    if (q.text() != null) {
      // Domains are stored lower case (Site.normalizeDomain), so "contains, case-insensitive" is a LIKE on the
      // lower-cased text, exactly as the in-memory store compares; on PostgreSQL sites_domain_trgm serves it (without
      // a tag; with one, the tag's entries are checked).
      where.add(domain.like(DSL.inline(containsPattern(q.text())), LIKE_ESCAPE));
    }
    // A tenant's counts read a range of task_states per site; a reader that shows none counts its sites instead
    boolean countSites = !withCounts && q.tenant() != null;
    Counts counts = countSites ? new Counts(new long[Codec.PENDING + 1], new long[Codec.PENDING + 1]) : counts(q.tenant());
    long total;
    boolean exact = true;
    if (q.text() != null) {
      // A text: the trigram index on PostgreSQL finds the candidates of a specific text; a text that most domains
      // contain is checked on index entries until TEXT_COUNT_LIMIT of them matched (counting them all took 0.2-0.4 s
      // at 333,334 sites): past it the total is a lower bound and the page is read from the start of the list.
      total = db.selectCount()
          .from(DSL.selectOne().from(list).where(where).limit(DSL.inline(TEXT_COUNT_LIMIT + 1)).asTable("matches"))
          .fetchSingle().value1();
      if (total > TEXT_COUNT_LIMIT) {
        total = TEXT_COUNT_LIMIT;
        exact = false;
      }
    } else if (byTag || countSites) {
      // A tag, with or without a severity, or a tenant's sites: an index range.
      total = db.selectCount().from(list).where(where).fetchSingle().value1();
    } else {
      // No filter, or the severity only: site_counts, whatever the number of sites.
      total = q.severity() == null ? java.util.Arrays.stream(counts.sites()).sum() : counts.sites()[Codec.rank(q.severity())];
    }
    List<DomainStatus> page = exact ? page(list, id, rank, domain, where, q.offset(), q.limit(), total)
        : page(list, id, rank, domain, where, q.offset(), q.limit(), Long.MAX_VALUE);
    return new StatusPage(tasks(counts.tasks()), page, total, exact);
  }

  /** How many domains a text search counts at most (its total is then a lower bound). */
  static final int TEXT_COUNT_LIMIT = 10_000;

  /** The dashboard's problems: ranks 0 to 2 (unknown, critical, warning) are one range of sites_worst_first. */
  StatusPage problems(@Nullable String tenant, int offset, int limit) {
    new DomainQuery(null, null, null, offset, limit, tenant); // validates the bounds
    Counts counts = counts(tenant);
    long total = counts.sites()[0] + counts.sites()[1] + counts.sites()[2];
    List<Condition> where = tenant == null ? List.of(SITES.WORST_RANK.le(DSL.inline((short) 2)))
        : List.of(SITES.TENANT.eq(DSL.inline(tenant)), SITES.WORST_RANK.le(DSL.inline((short) 2)));
    return new StatusPage(tasks(counts.tasks()), page(SITES, SITES.ID, SITES.WORST_RANK, SITES.DOMAIN, where, offset, limit,
        total), total);
  }

  /**
   * One page of a worst-first index: the ids in (rank, domain) order from {@code list}, then the listed sites with their
   * last run. A page nearer the end than the start is read backwards from the end (the index is walked either way),
   * so the last page of a million costs what the first does, and the middle one is the deepest.
   */
  private List<DomainStatus> page(Table<?> list, Field<Long> id, Field<Short> rank, Field<String> domain,
      List<Condition> where, int offset, int limit, long total) { // total: Long.MAX_VALUE when not known
    if (offset >= total) {
      return List.of(); // a page past the end (the total is known first) reads nothing more
    }
    long fromEnd = total - offset - limit;
    boolean backwards = fromEnd < offset;
    var ordered = DSL.select(id.as("id"))
        .from(list)
        .where(where)
        .orderBy(backwards ? List.of(rank.desc(), domain.desc()) : List.of(rank.asc(), domain.asc()));
    Table<?> ids = (backwards
        ? ordered.offset(DSL.inline(Math.max(0, fromEnd))).limit(DSL.inline((int) Math.min(limit, total - offset)))
        : ordered.offset(DSL.inline(offset)).limit(DSL.inline(limit)))
        .asTable("page");
    Sites s = SITES.as("s");
    Field<Instant> lastRun = DSL.field(DSL.select(DSL.max(TASK_STATES.LAST_RUN_AT)).from(TASK_STATES)
        .where(TASK_STATES.SITE_ID.eq(s.ID)));
    return db.select(s.DOMAIN, s.WORST_RANK, lastRun, s.TASK_COUNT)
        .from(ids)
        .join(s).on(s.ID.eq(ids.field("id", Long.class)))
        .orderBy(s.WORST_RANK, s.DOMAIN)
        .fetch(r -> new DomainStatus(r.value1(), Codec.severityOrNull(r.value2()), r.value3(), r.value4()));
  }

  private static final char LIKE_ESCAPE = '!';

  /** @return a LIKE pattern (escape {@link #LIKE_ESCAPE}) matching domains that contain the text, lower-cased */
  static String containsPattern(String text) {
    StringBuilder p = new StringBuilder(text.length() + 8).append('%');
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == LIKE_ESCAPE || c == '%' || c == '_') {
        p.append(LIKE_ESCAPE);
      }
      p.append(c);
    }
    return p.append('%').toString();
  }

  private static final Comparator<TaskStatus> TASK_ORDER = Comparator.comparing(TaskStatus::url)
      .thenComparing(TaskStatus::ipVersion)
      .thenComparing(t -> t.check().type())
      .thenComparing(t -> t.check().expected())
      .thenComparingLong(TaskStatus::taskId);

  private SelectOnConditionStep<Record> taskQuery() {
    return db.select(TASKS.ID, TASKS.CHECK_TYPE, TASKS.CHECK_PARAMETER, SITES.DOMAIN, REQUEST_GROUPS.URL,
            REQUEST_GROUPS.METHOD, REQUEST_GROUPS.IP_VERSION, REQUEST_GROUPS.NEXT_RUN)
        .select(TASK_STATES.fields())
        .from(TASKS)
        .join(REQUEST_GROUPS).on(REQUEST_GROUPS.ID.eq(TASKS.GROUP_ID))
        .join(SITES).on(SITES.ID.eq(TASKS.SITE_ID))
        .leftJoin(TASK_STATES).on(TASK_STATES.TASK_ID.eq(TASKS.ID));
  }

  private TaskStatus taskStatus(Record r) {
    TaskStatesRecord s = r.into(TASK_STATES);
    return new TaskStatus(r.get(TASKS.ID), r.get(SITES.DOMAIN), r.get(REQUEST_GROUPS.URL), r.get(REQUEST_GROUPS.METHOD),
        Codec.ipVersion(r.get(REQUEST_GROUPS.IP_VERSION)), codec.check(r.get(TASKS.CHECK_TYPE), r.get(TASKS.CHECK_PARAMETER)),
        s.getTaskId() == null ? null : Codec.taskState(s), r.get(REQUEST_GROUPS.NEXT_RUN));
  }

  List<TaskStatus> tasks(String domain) {
    return taskQuery()
        .where(SITES.DOMAIN.eq(SqlSites.normalize(domain)))
        .fetch(this::taskStatus)
        .stream()
        // A site has few tasks: sorting here orders by the check's canonical parameter too, exactly as the in-memory
        // store does, whatever the database collation.
        .sorted(TASK_ORDER)
        .toList();
  }

  Optional<TaskStatus> task(long taskId) {
    return taskQuery().where(TASKS.ID.eq(taskId)).fetchOptional(this::taskStatus);
  }

  java.util.Map<Long, Integer> contiguousFailures(java.util.Collection<Long> taskIds) {
    if (taskIds.isEmpty()) {
      return java.util.Map.of();
    }
    return db.select(TASK_STATES.TASK_ID, TASK_STATES.CONTIGUOUS_FAILURES).from(TASK_STATES)
        .where(TASK_STATES.TASK_ID.in(taskIds))
        .fetchMap(TASK_STATES.TASK_ID, TASK_STATES.CONTIGUOUS_FAILURES);
  }

  List<StoredResult> results(long taskId, int limit) {
    return db.selectFrom(RESULTS)
        .where(RESULTS.TASK_ID.eq(taskId))
        .orderBy(RESULTS.RESULT_AT.desc(), RESULTS.ID.desc())
        .limit(limit)
        .fetch(this::storedResult);
  }

  Optional<StoredResult> result(long resultId) {
    return db.selectFrom(RESULTS).where(RESULTS.ID.eq(resultId)).fetchOptional(this::storedResult);
  }

  private StoredResult storedResult(ResultsRecord r) {
    CheckResult result = new CheckResult(ResultStatus.valueOf(r.getStatus()), Codec.severity(r.getSeverityRank()),
        r.getMessage(), codec.context(r.getContext()), codec.timings(r.getTimings()));
    return new StoredResult(r.getId(), r.getTaskId(), r.getResultAt(), r.getNode(), result);
  }

  List<StateChange> history(long taskId, int limit) {
    return db.select(STATE_CHANGES.fields())
        .select(TASKS.CHECK_TYPE, TASKS.CHECK_PARAMETER, SITES.DOMAIN, REQUEST_GROUPS.URL, REQUEST_GROUPS.METHOD,
            REQUEST_GROUPS.IP_VERSION)
        .from(STATE_CHANGES)
        .join(TASKS).on(TASKS.ID.eq(STATE_CHANGES.TASK_ID))
        .join(REQUEST_GROUPS).on(REQUEST_GROUPS.ID.eq(TASKS.GROUP_ID))
        .join(SITES).on(SITES.ID.eq(TASKS.SITE_ID))
        .where(STATE_CHANGES.TASK_ID.eq(taskId))
        .orderBy(STATE_CHANGES.CHANGED_AT.desc(), STATE_CHANGES.ID.desc())
        .limit(limit)
        .fetch(r -> new StateChange(r.get(STATE_CHANGES.TASK_ID), r.get(SITES.DOMAIN), r.get(REQUEST_GROUPS.URL),
            r.get(REQUEST_GROUPS.METHOD), Codec.ipVersion(r.get(REQUEST_GROUPS.IP_VERSION)),
            codec.check(r.get(TASKS.CHECK_TYPE), r.get(TASKS.CHECK_PARAMETER)),
            Codec.severityOrNull(r.get(STATE_CHANGES.PREV_RANK)), Codec.severity(r.get(STATE_CHANGES.NEW_RANK)),
            r.get(STATE_CHANGES.CHANGED_AT), r.get(STATE_CHANGES.MESSAGE), r.get(STATE_CHANGES.RESULT_ID)));
  }
}
