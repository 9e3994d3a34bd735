package org.argos.postgres.internal.cluster;

import static org.argos.postgres.internal.schema.Sequences.INCIDENTS_SEQ;
import static org.argos.postgres.internal.schema.Sequences.INCIDENT_UPDATES_SEQ;
import static org.argos.postgres.internal.schema.Tables.INCIDENTS;
import static org.argos.postgres.internal.schema.Tables.INCIDENT_DOMAINS;
import static org.argos.postgres.internal.schema.Tables.INCIDENT_TASKS;
import static org.argos.postgres.internal.schema.Tables.INCIDENT_UPDATES;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.IncidentUpdate;
import org.argos.api.InvalidValueException;
import org.argos.api.store.IncidentEdit;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.argos.postgres.internal.schema.tables.records.IncidentsRecord;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Database;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Incidents (V20), shared by every node. An automatic incident is found by (tenant, active key), the key a SHA-256 of
 * its cause, unique while set: a node that loses the race to insert it joins the winner's. Each change locks the
 * incident's row, so two nodes growing or recovering one incident take turns. Written for PostgreSQL and H2 alike.
 */
public final class SqlIncidents implements Incidents {
  /** IN lists are cut to this many values. */
  private static final int CHUNK = 1000;

  private final DSLContext db;
  private final Calls calls;
  private final Field<String> domainOrder;

  public SqlIncidents(DSLContext db, Database database, Calls calls) {
    this.db = db;
    this.calls = calls;
    // PostgreSQL's locale would sort "https://a" before "http://z": code point order, as H2 and the memory store
    this.domainOrder = database == Database.POSTGRESQL
        ? INCIDENT_DOMAINS.DOMAIN.collate(DSL.collation(DSL.name("C"))) : INCIDENT_DOMAINS.DOMAIN;
  }

