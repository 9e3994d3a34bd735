package org.argos.postgres.internal.sites;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.AlertLifecycle;
import org.argos.api.Site;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.GroupPlan;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.TaskPlan;
import org.argos.postgres.internal.schema.tables.records.RequestGroupsRecord;
import org.argos.postgres.internal.schema.tables.records.SiteTagsRecord;
import org.argos.postgres.internal.schema.tables.records.TasksRecord;
import org.argos.postgres.internal.sql.Batches;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.status.Aggregates;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * Registration and removal of sites: the site rows, their tags, groups and tasks. Many sites are registered per
 * transaction ({@link #SITES_PER_TRANSACTION}), with multi-row statements, so a large fleet costs a few statements
 * per thousand sites instead of a dozen per site; a single registration is a chunk of one.
 */
final class Registrar {
  /** Sites written per transaction by {@link #registerAll}: large enough to amortize round trips, small enough to
   *  keep row locks and transaction size modest. */
  public static final int SITES_PER_TRANSACTION = 1000;

  private final DSLContext db;
  private final Codec codec;

  Registrar(DSLContext db, Codec codec) {
    this.db = db;
    this.codec = codec;
  }

  private record GroupRow(long id, Instant nextRun) {}

  private record TaskRow(long id, short rank) {}

  RegistrationResult register(SitePlan plan, Instant now) {
    return db.transactionResult(cfg -> registerChunk(cfg.dsl(), List.of(plan), now)).get(0);
  }

  /** Chunks of distinct domains, one transaction each, so a domain listed twice is written twice, in order. */
  List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    List<RegistrationResult> out = new ArrayList<>(plans.size());
    List<SitePlan> chunk = new ArrayList<>();
    Set<String> domains = new HashSet<>();
    for (SitePlan p : plans) {
      if (chunk.size() == SITES_PER_TRANSACTION || !domains.add(p.site().domain())) {
        out.addAll(registerChunk(chunk, now));
        chunk = new ArrayList<>();
        domains.clear();
        domains.add(p.site().domain());
      }
      chunk.add(p);
    }
    if (!chunk.isEmpty()) {
      out.addAll(registerChunk(chunk, now));
    }
    return out;
  }

  private List<RegistrationResult> registerChunk(List<SitePlan> chunk, Instant now) {
    List<SitePlan> plans = List.copyOf(chunk);
    return db.transactionResult(cfg -> registerChunk(cfg.dsl(), plans, now));
  }

  /** What one site of a chunk becomes. */
  private static final class SiteWork {
    final SitePlan plan;
    final String json;
    final int taskCount;
    long id;
    boolean created;
    /** The site's worst rank as stored before this registration (pending for a new site). */
    short worstRank = Codec.PENDING;
    int added;
    int kept;
    int removed;

    SiteWork(SitePlan plan, String json) {
      this.plan = plan;
      this.json = json;
      this.taskCount = plan.groups().stream().mapToInt(g -> g.tasks().size()).sum();
    }
  }

  /** A group of a chunk: its id (0 until a new one gets its id) and the tasks it gains. */
  private static final class GroupWork {
    final GroupPlan plan;
    final long siteId;
    long id;
    final List<TaskPlan> toAdd = new ArrayList<>();

    GroupWork(GroupPlan plan, long siteId, long id) {
      this.plan = plan;
      this.siteId = siteId;
      this.id = id;
    }
  }

  /** Registers sites of distinct domains in the caller's transaction; results in the plans' order. */
  private List<RegistrationResult> registerChunk(DSLContext tx, List<SitePlan> plans, Instant now) {
    List<SiteWork> work = new ArrayList<>(plans.size());
    for (SitePlan p : plans) {
      work.add(new SiteWork(p, codec.write(p.site())));
    }
    // Insert-if-absent in domain order, then lock the rows in id order (as recording runs does): concurrent
    // registrations of a site, and runs being recorded for it, are serialized on its row without a cycle.
    List<SiteWork> byDomain = new ArrayList<>(work);
    byDomain.sort(Comparator.comparing(w -> w.plan.site().domain()));
    Iterator<Long> newIds = tx.nextvals(SITES_SEQ, byDomain.size()).iterator();
    Map<String, SiteWork> byName = new HashMap<>();
    for (SiteWork w : byDomain) {
      w.id = newIds.next();
      byName.put(w.plan.site().domain(), w);
    }
    int inserted = 0;
    for (List<SiteWork> part : Batches.chunks(byDomain)) {
      var insert = tx.insertInto(SITES, SITES.ID, SITES.DOMAIN, SITES.SITE_JSON, SITES.TASK_COUNT, SITES.TENANT);
      for (SiteWork w : part) {
        insert = insert.values(w.id, w.plan.site().domain(), w.json, w.taskCount, w.plan.site().tenant());
      }
      inserted += insert.onConflict(SITES.DOMAIN).doNothing().execute();
    }
    if (inserted == byDomain.size()) {
      // Every site is new (a first load): its row is ours, locked by the insert, with the id given above. Nothing to
      // look up: on a large, growing table the lookup below was the slowest statement of a registration.
      byDomain.forEach(w -> w.created = true);
    } else {
      // one statement for the whole chunk (at most SITES_PER_TRANSACTION binds), so the locks follow one id order
      tx.select(SITES.ID, SITES.DOMAIN, SITES.WORST_RANK).from(SITES)
          .where(SITES.DOMAIN.in(byName.keySet()))
          .orderBy(SITES.ID)
          .forUpdate()
          .forEach(r -> {
            SiteWork w = byName.get(r.value2());
            w.created = r.value1() == w.id;
            w.id = r.value1();
            w.worstRank = r.value3();
          });
    }
    List<Long> existing = new ArrayList<>();
    List<Query> siteUpdates = new ArrayList<>();
    for (SiteWork w : byDomain) {
      if (!w.created) {
        existing.add(w.id);
        siteUpdates.add(tx.update(SITES).set(SITES.SITE_JSON, w.json).set(SITES.TASK_COUNT, w.taskCount)
            .set(SITES.TENANT, w.plan.site().tenant())
            .where(SITES.ID.eq(w.id)));
      }
    }
    if (!siteUpdates.isEmpty()) {
      tx.batch(siteUpdates).execute();
    }
    for (List<Long> part : Batches.chunks(existing)) {
      tx.deleteFrom(SITE_TAGS).where(SITE_TAGS.SITE_ID.in(part)).execute();
    }
    List<SiteTagsRecord> tags = new ArrayList<>();
    for (SiteWork w : work) {
      for (String tag : w.plan.site().tags()) {
        // with the site's rank as stored now: refreshSites below moves both if the new tasks change it
        SiteTagsRecord t = new SiteTagsRecord();
        t.setTag(tag);
        t.setSiteId(w.id);
        t.setWorstRank(w.worstRank);
        t.setDomain(w.plan.site().domain());
        tags.add(t);
      }
    }
    Batches.insert(tx, SITE_TAGS, tags);

    // The current groups and tasks of the sites that existed, per site.
    Map<Long, Map<String, GroupRow>> oldGroups = new HashMap<>();
    Map<Long, Map<String, TaskRow>> oldTasks = new HashMap<>();
    for (List<Long> part : Batches.chunks(existing)) {
      tx.select(REQUEST_GROUPS.SITE_ID, REQUEST_GROUPS.ID, REQUEST_GROUPS.GROUP_KEY, REQUEST_GROUPS.NEXT_RUN)
          .from(REQUEST_GROUPS)
          .where(REQUEST_GROUPS.SITE_ID.in(part))
          .forEach(r -> oldGroups.computeIfAbsent(r.value1(), k -> new HashMap<>())
              .put(r.value3(), new GroupRow(r.value2(), r.value4())));
      tx.select(TASKS.ID, TASKS.GROUP_ID, TASKS.TASK_KEY, TASK_STATES.SEVERITY_RANK)
          .from(TASKS)
          .leftJoin(TASK_STATES).on(TASK_STATES.TASK_ID.eq(TASKS.ID))
          .where(TASKS.SITE_ID.in(part))
          .forEach(r -> oldTasks.computeIfAbsent(r.value2(), k -> new HashMap<>())
              .put(r.value3(), new TaskRow(r.value1(), r.value4() == null ? Codec.PENDING : r.value4())));
    }

    long[] countDeltas = new long[Codec.PENDING + 1];
    List<Long> removedTasks = new ArrayList<>();
    List<Long> removedGroups = new ArrayList<>();
    List<Long> sitesLosingTasks = new ArrayList<>();
    List<Query> groupUpdates = new ArrayList<>();
    List<GroupWork> groups = new ArrayList<>();
    int newGroupCount = 0;
    int added = 0;
    for (SiteWork w : work) {
      Map<String, GroupRow> groupsOfSite = new HashMap<>(oldGroups.getOrDefault(w.id, Map.of()));
      int removedBefore = removedTasks.size();
      for (GroupPlan g : w.plan.groups()) {
        GroupRow old = groupsOfSite.remove(g.key());
        Map<String, TaskRow> current = old == null ? new HashMap<>() : oldTasks.getOrDefault(old.id(), new HashMap<>());
        GroupWork gw = new GroupWork(g, w.id, old == null ? 0 : old.id());
        if (old == null) {
          newGroupCount++;
        } else {
          Instant soon = now.plus(g.policy().frequency());
          groupUpdates.add(updateGroup(tx, old.id(), g, old.nextRun().isBefore(soon) ? old.nextRun() : soon));
        }
        for (TaskPlan t : g.tasks()) {
          if (current.remove(t.key()) != null) {
            w.kept++;
          } else {
            gw.toAdd.add(t);
          }
        }
        groups.add(gw);
        w.added += gw.toAdd.size();
        for (TaskRow gone : current.values()) {
          removedTasks.add(gone.id());
          countDeltas[gone.rank()]--;
        }
      }
      for (GroupRow gone : groupsOfSite.values()) {
        removedGroups.add(gone.id());
        for (TaskRow t : oldTasks.getOrDefault(gone.id(), Map.of()).values()) {
          removedTasks.add(t.id());
          countDeltas[t.rank()]--;
        }
      }
      w.removed = removedTasks.size() - removedBefore;
      if (w.removed > 0) {
        sitesLosingTasks.add(w.id);
      }
      added += w.added;
    }
    countDeltas[Codec.PENDING] += added;

    // Deleting a task deletes its state, results and history (foreign keys cascade).
    for (List<Long> part : Batches.chunks(removedTasks)) {
      tx.deleteFrom(TASKS).where(TASKS.ID.in(part)).execute();
    }
    for (List<Long> part : Batches.chunks(removedGroups)) {
      tx.deleteFrom(REQUEST_GROUPS).where(REQUEST_GROUPS.ID.in(part)).execute();
    }
    if (!groupUpdates.isEmpty()) {
      tx.batch(groupUpdates).execute();
    }
    if (newGroupCount > 0) {
      Iterator<Long> ids = tx.nextvals(REQUEST_GROUPS_SEQ, newGroupCount).iterator();
      List<RequestGroupsRecord> rows = new ArrayList<>(newGroupCount);
      for (GroupWork gw : groups) {
        if (gw.id != 0) {
          continue;
        }
        GroupPlan g = gw.plan;
        gw.id = ids.next();
        RequestGroupsRecord r = new RequestGroupsRecord();
        r.setId(gw.id);
        r.setSiteId(gw.siteId);
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
      List<TasksRecord> rows = new ArrayList<>(added);
      for (GroupWork gw : groups) {
        for (TaskPlan t : gw.toAdd) {
          rows.add(new TasksRecord(ids.next(), gw.id, gw.siteId, t.key(), Codec.sha256(t.key()), t.check().type(),
              codec.write(t.check().parameter())));
        }
      }
      Batches.insert(tx, TASKS, rows);
    }
    long[] siteDeltas = new long[Codec.PENDING + 1];
    for (SiteWork w : work) {
      if (w.created) {
        siteDeltas[Codec.PENDING]++;
      }
    }
    if (!sitesLosingTasks.isEmpty()) {
      Aggregates.refreshSites(tx, sitesLosingTasks, siteDeltas);
    }
    Aggregates.addSiteCounts(tx, siteDeltas);
    Aggregates.addCounts(tx, countDeltas);
    List<RegistrationResult> results = new ArrayList<>(work.size());
    for (SiteWork w : work) {
      results.add(new RegistrationResult(w.created, w.added, w.kept, w.removed));
    }
    return results;
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
    r.setRequestData(codec.requestColumn(req));
    r.setIpVersion(Codec.ipVersion(req.ipVersion()));
    r.setTimeoutMs(req.timeout().toMillis());
    r.setFollowRedirects(req.followRedirects());
    r.setMaxRedirects(req.maxRedirects());
    r.setFrequencyMs(policy.frequency().toMillis());
    r.setRecheckDelayMs(policy.recheckDelay() == null ? null : policy.recheckDelay().toMillis());
    r.setRetryBeforeNotification(policy.retryBeforeNotification());
    r.setLocations(String.join(",", policy.quorum().locations()));
    r.setQuorum(policy.quorum().quorum());
    r.setAlertOnPartial(policy.quorum().alertOnPartial());
    r.setSuccessThreshold(policy.lifecycle().successThreshold());
    AlertLifecycle.Flapping f = policy.lifecycle().flapping();
    r.setFlappingChanges(f == null ? null : f.changes());
    r.setFlappingWithinMs(f == null ? null : f.within().toMillis());
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
