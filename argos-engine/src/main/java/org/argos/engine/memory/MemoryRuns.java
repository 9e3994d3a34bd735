package org.argos.engine.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.Alert;
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
import org.argos.engine.memory.Compact.KeptChange;
import org.argos.engine.memory.Compact.KeptResult;
import org.argos.engine.memory.Entries.GroupEntry;
import org.argos.engine.memory.Entries.SiteEntry;
import org.argos.engine.memory.Entries.TaskEntry;

/**
 * Recording runs: results, task state, history, the next run, and the alerts the rule decides, all at once (see
 * {@link org.argos.api.store.RunStore}). Called under the store's lock.
 */
public final class MemoryRuns {
  private final Memory m;
  private final MemoryOutbox outbox;

  MemoryRuns(Memory m, MemoryOutbox outbox) {
    this.m = m;
    this.outbox = outbox;
  }

  public CompletionReport complete(List<CompletedRun> runs, TransitionRule rule) {
    // Decide every transition first, so a rule that throws leaves nothing written.
    record Decided(TaskEntry task, TaskOutcome outcome, ClaimedGroup claimed, Transition transition) {}
    List<Decided> decided = new ArrayList<>();
    List<CompletedRun> located = new ArrayList<>();
    Map<GroupEntry, Instant> nextRuns = new LinkedHashMap<>();
    Map<GroupEntry, org.argos.api.ProbePeer> peers = new HashMap<>();
    for (CompletedRun run : runs) {
      GroupEntry g = m.groups.get(run.group().groupId());
      if (g == null || !run.node().equals(g.claimedBy) || !g.nextRun.equals(run.group().dueAt())
          || nextRuns.containsKey(g)) {
        continue; // deleted, or no longer this run's: taken over, recorded already, or twice in this batch
      }
      Map<Long, TaskRef> refs = new HashMap<>();
      run.group().tasks().forEach(r -> refs.put(r.taskId(), r));
      for (TaskOutcome o : run.outcome().outcomes()) {
        TaskEntry t = m.tasks.get(o.taskId());
        TaskRef ref = refs.get(o.taskId());
        if (t == null || ref == null || t.group != g) {
          continue;
        }
        Instant at = run.outcome().finishedAt();
        Transition tr = rule.apply(run.group(), ref, t.state, o.result(), at);
        decided.add(new Decided(t, o, run.group(), tr));
        nextRuns.merge(g, tr.nextRun(), (a, b) -> a.isBefore(b) ? a : b);
      }
      nextRuns.putIfAbsent(g, run.outcome().finishedAt().plus(g.policy.frequency()));
      located.add(run);
      if (run.outcome().peer() != null) {
        peers.put(g, run.outcome().peer());
      }
    }
    peers.forEach((g, peer) -> g.peer = peer); // after every rule ran: a rule that throws leaves this unwritten too
    List<StateChange> changes = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    Set<Long> usedNow = new HashSet<>();
    for (Decided d : decided) {
      TaskEntry t = d.task;
      Instant at = d.transition.next().lastRunAt();
      Long reserved = d.outcome.resultId();
      // A reserved id came from this counter (so it is below it) and names no kept result yet; anything else, a
      // caller's mistake, gets a fresh id rather than two results under one.
      long id = reserved != null && reserved < m.nextId && m.resultOwners.get(reserved) == null && usedNow.add(reserved)
          ? reserved : m.newId();
      String node = d.outcome.producedBy() != null ? d.outcome.producedBy() : nodeOf(runs, d.claimed);
      KeptResult r = Compact.keep(m.shared, id, at, node, d.outcome.result(), t.group.request.url());
      Object dropped = Compact.count(t.results) == m.resultsPerTask ? Compact.item(t.results, m.resultsPerTask - 1) : null;
      t.results = Compact.pushFirst(t.results, r, m.resultsPerTask);
      m.resultOwners.put(r.id(), t);
      if (dropped != null) {
        m.resultOwners.remove(((KeptResult) dropped).id());
      }
      TaskState prev = t.state;
      SiteEntry s = t.group.site;
      TaskState next = Compact.slim(m.shared, d.transition.next());
      // The site's place in the ranked set moves only with a task's severity: most results keep it, and taking the
      // site out and back in for each of them was a fifth of the engine's CPU at the benchmark's ceiling.
      boolean moves = prev == null || prev.severity() != next.severity();
      if (moves) {
        m.unrank(s);
      }
      s.adjust(prev == null ? null : prev.severity(), prev, -1);
      m.count(s, prev == null ? 4 : prev.severity().ordinal(), -1);
      t.state = next;
      s.adjust(next.severity(), next, +1);
      m.count(s, next.severity().ordinal(), +1);
      if (moves) {
        m.rank(s);
      }
      if (d.transition.severityChanged() && prev != null) {
        MemoryUptime.close(t, prev.severity(), prev.severitySince(), at, next.severity());
      }
      if (d.transition.severityChanged() || d.transition.alert() != null) {
        StateChange c = new StateChange(t.id, s.site.domain(), t.group.request.url(), t.group.request.method(),
            t.group.request.ipVersion(), t.check, prev == null ? null : prev.severity(), next.severity(), at,
            next.message(), r.id());
        if (d.transition.severityChanged()) {
          t.history = Compact.pushFirst(t.history, new KeptChange(c.previous(), c.current(), at, c.message(), r.id()),
              m.historyPerTask);
          changes.add(c);
        }
        if (d.transition.alert() != null) {
          alerts.add(outbox.enqueue(d.transition.alert(), c));
        }
      }
    }
    for (Map.Entry<GroupEntry, Instant> e : nextRuns.entrySet()) {
      GroupEntry g = e.getKey();
      m.unindex(g);
      g.claimedBy = null;
      g.nextRun = e.getValue();
      m.due.add(g);
    }
    located.forEach(this::keepLocations);
    return new CompletionReport(decided.size(), changes, alerts);
  }

