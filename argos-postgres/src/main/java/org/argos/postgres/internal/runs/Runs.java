package org.argos.postgres.internal.runs;

import static org.argos.postgres.internal.schema.Sequences.ALERT_OUTBOX_SEQ;
import static org.argos.postgres.internal.schema.Sequences.RESULTS_SEQ;
import static org.argos.postgres.internal.schema.Sequences.STATE_CHANGES_SEQ;
import static org.argos.postgres.internal.schema.Tables.ALERT_OUTBOX;
import static org.argos.postgres.internal.schema.Tables.REQUEST_GROUPS;
import static org.argos.postgres.internal.schema.Tables.RESULTS;
import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.STATE_CHANGES;
import static org.argos.postgres.internal.schema.Tables.TASKS;
import static org.argos.postgres.internal.schema.Tables.TASK_LOCATIONS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.CheckResult;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.TaskState;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.LocationResult;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.argos.api.store.Transition;
import org.argos.api.store.TransitionRule;
import org.argos.postgres.internal.outbox.SqlOutbox;
import org.argos.postgres.internal.schema.tables.records.AlertOutboxRecord;
import org.argos.postgres.internal.schema.tables.records.ResultsRecord;
import org.argos.postgres.internal.schema.tables.records.StateChangesRecord;
import org.argos.postgres.internal.schema.tables.records.TaskLocationsRecord;
import org.argos.postgres.internal.schema.tables.records.TaskStatesRecord;
import org.argos.postgres.internal.sql.Batches;
import org.argos.postgres.internal.sql.Codec;
import org.argos.postgres.internal.sql.Database;
import org.argos.postgres.internal.status.Aggregates;
import org.argos.postgres.internal.uptime.Rollups;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The recording of runs: results, task states and their transitions, state changes and the alerts they raise, the
 * groups' next runs and the status aggregates, in one transaction per batch of runs.
 */
final class Runs {
  private final DSLContext db;
  private final Codec codec;
  private final Database database;

  Runs(DSLContext db, Codec codec, Database database) {
    this.db = db;
    this.codec = codec;
    this.database = database;
  }

  /** Ids from the results sequence, in one round trip, for rows written later. */
  List<Long> reserveResultIds(int count) {
    return List.copyOf(db.nextvals(RESULTS_SEQ, count));
  }

  private record TaskRow(long id, long groupId, long siteId) {}

  CompletionReport complete(List<CompletedRun> runs, TransitionRule rule) {
    return db.transactionResult(cfg -> complete(cfg.dsl(), runs, rule));
  }

