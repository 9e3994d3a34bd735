package org.argos.postgres;

import static org.argos.postgres.internal.schema.Sequences.REQUEST_GROUPS_SEQ;
import static org.argos.postgres.internal.schema.Sequences.SITES_SEQ;
import static org.argos.postgres.internal.schema.Sequences.TASKS_SEQ;
import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.SITE_TAGS;
import static org.argos.postgres.internal.schema.Tables.TASKS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.Site;
import org.argos.api.spi.GroupPlan;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.RegistrationResult;
import org.argos.api.spi.SchedulePolicy;
import org.argos.api.spi.SitePlan;
import org.argos.api.spi.TaskPlan;
import org.argos.postgres.internal.schema.tables.records.RequestGroupsRecord;
import org.argos.postgres.internal.schema.tables.records.SiteTagsRecord;
import org.argos.postgres.internal.schema.tables.records.TasksRecord;
import org.jooq.DSLContext;
import org.jooq.Query;

/** Registration and removal of sites: the site row, its tags, groups and tasks, in one transaction each. */
final class Registrar {
  private final DSLContext db;
  private final Codec codec;

  Registrar(DSLContext db, Codec codec) {
    this.db = db;
    this.codec = codec;
  }

  private record GroupRow(long id, Instant nextRun) {}

  private record TaskRow(long id, short rank) {}

  RegistrationResult register(SitePlan plan, Instant now) {
    return db.transactionResult(cfg -> register(cfg.dsl(), plan, now));
  }

  private RegistrationResult register(DSLContext tx, SitePlan plan, Instant now) {
    Site site = plan.site();
    String json = codec.write(site);
    // Insert-if-absent, then lock the row: concurrent registrations of one site (and runs being recorded for it)
    // are serialized on the site row.
    int inserted = tx.insertInto(SITES)
        .set(SITES.ID, tx.nextval(SITES_SEQ))
        .set(SITES.DOMAIN, site.domain())
        .set(SITES.SITE_JSON, json)
        .onConflict(SITES.DOMAIN).doNothing()
        .execute();
    boolean created = inserted == 1;
    long siteId = tx.select(SITES.ID).from(SITES).where(SITES.DOMAIN.eq(site.domain())).forUpdate().fetchSingle(SITES.ID);
    if (!created) {
      tx.update(SITES).set(SITES.SITE_JSON, json).where(SITES.ID.eq(siteId)).execute();
      tx.deleteFrom(SITE_TAGS).where(SITE_TAGS.SITE_ID.eq(siteId)).execute();
    }
    if (!site.tags().isEmpty()) {
      List<SiteTagsRecord> tags = new ArrayList<>();
      for (String tag : site.tags()) {
        tags.add(new SiteTagsRecord(tag, siteId));
      }
      Batches.insert(tx, SITE_TAGS, tags);
    }

    Map<String, GroupRow> oldGroups = new HashMap<>();
    tx.select(REQUEST_GROUPS.ID, REQUEST_GROUPS.GROUP_KEY, REQUEST_GROUPS.NEXT_RUN)
        .from(REQUEST_GROUPS)
        .where(REQUEST_GROUPS.SITE_ID.eq(siteId))
        .forEach(r -> oldGroups.put(r.value2(), new GroupRow(r.value1(), r.value3())));
    Map<Long, Map<String, TaskRow>> oldTasks = new HashMap<>();
    tx.select(TASKS.ID, TASKS.GROUP_ID, TASKS.TASK_KEY, TASK_STATES.SEVERITY_RANK)
        .from(TASKS)
        .leftJoin(TASK_STATES).on(TASK_STATES.TASK_ID.eq(TASKS.ID))
        .where(TASKS.SITE_ID.eq(siteId))
        .forEach(r -> oldTasks.computeIfAbsent(r.value2(), k -> new HashMap<>())
            .put(r.value3(), new TaskRow(r.value1(), r.value4() == null ? Codec.PENDING : r.value4())));

    long[] countDeltas = new long[Codec.PENDING + 1];
    List<Long> removedTasks = new ArrayList<>();
    List<Query> groupUpdates = new ArrayList<>();
    Map<GroupPlan, Long> groupIds = new LinkedHashMap<>();
    List<GroupPlan> newGroups = new ArrayList<>();
    Map<GroupPlan, List<TaskPlan>> newTasks = new LinkedHashMap<>();
    int kept = 0;
    int added = 0;
    for (GroupPlan g : plan.groups()) {
      GroupRow old = oldGroups.remove(g.key());
      Map<String, TaskRow> current = old == null ? new HashMap<>() : oldTasks.getOrDefault(old.id(), new HashMap<>());
      if (old == null) {
        newGroups.add(g);
      } else {
        groupIds.put(g, old.id());
        Instant soon = now.plus(g.policy().frequency());
        groupUpdates.add(updateGroup(tx, old.id(), g, old.nextRun().isBefore(soon) ? old.nextRun() : soon));
      }
      List<TaskPlan> toAdd = new ArrayList<>();
      for (TaskPlan t : g.tasks()) {
        if (current.remove(t.key()) != null) {
          kept++;
        } else {
          toAdd.add(t);
        }
      }
      newTasks.put(g, toAdd);
      added += toAdd.size();
      for (TaskRow gone : current.values()) {
        removedTasks.add(gone.id());
        countDeltas[gone.rank()]--;
      }
    }
    List<Long> removedGroups = new ArrayList<>();
    for (GroupRow gone : oldGroups.values()) {
      removedGroups.add(gone.id());
      for (TaskRow t : oldTasks.getOrDefault(gone.id(), Map.of()).values()) {
        removedTasks.add(t.id());
        countDeltas[t.rank()]--;
      }
    }
    countDeltas[Codec.PENDING] += added;

    // Deleting a task deletes its state, results and history (foreign keys cascade).
    for (List<Long> chunk : Batches.chunks(removedTasks)) {
      tx.deleteFrom(TASKS).where(TASKS.ID.in(chunk)).execute();
    }
    for (List<Long> chunk : Batches.chunks(removedGroups)) {
      tx.deleteFrom(REQUEST_GROUPS).where(REQUEST_GROUPS.ID.in(chunk)).execute();
    }
    if (!groupUpdates.isEmpty()) {
      tx.batch(groupUpdates).execute();
    }
    if (!newGroups.isEmpty()) {
      Iterator<Long> ids = tx.nextvals(REQUEST_GROUPS_SEQ, newGroups.size()).iterator();
      List<RequestGroupsRecord> rows = new ArrayList<>();
      for (GroupPlan g : newGroups) {
        long id = ids.next();
        groupIds.put(g, id);
        RequestGroupsRecord r = new RequestGroupsRecord();
        r.setId(id);
        r.setSiteId(siteId);
        r.setGroupKey(g.key());
        r.setGroupKeyHash(Codec.sha256(g.key()));
        setRequest(r, g.request(), g.policy());
        r.setNextRun(g.firstRun());
        r.setClaimedBy(null);
        r.setLeaseUntil(null);
        rows.add(r);
      }
      Batches.insert(tx, REQUEST_GROUPS, rows);
    }
    if (added > 0) {
      Iterator<Long> ids = tx.nextvals(TASKS_SEQ, added).iterator();
      List<TasksRecord> rows = new ArrayList<>();
      newTasks.forEach((g, tasks) -> {
        for (TaskPlan t : tasks) {
          rows.add(new TasksRecord(ids.next(), groupIds.get(g), siteId, t.key(), Codec.sha256(t.key()),
              t.check().type(), codec.write(t.check().parameter())));
        }
      });
      Batches.insert(tx, TASKS, rows);
    }
    int taskCount = plan.groups().stream().mapToInt(g -> g.tasks().size()).sum();
    tx.update(SITES).set(SITES.TASK_COUNT, taskCount).where(SITES.ID.eq(siteId)).execute();
    long[] siteDeltas = new long[Codec.PENDING + 1];
    if (created) {
      siteDeltas[Codec.PENDING]++;
    }
    if (!removedTasks.isEmpty()) {
      Aggregates.refreshSites(tx, List.of(siteId), siteDeltas);
    }
    Aggregates.addSiteCounts(tx, siteDeltas);
    Aggregates.addCounts(tx, countDeltas);
    return new RegistrationResult(created, added, kept, removedTasks.size());
  }