  /** The active incident of a cause was neither inserted nor found: another transaction holds it uncommitted. */
  private static final class LostRace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostRace() {
      super("the incident of a cause was inserted by a transaction not committed yet", null, false, false);
    }
  }

  static String activeKey(Incident.Cause cause) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(cause.key().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Incident open(String tenant, String title, IncidentStatus status, String message, String author,
      Collection<String> domains, Instant at) {
    String t = Incidents.checkTenant(tenant);
    String ti = Incident.checkTitle(title);
    if (!status.active()) {
      throw new InvalidValueException("status: an incident opens active, not resolved");
    }
    String m = IncidentUpdate.checkMessage(message);
    String a = IncidentUpdate.checkAuthor(author);
    List<String> ds = Incidents.checkDomains(domains);
    return calls.write("open an incident", () -> db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      long id = tx.nextval(INCIDENTS_SEQ);
      tx.insertInto(INCIDENTS).set(INCIDENTS.ID, id).set(INCIDENTS.TENANT, t).set(INCIDENTS.TITLE, ti)
          .set(INCIDENTS.STATUS, status.label()).set(INCIDENTS.AUTOMATIC, false).set(INCIDENTS.STATUS_BY_PERSON, true)
          .set(INCIDENTS.DOMAIN_COUNT, ds.size()).set(INCIDENTS.OPENED_AT, at).set(INCIDENTS.UPDATED_AT, at).execute();
      insertDomains(tx, id, ds);
      addUpdate(tx, id, at, status, m, a);
      return read(tx, id).orElseThrow();
    }));
  }

  private static void insertDomains(DSLContext tx, long id, List<String> domains) {
    for (int from = 0; from < domains.size(); from += CHUNK) {
      var insert = tx.insertInto(INCIDENT_DOMAINS, INCIDENT_DOMAINS.INCIDENT_ID, INCIDENT_DOMAINS.DOMAIN);
      for (String d : domains.subList(from, Math.min(domains.size(), from + CHUNK))) {
        insert = insert.values(id, d);
      }
      insert.onConflictDoNothing().execute();
    }
  }

  private static void addUpdate(DSLContext tx, long id, Instant at, IncidentStatus status, String message,
      String author) {
    tx.insertInto(INCIDENT_UPDATES).set(INCIDENT_UPDATES.ID, tx.nextval(INCIDENT_UPDATES_SEQ))
        .set(INCIDENT_UPDATES.INCIDENT_ID, id).set(INCIDENT_UPDATES.AT, at).set(INCIDENT_UPDATES.STATUS, status.label())
        .set(INCIDENT_UPDATES.MESSAGE, message).set(INCIDENT_UPDATES.AUTHOR, author).execute();
    tx.update(INCIDENTS).set(INCIDENTS.UPDATED_AT, DSL.greatest(INCIDENTS.UPDATED_AT, DSL.val(at)))
        .where(INCIDENTS.ID.eq(id)).execute();
  }

  private Optional<Incident> read(DSLContext tx, long id) {
    IncidentsRecord r = tx.selectFrom(INCIDENTS).where(INCIDENTS.ID.eq(id)).fetchOne();
    return r == null ? Optional.empty() : Optional.of(view(tx, r));
  }

  private Incident view(DSLContext tx, IncidentsRecord r) {
    List<String> listed = tx.select(INCIDENT_DOMAINS.DOMAIN).from(INCIDENT_DOMAINS)
        .where(INCIDENT_DOMAINS.INCIDENT_ID.eq(r.getId())).orderBy(domainOrder).limit(Incident.MAX_LISTED_DOMAINS)
        .fetch(INCIDENT_DOMAINS.DOMAIN);
    Incident.Cause cause = r.getCauseKind() == null || r.getCauseValue() == null ? null
        : new Incident.Cause(r.getCauseKind(), r.getCauseValue());
    return new Incident(r.getId(), r.getTenant(), r.getTitle(), IncidentStatus.parse(r.getStatus()), cause, listed,
        r.getDomainCount(), r.getOpenedAt(), r.getResolvedAt(), r.getAutomatic(), r.getUpdatedAt());
  }

  @Override
  public Optional<Incident> incident(long id) {
    return calls.call("read an incident", () -> read(db, id));
  }

  @Override
  public List<IncidentUpdate> timeline(long incidentId, int limit) {
    Incidents.checkTimelineLimit(limit);
    List<IncidentUpdate> newestFirst = calls.call("read an incident's timeline", () -> db.selectFrom(INCIDENT_UPDATES)
        .where(INCIDENT_UPDATES.INCIDENT_ID.eq(incidentId)).orderBy(INCIDENT_UPDATES.ID.desc()).limit(limit)
        .fetch(u -> new IncidentUpdate(u.getId(), u.getIncidentId(), u.getAt(), IncidentStatus.parse(u.getStatus()),
            u.getMessage(), u.getAuthor())));
    return newestFirst.reversed();
  }

  @Override
  public List<Incident> incidents(IncidentQuery q) {
    Condition c = DSL.trueCondition();
    if (q.tenant() != null) {
      c = c.and(INCIDENTS.TENANT.eq(q.tenant()));
    }
    if (q.which() == IncidentQuery.Which.ACTIVE) {
      c = c.and(INCIDENTS.STATUS.ne(IncidentStatus.RESOLVED.label()));
    } else if (q.which() == IncidentQuery.Which.PAST) {
      c = c.and(INCIDENTS.STATUS.eq(IncidentStatus.RESOLVED.label()));
    }
    if (q.beforeId() != null) {
      c = c.and(INCIDENTS.ID.lt(q.beforeId()));
    }
    if (q.domains() != null) {
      c = c.and(DSL.exists(DSL.selectOne().from(INCIDENT_DOMAINS).where(INCIDENT_DOMAINS.INCIDENT_ID.eq(INCIDENTS.ID))
          .and(INCIDENT_DOMAINS.DOMAIN.in(q.sortedDomains()))));
    }
    Condition where = c;
    return calls.call("list incidents", () -> db.selectFrom(INCIDENTS).where(where).orderBy(INCIDENTS.ID.desc())
        .limit(q.limit()).fetch().map(r -> view(db, r)));
  }

  @Override
  public Optional<Incident> edit(long id, IncidentEdit edit, Instant at) {
    return calls.write("edit an incident", () -> db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      IncidentsRecord r = tx.selectFrom(INCIDENTS).where(INCIDENTS.ID.eq(id)).forUpdate().fetchOne();
      if (r == null) {
        return Optional.<Incident>empty();
      }
      IncidentStatus before = IncidentStatus.parse(r.getStatus());
      if (edit.title() != null) {
        r.setTitle(edit.title());
        r.setUpdatedAt(at.isAfter(r.getUpdatedAt()) ? at : r.getUpdatedAt());
      }
      if (edit.status() != null) {
        r.setStatus(edit.status().label());
        r.setStatusByPerson(true);
        if (!edit.status().active()) {
          if (before.active()) {
            r.setResolvedAt(at);
          }
          r.setActiveKey(null);
        } else {
          r.setResolvedAt(null);
        }
      }
      r.store();
      IncidentStatus now = edit.status() == null ? before : edit.status();
      if (edit.message() != null || (edit.status() != null && edit.status() != before)) {
        addUpdate(tx, id, at, now, edit.message() != null ? edit.message() : Incidents.statusSet(now), edit.author());
      }
      return read(tx, id);
    }));
  }

  @Override
  public Incident joinOutage(String tenant, Incident.Cause cause, String title, String summary,
      Map<Long, String> failing, Instant at) {
    String t = Incidents.checkTenant(tenant);
    Incidents.checkTaskCount(failing.size());
    String key = activeKey(cause);
    String ti = Incidents.titleOf(title);
    String first = Incidents.messageOf(summary);
    return calls.write("join an outage to its incident", () -> {
      for (int attempt = 1; ; attempt++) {
        try {
          return db.transactionResult(cfg -> join(cfg.dsl(), t, cause, key, ti, first, failing, at));
        } catch (DataAccessException | LostRace e) {
          // H2 emulates ON CONFLICT with a MERGE that a concurrent insert can still collide with: the other
          // transaction's incident is committed now, so the next attempt joins it
          boolean race = e instanceof LostRace
              || ((DataAccessException) e).sqlStateClass() == SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION;
          if (attempt >= 5 || !race) {
            throw e;
          }
          Thread.onSpinWait();
        }
      }
    });
  }

  private Incident join(DSLContext tx, String t, Incident.Cause cause, String key, String ti, String first,
      Map<Long, String> failing, Instant at) {
    IncidentsRecord r = lockActive(tx, t, key);
    boolean opened = false;
    if (r == null) {
      long id = tx.nextval(INCIDENTS_SEQ);
      int inserted = tx.insertInto(INCIDENTS).set(INCIDENTS.ID, id).set(INCIDENTS.TENANT, t)
          .set(INCIDENTS.TITLE, ti).set(INCIDENTS.STATUS, IncidentStatus.INVESTIGATING.label())
          .set(INCIDENTS.CAUSE_KIND, cause.kind()).set(INCIDENTS.CAUSE_VALUE, cause.value())
          .set(INCIDENTS.ACTIVE_KEY, key).set(INCIDENTS.AUTOMATIC, true).set(INCIDENTS.STATUS_BY_PERSON, false)
          .set(INCIDENTS.DOMAIN_COUNT, 0).set(INCIDENTS.OPENED_AT, at).set(INCIDENTS.UPDATED_AT, at)
          .onConflictDoNothing().execute();
      opened = inserted == 1;
      r = lockActive(tx, t, key); // ours, or the one another node inserted meanwhile
      if (r == null) {
        throw new IllegalStateException("the incident of " + cause.key() + " is neither inserted nor found");
      }
      if (opened) {
        addUpdate(tx, r.getId(), at, IncidentStatus.INVESTIGATING, first, IncidentUpdate.ENGINE);
      }
    }
    long id = r.getId();
    trackFailing(tx, id, failing.keySet());
    List<String> added = addDomains(tx, r, new TreeSet<>(failing.values()));
    if (!added.isEmpty()) {
      tx.update(INCIDENTS).set(INCIDENTS.DOMAIN_COUNT, r.getDomainCount() + added.size())
          .where(INCIDENTS.ID.eq(id)).execute();
      if (!opened) {
        addUpdate(tx, id, at, IncidentStatus.parse(r.getStatus()),
            Incidents.moreAffected(added, r.getDomainCount() + added.size()), IncidentUpdate.ENGINE);
      }
    }
    return read(tx, id).orElseThrow();
  }

  private static @Nullable IncidentsRecord lockActive(DSLContext tx, String tenant, String key) {
    return tx.selectFrom(INCIDENTS).where(INCIDENTS.TENANT.eq(tenant)).and(INCIDENTS.ACTIVE_KEY.eq(key)).forUpdate()
        .fetchOne();
  }

  private static void trackFailing(DSLContext tx, long id, Set<Long> tasks) {
    List<Long> all = List.copyOf(tasks);
    Set<Long> known = new HashSet<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<Long> part = all.subList(from, Math.min(all.size(), from + CHUNK));
      known.addAll(tx.select(INCIDENT_TASKS.TASK_ID).from(INCIDENT_TASKS).where(INCIDENT_TASKS.INCIDENT_ID.eq(id))
          .and(INCIDENT_TASKS.TASK_ID.in(part)).fetch(INCIDENT_TASKS.TASK_ID));
      tx.update(INCIDENT_TASKS).set(INCIDENT_TASKS.FAILING, true).where(INCIDENT_TASKS.INCIDENT_ID.eq(id))
          .and(INCIDENT_TASKS.TASK_ID.in(part)).and(INCIDENT_TASKS.FAILING.isFalse()).execute();
    }
    int tracked = tx.fetchCount(INCIDENT_TASKS, INCIDENT_TASKS.INCIDENT_ID.eq(id));
    List<Long> fresh = all.stream().filter(x -> !known.contains(x)).sorted()
        .limit(Math.max(0, MAX_TRACKED_TASKS - tracked)).toList();
    for (int from = 0; from < fresh.size(); from += CHUNK) {
      var insert = tx.insertInto(INCIDENT_TASKS, INCIDENT_TASKS.INCIDENT_ID, INCIDENT_TASKS.TASK_ID,
          INCIDENT_TASKS.FAILING);
      for (long task : fresh.subList(from, Math.min(fresh.size(), from + CHUNK))) {
        insert = insert.values(id, task, true);
      }
      insert.onConflictDoNothing().execute();
    }
  }

  /** @return the domains new to the incident, within its bound */
  private static List<String> addDomains(DSLContext tx, IncidentsRecord r, TreeSet<String> domains) {
    List<String> all = List.copyOf(domains);
    Set<String> known = new HashSet<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      known.addAll(tx.select(INCIDENT_DOMAINS.DOMAIN).from(INCIDENT_DOMAINS)
          .where(INCIDENT_DOMAINS.INCIDENT_ID.eq(r.getId()))
          .and(INCIDENT_DOMAINS.DOMAIN.in(all.subList(from, Math.min(all.size(), from + CHUNK))))
          .fetch(INCIDENT_DOMAINS.DOMAIN));
    }
    List<String> fresh = all.stream().filter(d -> !known.contains(d))
        .limit(Math.max(0, MAX_DOMAINS - r.getDomainCount())).toList();
    insertDomains(tx, r.getId(), fresh);
    return fresh;
  }

  @Override
  public List<Incident> recover(Collection<Long> taskIds, Instant at) {
    Incidents.checkTaskCount(taskIds.size());
    if (taskIds.isEmpty()) {
      return List.of();
    }
    List<Long> all = List.copyOf(new TreeSet<>(taskIds));
    return calls.write("recover incidents' tasks", () -> db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      TreeSet<Long> touched = new TreeSet<>();
      for (int from = 0; from < all.size(); from += CHUNK) {
        touched.addAll(tx.selectDistinct(INCIDENT_TASKS.INCIDENT_ID).from(INCIDENT_TASKS).join(INCIDENTS)
            .on(INCIDENTS.ID.eq(INCIDENT_TASKS.INCIDENT_ID))
            .where(INCIDENT_TASKS.TASK_ID.in(all.subList(from, Math.min(all.size(), from + CHUNK))))
            .and(INCIDENT_TASKS.FAILING.isTrue()).and(INCIDENTS.ACTIVE_KEY.isNotNull())
            .fetch(INCIDENT_TASKS.INCIDENT_ID));
      }
      List<Incident> out = new ArrayList<>();
      for (long id : touched) { // in id order: two nodes lock them in the same order
        IncidentsRecord r = tx.selectFrom(INCIDENTS).where(INCIDENTS.ID.eq(id)).forUpdate().fetchOne();
        if (r == null || r.getActiveKey() == null) {
          continue;
        }
        int changed = 0;
        for (int from = 0; from < all.size(); from += CHUNK) {
          changed += tx.update(INCIDENT_TASKS).set(INCIDENT_TASKS.FAILING, false)
              .where(INCIDENT_TASKS.INCIDENT_ID.eq(id))
              .and(INCIDENT_TASKS.TASK_ID.in(all.subList(from, Math.min(all.size(), from + CHUNK))))
              .and(INCIDENT_TASKS.FAILING.isTrue()).execute();
        }
        if (changed == 0 || tx.fetchExists(INCIDENT_TASKS, INCIDENT_TASKS.INCIDENT_ID.eq(id)
            .and(INCIDENT_TASKS.FAILING.isTrue()))) {
          continue;
        }
        if (r.getStatusByPerson()) {
          addUpdate(tx, id, at, IncidentStatus.parse(r.getStatus()), Incidents.recoveredKept(r.getDomainCount()),
              IncidentUpdate.ENGINE);
        } else {
          tx.update(INCIDENTS).set(INCIDENTS.STATUS, IncidentStatus.RESOLVED.label()).set(INCIDENTS.RESOLVED_AT, at)
              .setNull(INCIDENTS.ACTIVE_KEY).where(INCIDENTS.ID.eq(id)).execute();
          addUpdate(tx, id, at, IncidentStatus.RESOLVED, Incidents.recoveredResolved(r.getDomainCount()),
              IncidentUpdate.ENGINE);
        }
        out.add(read(tx, id).orElseThrow());
      }
      return out;
    }));
  }

  @Override
  public List<Incident> activeOutages(String tenant, int limit) {
    if (limit < 1 || limit > IncidentQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit: 1 to " + IncidentQuery.MAX_LIMIT);
    }
    return calls.call("read active outages", () -> db.selectFrom(INCIDENTS).where(INCIDENTS.TENANT.eq(tenant))
        .and(INCIDENTS.ACTIVE_KEY.isNotNull()).orderBy(INCIDENTS.ID.desc()).limit(limit).fetch().map(r -> view(db, r)));
  }
}