  private CompletionReport complete(DSLContext tx, List<CompletedRun> runs, TransitionRule rule) {
    Set<Long> groupIds = new TreeSet<>();
    Set<Long> taskIds = new TreeSet<>();
    for (CompletedRun run : runs) {
      groupIds.add(run.outcome().groupId());
      run.outcome().outcomes().forEach(o -> taskIds.add(o.taskId()));
    }
    // Lock order: site rows (by id), then task rows (by id), then group rows, then the counts. Registration takes the
    // site row first too, so a site being re-registered and its runs being recorded wait for each other instead of
    // deadlocking or recording results for tasks being deleted.
    List<Long> siteIds = new ArrayList<>();
    for (List<Long> chunk : Batches.chunks(List.copyOf(groupIds))) {
      siteIds.addAll(tx.selectDistinct(REQUEST_GROUPS.SITE_ID).from(REQUEST_GROUPS).where(REQUEST_GROUPS.ID.in(chunk))
          .fetch(REQUEST_GROUPS.SITE_ID));
    }
    for (List<Long> chunk : Batches.chunks(siteIds.stream().distinct().sorted().toList())) {
      tx.select(SITES.ID).from(SITES).where(SITES.ID.in(chunk)).orderBy(SITES.ID).forUpdate().fetch();
    }
    Map<Long, TaskRow> tasks = new HashMap<>();
    for (List<Long> chunk : Batches.chunks(List.copyOf(taskIds))) {
      tx.select(TASKS.ID, TASKS.GROUP_ID, TASKS.SITE_ID)
          .from(TASKS)
          .where(TASKS.ID.in(chunk))
          .orderBy(TASKS.ID)
          .forUpdate()
          .forEach(r -> tasks.put(r.value1(), new TaskRow(r.value1(), r.value2(), r.value3())));
    }
    Map<Long, TaskState> states = new HashMap<>();
    for (List<Long> chunk : Batches.chunks(List.copyOf(tasks.keySet()))) {
      // Locked too, though the task rows already serialize writers: the state is what the rule reads and replaces.
      tx.selectFrom(TASK_STATES).where(TASK_STATES.TASK_ID.in(chunk)).orderBy(TASK_STATES.TASK_ID).forUpdate()
          .forEach(r -> states.put(r.getTaskId(), Codec.taskState(r)));
    }
    Set<Long> hadState = Set.copyOf(states.keySet());
    // The groups with their claims: a run is recorded only while its node still holds the claim for the run's due
    // time (not taken over after the lease, not recorded already by a batch whose commit answer was lost). No row lock
    // needed: two completions of one group both hold its site's row lock first, so the later one reads the claim as
    // the earlier one left it; a claim taken meanwhile is voided by this transaction's update of the group.
    Map<Long, LiveGroup> live = new HashMap<>();
    for (List<Long> chunk : Batches.chunks(List.copyOf(groupIds))) {
      tx.select(REQUEST_GROUPS.ID, REQUEST_GROUPS.FREQUENCY_MS, REQUEST_GROUPS.CLAIMED_BY, REQUEST_GROUPS.NEXT_RUN)
          .from(REQUEST_GROUPS).where(REQUEST_GROUPS.ID.in(chunk))
          .forEach(r -> live.put(r.value1(), new LiveGroup(Duration.ofMillis(r.value2()), r.value3(), r.value4())));
    }
    List<CompletedRun> held = new ArrayList<>(runs.size());
    Set<Long> heldGroups = new HashSet<>();
    for (CompletedRun run : runs) {
      LiveGroup c = live.get(run.outcome().groupId());
      if (c != null && run.node().equals(c.node()) && run.group().dueAt().equals(c.dueAt())
          && heldGroups.add(run.outcome().groupId())) { // one run per due time, even twice in a batch
        held.add(run);
      }
    }

    // Result ids: those reserved beforehand (reserveResultIds) when they are sound, fresh ones from the sequence for
    // the others. An id the sequence never gave, one already stored, or one given twice gets a fresh id: a caller's
    // mistake must not fail the whole batch on the primary key.
    Map<TaskOutcome, Long> reservedIds = new IdentityHashMap<>();
    List<Long> asked = new ArrayList<>();
    int surviving = 0;
    for (CompletedRun run : held) {
      for (TaskOutcome o : run.outcome().outcomes()) {
        TaskRow t = tasks.get(o.taskId());
        if (t != null && t.groupId() == run.outcome().groupId()) {
          surviving++;
          if (o.resultId() != null) {
            asked.add(o.resultId());
          }
        }
      }
    }
    Set<Long> sound = soundReservedIds(tx, asked);
    int fresh = surviving;
    for (CompletedRun run : held) {
      for (TaskOutcome o : run.outcome().outcomes()) {
        TaskRow t = tasks.get(o.taskId());
        if (t != null && t.groupId() == run.outcome().groupId() && o.resultId() != null && sound.remove(o.resultId())) {
          reservedIds.put(o, o.resultId());
          fresh--;
        }
      }
    }
    Iterator<Long> resultIds = fresh == 0 ? List.<Long>of().iterator() : tx.nextvals(RESULTS_SEQ, fresh).iterator();

    List<ResultsRecord> results = new ArrayList<>(surviving);
    List<StateChange> changes = new ArrayList<>();
    List<long[]> changeTasks = new ArrayList<>();
    List<PendingAlert> alerts = new ArrayList<>();
    Map<Long, Instant> nextRuns = new LinkedHashMap<>();
    long[] countDeltas = new long[Codec.PENDING + 1];
    Set<Long> touchedSites = new TreeSet<>();
    Map<Long, TaskState> newStates = new LinkedHashMap<>();
    Rollups uptime = new Rollups();

    for (CompletedRun run : held) {
      ClaimedGroup group = run.group();
      long groupId = run.outcome().groupId();
      Instant at = run.outcome().finishedAt();
      Map<Long, TaskRef> refs = new HashMap<>();
      group.tasks().forEach(ref -> refs.put(ref.taskId(), ref));
      for (TaskOutcome o : run.outcome().outcomes()) {
        TaskRow t = tasks.get(o.taskId());
        TaskRef ref = refs.get(o.taskId());
        if (t == null || t.groupId() != groupId || ref == null) {
          // Deleted (or moved by a re-registration) since the claim: the result no longer belongs anywhere.
          continue;
        }
        CheckResult result = o.result();
        TaskState previous = states.get(t.id());
        Transition tr = rule.apply(group, ref, previous, result, at);
        // The rule's state says when the result counts (as the in-memory store records it).
        Instant resultAt = tr.next().lastRunAt();
        Long reserved = reservedIds.get(o);
        long resultId = reserved != null ? reserved : resultIds.next();
        String node = o.producedBy() != null ? o.producedBy() : run.node(); // an agent's result is the agent's
        results.add(resultRow(resultId, t.id(), resultAt, node, result));
        states.put(t.id(), tr.next());
        newStates.put(t.id(), tr.next());
        countDeltas[Codec.rankOrPending(previous == null ? null : previous.severity())]--;
        countDeltas[Codec.rank(tr.next().severity())]++;
        touchedSites.add(t.siteId());
        nextRuns.merge(groupId, tr.nextRun(), (a, b) -> a.isBefore(b) ? a : b);
        Severity before = previous == null ? null : previous.severity();
        StateChange change = new StateChange(t.id(), group.domain(), group.request().url(), group.request().method(),
            group.request().ipVersion(), ref.check(), before, tr.next().severity(), resultAt, tr.next().message(),
            resultId);
        if (tr.severityChanged()) {
          changes.add(change);
          if (previous != null) {
            uptime.close(t.id(), t.siteId(), previous.severity(), previous.severitySince(), resultAt,
                tr.next().severity());
          }
        }
        if (tr.alert() != null) {
          alerts.add(new PendingAlert(tr.alert(), change));
        }
      }
      // Every task of the run was deleted meanwhile: the group (with its new tasks) runs after its frequency.
      nextRuns.putIfAbsent(groupId, at.plus(live.get(groupId).frequency()));
    }

    Batches.insert(tx, RESULTS, results);
    writeLocations(tx, held, tasks);
    writeStates(tx, newStates, hadState, tasks);
    if (!changes.isEmpty()) {
      Iterator<Long> ids = tx.nextvals(STATE_CHANGES_SEQ, changes.size()).iterator();
      List<StateChangesRecord> rows = new ArrayList<>();
      for (StateChange c : changes) {
        rows.add(new StateChangesRecord(ids.next(), c.taskId(), c.at(),
            c.previous() == null ? null : Codec.rank(c.previous()), Codec.rank(c.current()), c.message(), c.resultId()));
      }
      Batches.insert(tx, STATE_CHANGES, rows);
      uptime.write(tx);
    }
    List<Alert> written = new ArrayList<>();
    if (!alerts.isEmpty()) {
      Iterator<Long> ids = tx.nextvals(ALERT_OUTBOX_SEQ, alerts.size()).iterator();
      List<AlertOutboxRecord> rows = new ArrayList<>();
      for (PendingAlert a : alerts) {
        Alert alert = new Alert(ids.next(), a.kind(), a.change());
        written.add(alert);
        rows.add(SqlOutbox.row(codec, alert));
      }
      Batches.insert(tx, ALERT_OUTBOX, rows);
    }
    updateGroups(tx, nextRuns, peersOf(held));
    long[] siteDeltas = new long[Codec.PENDING + 1];
    if (!touchedSites.isEmpty()) {
      Aggregates.refreshSites(tx, touchedSites, siteDeltas);
    }
    Aggregates.addSiteCounts(tx, siteDeltas);
    Aggregates.addCounts(tx, countDeltas);
    return new CompletionReport(results.size(), changes, written);
  }

