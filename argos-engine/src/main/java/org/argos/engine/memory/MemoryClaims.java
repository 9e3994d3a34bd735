package org.argos.engine.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.TaskRef;
import org.argos.engine.memory.Entries.GroupEntry;
import org.argos.engine.memory.Entries.TaskEntry;

/** Claims of due groups and their leases (see {@link org.argos.api.store.ClaimStore}). Called under the store's lock. */
public final class MemoryClaims {
  private final Memory m;

  MemoryClaims(Memory m) {
    this.m = m;
  }

  public List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil) {
    List<ClaimedGroup> out = new ArrayList<>();
    // expired leases first: their node is gone and they are overdue
    while (out.size() < limit && !m.leased.isEmpty() && m.leased.first().leaseUntil.isBefore(now)) {
      GroupEntry g = m.leased.pollFirst();
      g.claimedBy = null;
      if (!g.nextRun.isAfter(dueBefore)) {
        out.add(claim(g, node, leaseUntil));
      } else {
        m.due.add(g);
      }
    }
    while (out.size() < limit && !m.due.isEmpty() && !m.due.first().nextRun.isAfter(dueBefore)) {
      out.add(claim(m.due.pollFirst(), node, leaseUntil));
    }
    return out;
  }

  private ClaimedGroup claim(GroupEntry g, String node, Instant leaseUntil) {
    g.claimedBy = node;
    g.leaseUntil = leaseUntil;
    m.leased.add(g);
    List<TaskRef> refs = new ArrayList<>(g.tasks.length);
    for (TaskEntry t : g.tasks) {
      refs.add(new TaskRef(t.id, t.check));
    }
    return new ClaimedGroup(g.id, g.site.site.domain(), g.request, g.policy, g.nextRun, leaseUntil, refs);
  }

  public void release(String node, Collection<Long> groupIds) {
    for (long id : groupIds) {
      GroupEntry g = m.groups.get(id);
      if (g != null && node.equals(g.claimedBy)) {
        m.leased.remove(g);
        g.claimedBy = null;
        m.due.add(g);
      }
    }
  }

  public int releaseAllExcept(String node, Collection<Long> keep) {
    Set<Long> kept = Set.copyOf(keep);
    List<GroupEntry> held = new ArrayList<>();
    for (GroupEntry g : m.leased) {
      if (node.equals(g.claimedBy) && !kept.contains(g.id)) {
        held.add(g);
      }
    }
    for (GroupEntry g : held) {
      m.leased.remove(g);
      g.claimedBy = null;
      m.due.add(g);
    }
    return held.size();
  }

  public int rescheduleAll(Instant at) {
    int[] n = {0};
    m.groups.forEachValue(g -> {
      if (g.claimedBy == null) { // a claimed group is running: its run sets its next one
        m.due.remove(g);
        g.nextRun = at;
        m.due.add(g);
        n[0]++;
      }
    });
    return n[0];
  }

  public int reschedule(Collection<Long> taskIds, Instant at) {
    if (taskIds.size() > 1000) {
      throw new IllegalArgumentException("at most 1000 tasks at once, got " + taskIds.size());
    }
    java.util.Set<GroupEntry> groups = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (long id : taskIds) {
      TaskEntry t = m.tasks.get(id);
      if (t != null && t.group.claimedBy == null) { // a claimed group is running: its run sets its next one
        groups.add(t.group);
      }
    }
    for (GroupEntry g : groups) {
      m.due.remove(g);
      g.nextRun = at;
      m.due.add(g);
    }
    return groups.size();
  }

  public Optional<Instant> nextDue() {
    return m.due.isEmpty() ? Optional.empty() : Optional.of(m.due.first().nextRun);
  }
}
