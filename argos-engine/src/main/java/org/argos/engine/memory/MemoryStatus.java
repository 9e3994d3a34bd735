package org.argos.engine.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Optional;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.SeverityCounts;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.StoredResult;
import org.argos.engine.memory.Compact.KeptChange;
import org.argos.engine.memory.Compact.KeptResult;
import org.argos.engine.memory.Entries.GroupEntry;
import org.argos.engine.memory.Entries.SiteEntry;
import org.argos.engine.memory.Entries.TaskEntry;
import org.jspecify.annotations.Nullable;

/**
 * Status reads: counts, pages of domains worst first, a site's tasks, results and history (see
 * {@link org.argos.api.store.StatusStore}). Called under the store's lock.
 */
public final class MemoryStatus {
  private final Memory m;

  MemoryStatus(Memory m) {
    this.m = m;
  }

  public SeverityCounts severityCounts(@Nullable String tenant) {
    long[] c = tenant == null ? m.counts : slice(tenant).counts;
    return new SeverityCounts(c[0], c[1], c[2], c[3], c[4]);
  }

  private static final Memory.TenantSlice NO_SITES = new Memory.TenantSlice();

  /** A tenant's indexes; an empty one (shared, never written) for a tenant without sites. */
  private Memory.TenantSlice slice(String tenant) {
    return m.tenants.getOrDefault(tenant, NO_SITES);
  }

  public StatusPage domains(DomainQuery q) {
    NavigableSet<SiteEntry> ranked = q.tenant() == null ? m.ranked : slice(q.tenant()).ranked;
    int[] sitesByRank = q.tenant() == null ? m.sitesByRank : slice(q.tenant()).sitesByRank;
    List<DomainStatus> page = new ArrayList<>(q.limit());
    String text = q.text() == null ? null : q.text().toLowerCase(Locale.ROOT);
    boolean search = q.tag() != null || text != null;
    NavigableSet<SiteEntry> from = ranked;
    if (q.severity() != null) {
      // the sites of one worst severity are contiguous in rank order
      int r = 3 - q.severity().ordinal();
      SiteEntry low = SiteEntry.probe(r, "");
      SiteEntry high = SiteEntry.probe(r + 1, "");
      from = ranked.subSet(low, true, high, false);
    }
    long matched = 0;
    for (SiteEntry s : from) {
      if (q.tag() != null && !s.site.tags().contains(q.tag())) {
        continue;
      }
      if (text != null && !s.site.domain().toLowerCase(Locale.ROOT).contains(text)) {
        continue;
      }
      if (matched >= q.offset() && page.size() < q.limit()) {
        page.add(new DomainStatus(s.site.domain(), s.worst(), s.lastRunAt, s.taskCount));
      }
      matched++;
      if (!search && page.size() == q.limit()) {
        break; // without a text or tag search the total is known: no need to walk the rest
      }
    }
    long total = search ? matched
        : q.severity() == null ? ranked.size() : sitesByRank[3 - q.severity().ordinal()];
    return new StatusPage(severityCounts(q.tenant()), page, total);
  }

  public StatusPage problems(@Nullable String tenant, int offset, int limit) {
    new DomainQuery(null, null, null, offset, limit, tenant); // validates the bounds
    NavigableSet<SiteEntry> ranked = tenant == null ? m.ranked : slice(tenant).ranked;
    int[] sitesByRank = tenant == null ? m.sitesByRank : slice(tenant).sitesByRank;
    // ranks 0 (unknown), 1 (critical) and 2 (warning) are contiguous at the head of the worst-first order
    List<DomainStatus> page = new ArrayList<>(Math.min(limit, 64));
    long skipped = 0;
    for (SiteEntry s : ranked.headSet(SiteEntry.probe(3, ""), false)) {
      if (skipped++ < offset) {
        continue;
      }
      if (page.size() == limit) {
        break;
      }
      page.add(new DomainStatus(s.site.domain(), s.worst(), s.lastRunAt, s.taskCount));
    }
    return new StatusPage(severityCounts(tenant), page, sitesByRank[0] + sitesByRank[1] + sitesByRank[2]);
  }

  public List<TaskStatus> tasks(String domain) {
    SiteEntry s = m.sites.get(domain);
    if (s == null) {
      return List.of();
    }
    List<TaskStatus> out = new ArrayList<>();
    for (GroupEntry g : s.groups) {
      for (TaskEntry t : g.tasks) {
        out.add(status(t));
      }
    }
    out.sort(Comparator.comparing(TaskStatus::url).thenComparing(TaskStatus::ipVersion)
        .thenComparing(t -> t.check().type()).thenComparing(t -> t.check().expected()).thenComparingLong(TaskStatus::taskId));
    return out;
  }

  private static TaskStatus status(TaskEntry t) {
    ProbeRequest r = t.group.request;
    return new TaskStatus(t.id, t.group.site.site.domain(), r.url(), r.method(), r.ipVersion(), t.check, t.state, t.group.nextRun);
  }

  public Optional<TaskStatus> task(long taskId) {
    TaskEntry t = m.tasks.get(taskId);
    return t == null ? Optional.empty() : Optional.of(status(t));
  }

  public List<StoredResult> results(long taskId, int limit) {
    TaskEntry t = m.tasks.get(taskId);
    if (t == null) {
      return List.of();
    }
    int n = Compact.count(t.results);
    List<StoredResult> out = new ArrayList<>(Math.min(limit, n));
    for (int i = 0; i < n && i < limit; i++) {
      out.add(((KeptResult) Compact.item(t.results, i)).toStored(t.id));
    }
    return out;
  }

  public Optional<StoredResult> result(long resultId) {
    TaskEntry t = m.resultOwners.get(resultId);
    if (t != null) {
      for (int i = 0; i < Compact.count(t.results); i++) {
        KeptResult r = (KeptResult) Compact.item(t.results, i);
        if (r.id() == resultId) {
          return Optional.of(r.toStored(t.id));
        }
      }
    }
    return Optional.empty();
  }

  public List<StateChange> history(long taskId, int limit) {
    TaskEntry t = m.tasks.get(taskId);
    if (t == null) {
      return List.of();
    }
    int n = Compact.count(t.history);
    List<StateChange> out = new ArrayList<>(Math.min(limit, n));
    for (int i = 0; i < n && i < limit; i++) {
      KeptChange c = (KeptChange) Compact.item(t.history, i);
      ProbeRequest req = t.group.request;
      out.add(new StateChange(t.id, t.group.site.site.domain(), req.url(), req.method(), req.ipVersion(), t.check,
          c.previous(), c.current(), c.at(), c.message(), c.resultId()));
    }
    return out;
  }
}