  /**
   * The reserved ids that may be used: given once in the batch, already handed out by the sequence (not above its
   * current value), and not stored yet.
   */
  private static Set<Long> soundReservedIds(DSLContext tx, List<Long> asked) {
    Set<Long> once = new HashSet<>();
    Set<Long> twice = new HashSet<>();
    for (Long id : asked) {
      if (!once.add(id)) {
        twice.add(id);
      }
    }
    once.removeAll(twice);
    if (once.isEmpty()) {
      return once;
    }
    // Every id below a value the sequence gives now was issued already (or skipped); one at or above it would meet a
    // later nextval. This costs one sequence value per batch that carries reserved ids.
    long next = tx.nextval(RESULTS_SEQ);
    once.removeIf(id -> id >= next);
    for (List<Long> chunk : Batches.chunks(List.copyOf(once))) {
      tx.select(RESULTS.ID).from(RESULTS).where(RESULTS.ID.in(chunk)).fetch(RESULTS.ID).forEach(once::remove);
    }
    return once;
  }

  private record PendingAlert(AlertKind kind, StateChange change) {}

  /** A group as stored: its frequency, the node claiming it (null when none) and the due time it was claimed for. */
  private record LiveGroup(Duration frequency, @Nullable String node, Instant dueAt) {}

  private ResultsRecord resultRow(long id, long taskId, Instant at, String node, CheckResult r) {
    String context = codec.write(r.context());
    if (context.length() > MAX_CONTEXT) {
      // The column's bound: one oversized result (a plugin's, an agent's) must not fail the whole batch forever.
      context = codec.write(java.util.Map.of("context_dropped", "the context was " + context.length()
          + " characters of JSON, more than the " + MAX_CONTEXT + " kept"));
    }
    return new ResultsRecord(id, taskId, at, node, r.status().name(), Codec.rank(r.severity()), r.message(),
        context, r.timings() == null ? null : codec.write(r.timings()));
  }

