package org.argos.postgres.internal.claims;

import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.TASKS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.argos.api.Quorum;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskRef;
import org.argos.postgres.internal.schema.tables.records.RequestGroupsRecord;
import org.argos.postgres.internal.sql.Batches;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.Database;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Due request groups claimed by a node for a lease, with their site's domain and tasks; released by the node, or
 * rescheduled, when it stops or the schedule changes.
 */
final class Claims {
  private final DSLContext db;
  private final Codec codec;
  private final Database database;

  Claims(DSLContext db, Codec codec, Database database) {
    this.db = db;
    this.codec = codec;
    this.database = database;
  }

  List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil) {
    return db.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      // Rows another node is claiming right now are skipped, not waited for; the lease condition is re-checked on the
      // locked row version, so a group claimed and committed meanwhile is not taken twice.
      List<Long> ids = database.lockSkippingLocked(
              tx.select(REQUEST_GROUPS.ID)
                  .from(REQUEST_GROUPS)
                  .where(REQUEST_GROUPS.NEXT_RUN.le(dueBefore))
                  .and(REQUEST_GROUPS.CLAIMED_BY.isNull().or(REQUEST_GROUPS.LEASE_UNTIL.lt(now)))
                  .orderBy(REQUEST_GROUPS.NEXT_RUN, REQUEST_GROUPS.ID)
                  .limit(limit))
          .fetch(REQUEST_GROUPS.ID);
      if (ids.isEmpty()) {
        return List.of();
      }
      tx.update(REQUEST_GROUPS)
          .set(REQUEST_GROUPS.CLAIMED_BY, node)
          .set(REQUEST_GROUPS.LEASE_UNTIL, leaseUntil)
          .where(REQUEST_GROUPS.ID.in(ids))
          .execute();
      return load(tx, ids);
    });
  }

  /** The claimed groups with their site's domain and tasks, in due order. */
  private List<ClaimedGroup> load(DSLContext tx, List<Long> ids) {
    Map<Long, List<TaskRef>> tasks = new HashMap<>();
    tx.select(TASKS.ID, TASKS.GROUP_ID, TASKS.CHECK_TYPE, TASKS.CHECK_PARAMETER)
        .from(TASKS)
        .where(TASKS.GROUP_ID.in(ids))
        .orderBy(TASKS.ID)
        .forEach(r -> tasks.computeIfAbsent(r.value2(), k -> new ArrayList<>())
            .add(new TaskRef(r.value1(), codec.check(r.value3(), r.value4()))));
    List<ClaimedGroup> out = new ArrayList<>(ids.size());
    for (Record r : tx.select(REQUEST_GROUPS.fields())
        .select(SITES.DOMAIN)
        .from(REQUEST_GROUPS)
        .join(SITES).on(SITES.ID.eq(REQUEST_GROUPS.SITE_ID))
        .where(REQUEST_GROUPS.ID.in(ids))
        .orderBy(REQUEST_GROUPS.NEXT_RUN, REQUEST_GROUPS.ID)
        .fetch()) {
      RequestGroupsRecord g = r.into(REQUEST_GROUPS);
      out.add(new ClaimedGroup(g.getId(), r.get(SITES.DOMAIN), request(g), policy(g), g.getNextRun(),
          g.getLeaseUntil(), tasks.getOrDefault(g.getId(), List.of())));
    }
    return out;
  }

  ProbeRequest request(RequestGroupsRecord g) {
    return new ProbeRequest(g.getUrl(), new ProbeRequest.Http(g.getMethod(), codec.requestData(g.getRequestData()),
        g.getFollowRedirects(), g.getMaxRedirects()), Codec.ipVersion(g.getIpVersion()),
        Duration.ofMillis(g.getTimeoutMs()), codec.options(g.getRequestData()));
  }

  static SchedulePolicy policy(RequestGroupsRecord g) {
    return new SchedulePolicy(Duration.ofMillis(g.getFrequencyMs()),
        g.getRecheckDelayMs() == null ? null : Duration.ofMillis(g.getRecheckDelayMs()),
        g.getRetryBeforeNotification(), new Quorum(List.of(g.getLocations().split(",")), g.getQuorum(),
        g.getAlertOnPartial()), Codec.lifecycle(g.getSuccessThreshold(), g.getFlappingChanges(),
            g.getFlappingWithinMs()));
  }

  void release(String node, Collection<Long> groupIds) {
    for (List<Long> chunk : Batches.chunks(List.copyOf(groupIds))) {
      db.update(REQUEST_GROUPS)
          .setNull(REQUEST_GROUPS.CLAIMED_BY)
          .setNull(REQUEST_GROUPS.LEASE_UNTIL)
          .where(REQUEST_GROUPS.ID.in(chunk))
          .and(REQUEST_GROUPS.CLAIMED_BY.eq(node))
          .execute();
    }
  }

  int releaseAll(String node) {
    return db.update(REQUEST_GROUPS)
        .setNull(REQUEST_GROUPS.CLAIMED_BY)
        .setNull(REQUEST_GROUPS.LEASE_UNTIL)
        .where(REQUEST_GROUPS.CLAIMED_BY.eq(node))
        .execute();
  }

  int releaseAllExcept(String node, Collection<Long> keep) {
    Set<Long> kept = Set.copyOf(keep);
    List<Long> released = db.select(REQUEST_GROUPS.ID).from(REQUEST_GROUPS).where(REQUEST_GROUPS.CLAIMED_BY.eq(node))
        .fetch(REQUEST_GROUPS.ID).stream().filter(id -> !kept.contains(id)).toList();
    release(node, released); // only the node itself claims as this node, and it is not claiming meanwhile
    return released.size();
  }

  int rescheduleAll(Instant at) {
    // a claimed group is running: its run sets its next one
    return db.update(REQUEST_GROUPS).set(REQUEST_GROUPS.NEXT_RUN, at).where(REQUEST_GROUPS.CLAIMED_BY.isNull())
        .execute();
  }

  /** The groups of these tasks (at most 1,000), due at {@code at} unless claimed. */
  int reschedule(Collection<Long> taskIds, Instant at) {
    return db.update(REQUEST_GROUPS).set(REQUEST_GROUPS.NEXT_RUN, at).where(REQUEST_GROUPS.CLAIMED_BY.isNull())
        .and(REQUEST_GROUPS.ID.in(db.select(TASKS.GROUP_ID).from(TASKS).where(TASKS.ID.in(taskIds))))
        .execute();
  }

  Optional<Instant> nextDue() {
    return db.select(REQUEST_GROUPS.NEXT_RUN)
        .from(REQUEST_GROUPS)
        .where(REQUEST_GROUPS.CLAIMED_BY.isNull())
        .orderBy(REQUEST_GROUPS.NEXT_RUN)
        .limit(1)
        .fetchOptional(REQUEST_GROUPS.NEXT_RUN);
  }
}