  /** Keeps each location's latest result per task, in the order of the group's locations. */
  private void keepLocations(CompletedRun run) {
    List<String> order = run.group().policy().quorum().locations();
    for (LocationResult l : run.outcome().locations()) {
      TaskEntry t = m.tasks.get(l.taskId());
      if (t == null || t.group.id != run.group().groupId() || !order.contains(l.location())) {
        continue;
      }
      List<LocationResult> kept = new ArrayList<>();
      if (t.locations != null) {
        for (LocationResult k : t.locations) {
          if (!k.location().equals(l.location()) && order.contains(k.location())) {
            kept.add(k);
          }
        }
      }
      kept.add(l);
      kept.sort(java.util.Comparator.comparingInt(k -> order.indexOf(k.location())));
      t.locations = kept.toArray(LocationResult[]::new);
    }
  }

  public List<LocationResult> locationResults(long taskId) {
    TaskEntry t = m.tasks.get(taskId);
    if (t == null || t.locations == null) {
      return List.of();
    }
    List<String> listed = t.group.policy.quorum().locations(); // a re-registration may have dropped some
    return java.util.Arrays.stream(t.locations).filter(l -> listed.contains(l.location())).toList();
  }

  public Map<Long, org.argos.api.ProbePeer> peers(java.util.Collection<Long> taskIds) {
    Map<Long, org.argos.api.ProbePeer> found = new HashMap<>();
    for (long id : taskIds) {
      TaskEntry t = m.tasks.get(id);
      if (t != null && t.group.peer != null) {
        found.put(id, t.group.peer);
      }
    }
    return found;
  }

  public List<Long> failingAt(String address, int port, int offset, int limit) {
    org.argos.api.store.RunStore.checkPage(offset, limit);
    List<Long> found = new java.util.ArrayList<>();
    m.tasks.forEachValue(t -> {
      org.argos.api.ProbePeer p = t.group.peer;
      if (t.state != null && t.state.severity() != org.argos.api.Severity.OK && p != null
          && p.address().equals(address) && (port == 0 || p.port() == port)) {
        found.add(t.id);
      }
    });
    return found.stream().sorted().skip(offset).limit(limit).toList();
  }

  public List<Long> reserveResultIds(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    List<Long> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(m.newId());
    }
    return ids;
  }

  private static String nodeOf(List<CompletedRun> runs, ClaimedGroup g) {
    for (CompletedRun r : runs) {
      if (r.group() == g) {
        return r.node();
      }
    }
    return "";
  }
}