  /** results.context is VARCHAR(1000000). */
  static final int MAX_CONTEXT = 1_000_000;

  /** New states in one multi-row insert, changed ones as one batched update, in task id order. */
  private void writeStates(DSLContext tx, Map<Long, TaskState> newStates, Set<Long> hadState, Map<Long, TaskRow> tasks) {
    List<TaskStatesRecord> inserts = new ArrayList<>();
    BatchBindStep updates = null;
    int updateCount = 0;
    for (long taskId : new TreeSet<>(newStates.keySet())) {
      TaskStatesRecord row = stateRow(taskId, tasks.get(taskId).siteId(), newStates.get(taskId));
      if (!hadState.contains(taskId)) {
        inserts.add(row);
        continue;
      }
      if (updates == null) {
        updates = tx.batch(tx.update(TASK_STATES)
            .set(TASK_STATES.SEVERITY_RANK, (Short) null)
            .set(TASK_STATES.STATUS, (String) null)
            .set(TASK_STATES.MESSAGE, (String) null)
            .set(TASK_STATES.LAST_RUN_AT, (Instant) null)
            .set(TASK_STATES.SEVERITY_SINCE, (Instant) null)
            .set(TASK_STATES.CONTIGUOUS_FAILURES, (Integer) null)
            .set(TASK_STATES.ALREADY_RETRIED, (Boolean) null)
            .set(TASK_STATES.NOTIFIED_RANK, (Short) null)
            .set(TASK_STATES.NOTIFIED_AT, (Instant) null)
            .set(TASK_STATES.OK_IN_A_ROW, (Integer) null)
            .set(TASK_STATES.FLAP_CHANGES, (Integer) null)
            .set(TASK_STATES.FLAP_SINCE, (Instant) null)
            .set(TASK_STATES.FLAPPING, (Boolean) null)
            .set(TASK_STATES.ACKED_AT, (Instant) null)
            .set(TASK_STATES.ACKED_BY, (String) null)
            .where(TASK_STATES.TASK_ID.eq((Long) null)));
      }
      updates.bind(row.getSeverityRank(), row.getStatus(), row.getMessage(), row.getLastRunAt(), row.getSeveritySince(),
          row.getContiguousFailures(), row.getAlreadyRetried(), row.getNotifiedRank(), row.getNotifiedAt(),
          row.getOkInARow(), row.getFlapChanges(), row.getFlapSince(), row.getFlapping(), row.getAckedAt(),
          row.getAckedBy(), taskId);
      updateCount++;
    }
    Batches.insert(tx, TASK_STATES, inserts);
    if (updateCount > 0) {
      updates.execute();
    }
  }

