package org.argos.engine.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.Site;
import org.argos.api.store.GroupPlan;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.TaskPlan;
import org.argos.engine.memory.Compact.KeptResult;
import org.argos.engine.memory.Entries.GroupEntry;
import org.argos.engine.memory.Entries.SiteEntry;
import org.argos.engine.memory.Entries.TaskEntry;

/** Sites and their schedule (see {@link org.argos.api.store.SiteStore}). Called under the store's lock. */
public final class MemorySites {
  private final Memory m;

  MemorySites(Memory m) {
    this.m = m;
  }

  public RegistrationResult register(SitePlan plan, Instant now) {
    Site site = plan.site();
    SiteEntry entry = m.sites.get(site.domain());
    boolean created = entry == null;
    if (created) {
      entry = new SiteEntry(site);
      m.sites.put(site.domain(), entry);
    } else {
      m.unrank(entry);
      m.moveTenant(entry, site.tenant());
      entry.site = site;
    }
    int added = 0;
    int kept = 0;
    int removed = 0;
    Map<String, GroupEntry> oldGroups = new HashMap<>();
    for (GroupEntry g : entry.groups) {
      oldGroups.put(g.key(), g);
    }
    GroupEntry[] newGroups = new GroupEntry[plan.groups().size()];
    int gi = 0;
    for (GroupPlan gp : plan.groups()) {
      GroupEntry g = oldGroups.remove(gp.key());
      SchedulePolicy policy = m.shared.intern(gp.policy());
      if (g == null) {
        g = new GroupEntry(m.newId(), gp.key(), entry, gp.request(), policy, gp.firstRun());
        m.groups.put(g.id, g);
        m.due.add(g);
      } else {
        m.unindex(g);
        g.setRequest(gp.key(), gp.request());
        g.policy = policy;
        Instant latest = now.plus(gp.policy().frequency());
        if (g.nextRun.isAfter(latest)) {
          g.nextRun = latest;
        }
        m.index(g);
      }
      Map<String, TaskEntry> oldTasks = new HashMap<>();
      for (TaskEntry t : g.tasks) {
        oldTasks.put(t.key, t);
      }
      TaskEntry[] groupTasks = new TaskEntry[gp.tasks().size()];
      int ti = 0;
      for (TaskPlan tp : gp.tasks()) {
        TaskEntry t = oldTasks.remove(tp.key());
        if (t == null) {
          t = new TaskEntry(m.newId(), m.shared.intern(tp.key()), g, tp.check());
          m.tasks.put(t.id, t);
          entry.adjust(null, null, +1);
          entry.taskCount++;
          m.count(entry, 4, +1);
          added++;
        } else {
          kept++;
        }
        groupTasks[ti++] = t;
      }
      g.tasks = groupTasks;
      for (TaskEntry t : oldTasks.values()) {
        deleteTask(t);
        removed++;
      }
      newGroups[gi++] = g;
    }
    for (GroupEntry g : oldGroups.values()) {
      for (TaskEntry t : g.tasks) {
        deleteTask(t);
        removed++;
      }
      deleteGroup(g);
    }
    entry.groups = newGroups;
    m.rank(entry);
    return new RegistrationResult(created, added, kept, removed);
  }

  /** Registers the plans one after the other (under one hold of the store's lock). */
  public List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    List<RegistrationResult> out = new ArrayList<>(plans.size());
    for (SitePlan plan : plans) {
      out.add(register(plan, now));
    }
    return out;
  }

  public boolean unregister(String domain) {
    SiteEntry entry = m.sites.remove(domain);
    if (entry == null) {
      return false;
    }
    m.unrank(entry);
    for (GroupEntry g : entry.groups) {
      for (TaskEntry t : g.tasks) {
        deleteTask(t);
      }
      deleteGroup(g);
    }
    return true;
  }

  private void deleteTask(TaskEntry t) {
    m.tasks.remove(t.id);
    SiteEntry s = t.group.site;
    boolean wasRanked = m.unrank(s);
    s.adjust(t.state == null ? null : t.state.severity(), t.state, -1);
    s.taskCount--;
    if (wasRanked) {
      m.rank(s);
    }
    m.count(s, t.state == null ? 4 : t.state.severity().ordinal(), -1);
    for (int i = 0; i < Compact.count(t.results); i++) {
      m.resultOwners.remove(((KeptResult) Compact.item(t.results, i)).id());
    }
  }

  private void deleteGroup(GroupEntry g) {
    m.unindex(g);
    m.groups.remove(g.id);
  }

  public Optional<Site> site(String domain) {
    SiteEntry e = m.sites.get(domain);
    return e == null ? Optional.empty() : Optional.of(e.site);
  }

  public List<Site> sites(int offset, int limit) {
    return m.sites.values().stream().skip(offset).limit(limit).map(e -> e.site).toList();
  }

  public long siteCount() {
    return m.sites.size();
  }
}