  private Query updateGroup(DSLContext tx, long id, GroupPlan g, Instant nextRun) {
    RequestGroupsRecord r = new RequestGroupsRecord();
    setRequest(r, g.request(), g.policy());
    r.setNextRun(nextRun);
    return tx.update(REQUEST_GROUPS).set(r).where(REQUEST_GROUPS.ID.eq(id));
  }

  private void setRequest(RequestGroupsRecord r, ProbeRequest req, SchedulePolicy policy) {
    r.setUrl(req.url());
    r.setMethod(req.method());
    r.setRequestData(codec.write(req.requestData()));
    r.setIpVersion(Codec.ipVersion(req.ipVersion()));
    r.setTimeoutMs(req.timeout().toMillis());
    r.setFollowRedirects(req.followRedirects());
    r.setMaxRedirects(req.maxRedirects());
    r.setFrequencyMs(policy.frequency().toMillis());
    r.setRecheckDelayMs(policy.recheckDelay() == null ? null : policy.recheckDelay().toMillis());
    r.setRetryBeforeNotification(policy.retryBeforeNotification());
  }

  boolean unregister(String domain) {
    String d = normalize(domain);
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      var site = tx.select(SITES.ID, SITES.WORST_RANK).from(SITES).where(SITES.DOMAIN.eq(d)).forUpdate().fetchOne();
      if (site == null) {
        return false;
      }
      long siteId = site.value1();
      long[] siteDeltas = new long[Codec.PENDING + 1];
      siteDeltas[site.value2()]--;
      long[] countDeltas = new long[Codec.PENDING + 1];
      tx.select(TASK_STATES.SEVERITY_RANK)
          .from(TASKS)
          .leftJoin(TASK_STATES).on(TASK_STATES.TASK_ID.eq(TASKS.ID))
          .where(TASKS.SITE_ID.eq(siteId))
          .forEach(r -> countDeltas[r.value1() == null ? Codec.PENDING : r.value1()]--);
      tx.deleteFrom(SITES).where(SITES.ID.eq(siteId)).execute();
      Aggregates.addSiteCounts(tx, siteDeltas);
      Aggregates.addCounts(tx, countDeltas);
      return true;
    });
  }

  /** Lookups accept a domain as users write it ({@code https://Example.org/}); unparseable text matches nothing. */
  static String normalize(String domain) {
    try {
      return Site.normalizeDomain(domain);
    } catch (RuntimeException e) {
      return domain;
    }
  }
}