  /** Each reporting location's result replaces that location's row; rows of locations no longer listed go. */
  private static void writeLocations(DSLContext tx, List<CompletedRun> held, Map<Long, TaskRow> tasks) {
    List<TaskLocationsRecord> rows = new ArrayList<>();
    for (CompletedRun run : held) {
      List<LocationResult> located = run.outcome().locations().stream()
          .filter(l -> tasks.containsKey(l.taskId()) && tasks.get(l.taskId()).groupId() == run.outcome().groupId())
          .toList();
      if (located.isEmpty()) {
        continue;
      }
      Set<Long> ids = new TreeSet<>();
      Set<String> reported = new TreeSet<>();
      for (LocationResult l : located) {
        ids.add(l.taskId());
        reported.add(l.location());
        rows.add(new TaskLocationsRecord(l.taskId(), l.location(), Codec.rank(l.severity()), l.message(), l.at()));
      }
      tx.deleteFrom(TASK_LOCATIONS).where(TASK_LOCATIONS.TASK_ID.in(ids))
          .and(TASK_LOCATIONS.LOCATION.in(reported)
              .or(TASK_LOCATIONS.LOCATION.notIn(run.group().policy().quorum().locations())))
          .execute();
    }
    Batches.insert(tx, TASK_LOCATIONS, rows);
  }

  List<LocationResult> locationResults(long taskId) {
    List<String> order = db.select(REQUEST_GROUPS.LOCATIONS).from(TASKS).join(REQUEST_GROUPS)
        .on(REQUEST_GROUPS.ID.eq(TASKS.GROUP_ID)).where(TASKS.ID.eq(taskId)).fetchOptional(REQUEST_GROUPS.LOCATIONS)
        .map(l -> List.of(l.split(","))).orElse(List.of());
    return db.selectFrom(TASK_LOCATIONS).where(TASK_LOCATIONS.TASK_ID.eq(taskId)).fetch().stream()
        .filter(r -> order.contains(r.getLocation()))
        .sorted(java.util.Comparator.comparingInt(r -> order.indexOf(r.getLocation())))
        .map(r -> new LocationResult(taskId, r.getLocation(), Codec.severity(r.getSeverityRank()), r.getMessage(),
            r.getProducedAt()))
        .toList();
  }

  /**
   * Each group runs next at the earliest of its tasks' wishes, its claim ends, and what the run connected to becomes
   * its last peer (a run that does not say keeps the one known): one UPDATE per group, in one prepared batch in group
   * order (as nodes lock rows), not a second statement per run for the peer.
   */
  private static void updateGroups(DSLContext tx, Map<Long, Instant> nextRuns, Map<Long, ProbePeer> peers) {
    if (nextRuns.isEmpty()) {
      return;
    }
    // the address is bound three times: null means "this run did not say", and the known peer stays
    Condition unsaid = DSL.val((String) null, REQUEST_GROUPS.PEER_ADDRESS).isNull();
    BatchBindStep batch = tx.batch(tx.update(REQUEST_GROUPS)
        .set(REQUEST_GROUPS.NEXT_RUN, (Instant) null)
        .set(REQUEST_GROUPS.CLAIMED_BY, DSL.inline((String) null, REQUEST_GROUPS.CLAIMED_BY))
        .set(REQUEST_GROUPS.LEASE_UNTIL, DSL.inline((Instant) null, REQUEST_GROUPS.LEASE_UNTIL))
        .set(REQUEST_GROUPS.PEER_ADDRESS,
            DSL.coalesce(DSL.val((String) null, REQUEST_GROUPS.PEER_ADDRESS), REQUEST_GROUPS.PEER_ADDRESS))
        .set(REQUEST_GROUPS.PEER_PORT, DSL.when(unsaid, REQUEST_GROUPS.PEER_PORT)
            .otherwise(DSL.val((Integer) null, REQUEST_GROUPS.PEER_PORT)))
        .set(REQUEST_GROUPS.PEER_CERT_SHA256, DSL.when(unsaid, REQUEST_GROUPS.PEER_CERT_SHA256)
            .otherwise(DSL.val((String) null, REQUEST_GROUPS.PEER_CERT_SHA256)))
        .where(REQUEST_GROUPS.ID.eq((Long) null)));
    for (Map.Entry<Long, Instant> e : new java.util.TreeMap<>(nextRuns).entrySet()) {
      ProbePeer p = peers.get(e.getKey());
      String address = p == null ? null : p.address();
      batch.bind(e.getValue(), address, address, p == null ? null : p.port(), address,
          p == null ? null : p.certSha256(), e.getKey());
    }
    batch.execute();
  }

