package org.argos.postgres;

import static org.argos.postgres.internal.schema.Tables.AGENTS;
import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;
import static org.argos.postgres.internal.schema.Tables.RESULTS;
import static org.argos.postgres.internal.schema.Tables.SEVERITY_COUNTS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.SITE_TAGS;
import static org.argos.postgres.internal.schema.Tables.STATE_CHANGES;
import static org.argos.postgres.internal.schema.Tables.TASKS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

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
import org.argos.api.spi.StoredResult;
import org.argos.postgres.internal.schema.tables.Sites;
import org.argos.postgres.internal.schema.tables.records.ResultsRecord;
import org.argos.postgres.internal.schema.tables.records.TaskStatesRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Reads for status pages and APIs: each one an index range or a few aggregate rows. */
final class Reads {
  private final DSLContext db;
  private final Codec codec;

  Reads(DSLContext db, Codec codec) {
    this.db = db;
    this.codec = codec;
  }

  Optional<Site> site(String domain) {
    return db.select(SITES.SITE_JSON).from(SITES).where(SITES.DOMAIN.eq(Registrar.normalize(domain)))
        .fetchOptional(SITES.SITE_JSON)
        .map(codec::site);
  }

  List<Site> sites(int offset, int limit) {
    return db.select(SITES.SITE_JSON).from(SITES).orderBy(SITES.DOMAIN).offset(offset).limit(limit)
        .fetch(SITES.SITE_JSON).stream().map(codec::site).toList();
  }

  long siteCount() {
    return java.util.Arrays.stream(Aggregates.siteCounts(db)).sum();
  }

  SeverityCounts severityCounts() {
    long[] n = new long[Codec.PENDING + 1];
    db.selectFrom(SEVERITY_COUNTS).forEach(r -> n[r.getSeverityRank()] = r.getTasks());
    return new SeverityCounts(n[3], n[2], n[1], n[0], n[Codec.PENDING]);
  }

  StatusPage domains(DomainQuery q) {
    // The page is found in sites_worst_first (worst_rank, domain, id) alone: pending sites have rank 4, after ok; a
    // severity is a range of it; a text filter is checked on the index entries; the offset is skipped without
    // reading the table (index-only on PostgreSQL while the table is all-visible, which it stays since site rows
    // change only with their worst severity). Then only the listed sites are read, with their last run (the
    // latest of their tasks', from task_states_site).
    // The severity, the text and the page bounds are written into the SQL, not bound: a reused server-side
    // statement may otherwise get PostgreSQL's generic plan, which assumes a limit of 10 % of the rows and an
    // average selectivity (for a severity page at 333,334 sites: a hash join over the whole table, 2 s).
    List<Condition> where = new ArrayList<>();
    if (q.severity() != null) {
      where.add(SITES.WORST_RANK.eq(DSL.inline(Codec.rank(q.severity()))));
    }
    if (q.tag() != null) {
      where.add(DSL.exists(DSL.selectOne().from(SITE_TAGS)
          .where(SITE_TAGS.TAG.eq(q.tag())).and(SITE_TAGS.SITE_ID.eq(SITES.ID))));
    }
    if (q.text() != null) {
      // Domains are stored lower case (Site.normalizeDomain), so "contains, case-insensitive" is a LIKE on the
      // lower-cased text, exactly as the in-memory store compares; on PostgreSQL sites_domain_trgm serves it.
      where.add(SITES.DOMAIN.like(DSL.inline(containsPattern(q.text())), LIKE_ESCAPE));
    }
    long total;
    if (q.tag() == null && q.text() == null) {
      // No filter, or the severity only: one or five rows of site_counts, whatever the number of sites.
      long[] bySeverity = Aggregates.siteCounts(db);
      total = q.severity() == null ? java.util.Arrays.stream(bySeverity).sum() : bySeverity[Codec.rank(q.severity())];
    } else if (q.severity() == null && q.text() == null) {
      // A tag only: an index range of site_tags.
      total = db.selectCount().from(SITE_TAGS).where(SITE_TAGS.TAG.eq(q.tag())).fetchSingle().value1();
    } else {
      // Tag and severity: the planner joins or filters. A text: the trigram index on PostgreSQL finds the candidates
      // of a specific text; a text most domains contain is checked on every entry of an index of the domains.
      total = db.selectCount().from(SITES).where(where).fetchSingle().value1();
    }
    Table<?> ids = DSL.select(SITES.ID, SITES.WORST_RANK, SITES.DOMAIN)
        .from(SITES)
        .where(where)
        .orderBy(SITES.WORST_RANK, SITES.DOMAIN)
        .offset(DSL.inline(q.offset()))
        .limit(DSL.inline(q.limit()))
        .asTable("page");
    Sites s = SITES.as("s");
    Field<Instant> lastRun = DSL.field(DSL.select(DSL.max(TASK_STATES.LAST_RUN_AT)).from(TASK_STATES)
        .where(TASK_STATES.SITE_ID.eq(s.ID)));
    // A page past the end (the total is known first) reads nothing more.
    List<DomainStatus> page = q.offset() >= total ? List.of() : db.select(s.DOMAIN, s.WORST_RANK, lastRun, s.TASK_COUNT)
        .from(ids)
        .join(s).on(s.ID.eq(ids.field(SITES.ID)))
        .orderBy(s.WORST_RANK, s.DOMAIN)
        .fetch(r -> new DomainStatus(r.value1(), Codec.severityOrNull(r.value2()), r.value3(), r.value4()));
    return new StatusPage(severityCounts(), page, total);
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
        s.getTaskId() == null ? null : Runs.state(s), r.get(REQUEST_GROUPS.NEXT_RUN));
  }

  List<TaskStatus> tasks(String domain) {
    return taskQuery()
        .where(SITES.DOMAIN.eq(Registrar.normalize(domain)))
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

  void agentSeen(String agentId, Instant at) {
    db.insertInto(AGENTS)
        .set(AGENTS.ID, agentId)
        .set(AGENTS.LAST_SEEN, at)
        .onConflict(AGENTS.ID)
        .doUpdate()
        .set(AGENTS.LAST_SEEN, at)
        .execute();
  }

  List<AgentSeen> agents() {
    return db.selectFrom(AGENTS).orderBy(AGENTS.ID).fetch(r -> new AgentSeen(r.getId(), r.getLastSeen()));
  }
}