  /** What each run connected to, by group; runs that do not say are absent. */
  private static Map<Long, ProbePeer> peersOf(List<CompletedRun> held) {
    Map<Long, ProbePeer> peers = new java.util.HashMap<>();
    for (CompletedRun run : held) {
      if (run.outcome().peer() != null) {
        peers.put(run.outcome().groupId(), run.outcome().peer());
      }
    }
    return peers;
  }

  /** The last peer of each task's group, for tasks whose group has one. */
  Map<Long, ProbePeer> peers(java.util.Collection<Long> taskIds) {
    Map<Long, ProbePeer> found = new HashMap<>();
    for (List<Long> chunk : Batches.chunks(taskIds.stream().distinct().sorted().toList())) {
      db.select(TASKS.ID, REQUEST_GROUPS.PEER_ADDRESS, REQUEST_GROUPS.PEER_PORT, REQUEST_GROUPS.PEER_CERT_SHA256)
          .from(TASKS).join(REQUEST_GROUPS).on(REQUEST_GROUPS.ID.eq(TASKS.GROUP_ID))
          .where(TASKS.ID.in(chunk)).and(REQUEST_GROUPS.PEER_ADDRESS.isNotNull())
          .forEach(r -> found.put(r.value1(), new ProbePeer(r.value2(), r.value3(), r.value4())));
    }
    return found;
  }

  /** The failing tasks whose group's last peer is at the address (and port, unless 0), by id. */
  List<Long> failingAt(String address, int port, int offset, int limit) {
    org.jooq.Condition where = REQUEST_GROUPS.PEER_ADDRESS.eq(address)
        .and(TASK_STATES.SEVERITY_RANK.ne(org.argos.postgres.internal.sql.Codec.rank(Severity.OK)));
    if (port != 0) {
      where = where.and(REQUEST_GROUPS.PEER_PORT.eq(port));
    }
    return db.select(TASKS.ID).from(TASKS).join(REQUEST_GROUPS).on(REQUEST_GROUPS.ID.eq(TASKS.GROUP_ID))
        .join(TASK_STATES).on(TASK_STATES.TASK_ID.eq(TASKS.ID)).where(where)
        .orderBy(TASKS.ID).offset(offset).limit(limit).fetch(TASKS.ID);
  }

  private static TaskStatesRecord stateRow(long taskId, long siteId, TaskState s) {
    TaskStatesRecord r = new TaskStatesRecord();
    r.setTaskId(taskId);
    r.setSiteId(siteId);
    r.setSeverityRank(Codec.rank(s.severity()));
    r.setStatus(s.status().name());
    r.setMessage(s.message());
    r.setLastRunAt(s.lastRunAt());
    r.setSeveritySince(s.severitySince());
    r.setContiguousFailures(s.contiguousFailures());
    r.setAlreadyRetried(s.alreadyRetried());
    r.setNotifiedRank(s.notifiedSeverity() == null ? null : Codec.rank(s.notifiedSeverity()));
    r.setNotifiedAt(s.notifiedAt());
    Codec.setLifecycle(r, s.lifecycle());
    return r;
  }
}
