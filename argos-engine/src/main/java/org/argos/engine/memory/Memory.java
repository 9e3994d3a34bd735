package org.argos.engine.memory;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.argos.engine.memory.Entries.GroupEntry;
import org.argos.engine.memory.Entries.SiteEntry;
import org.argos.engine.memory.Entries.TaskEntry;

/**
 * What the in-memory store's parts share: the entries, the indexes that keep claims and status reads from scanning,
 * the counts by severity and the id counter. Not thread-safe: the {@link org.argos.engine.InMemoryStore} facade holds
 * one lock around every call.
 */
final class Memory {
  final int resultsPerTask;
  final int historyPerTask;
  final Map<String, SiteEntry> sites = new TreeMap<>();
  final LongMap<GroupEntry> groups = new LongMap<>();
  final LongMap<TaskEntry> tasks = new LongMap<>();
  /** The task holding each kept raw result. */
  final LongMap<TaskEntry> resultOwners = new LongMap<>();
  final Interner shared = new Interner();
  /** Unclaimed groups by next run. */
  final TreeSet<GroupEntry> due = new TreeSet<>((a, b) -> byTimeThenId(a.nextRun, a.id, b.nextRun, b.id));
  /** Claimed groups by lease end, to take over expired leases. */
  final TreeSet<GroupEntry> leased = new TreeSet<>((a, b) -> byTimeThenId(a.leaseUntil, a.id, b.leaseUntil, b.id));
  /** Sites ordered as status pages list them: worst first, then by domain. */
  final TreeSet<SiteEntry> ranked = new TreeSet<>(Memory::worstFirst);
  /** Each tenant's own ranked set and counts, so a tenant's pages read its sites alone (never a scan of all). */
  final Map<String, TenantSlice> tenants = new java.util.HashMap<>();
  /** Tasks per Severity ordinal, then pending. */
  final long[] counts = new long[5];
  /** Sites per rank (0 = worst is unknown ... 4 = nothing run yet), so pages filtered by severity know their total. */
  final int[] sitesByRank = new int[5];
  /** The next id of a group, task, result or alert (one counter for all, as a database sequence would be). */
  long nextId = 1;

  Memory(int resultsPerTask, int historyPerTask) {
    this.resultsPerTask = resultsPerTask;
    this.historyPerTask = historyPerTask;
  }

  long newId() {
    return nextId++;
  }

  /**
   * The order of the due and leased sets, written out: {@code Comparator.comparing(...).thenComparingLong(...)} costs
   * two megamorphic calls per comparison, and each insertion or removal in a 70,000-group set makes about 16.
   */
  private static int byTimeThenId(Instant a, long aId, Instant b, long bId) {
    int c = a.compareTo(b);
    return c != 0 ? c : Long.compare(aId, bId);
  }

  private static int worstFirst(SiteEntry a, SiteEntry b) {
    int c = Integer.compare(a.rank(), b.rank());
    return c != 0 ? c : a.domain().compareTo(b.domain());
  }

  /** One tenant's share of the status indexes: the same shapes as the store-wide ones. */
  static final class TenantSlice {
    final TreeSet<SiteEntry> ranked = new TreeSet<>(Memory::worstFirst);
    final long[] counts = new long[5];
    final int[] sitesByRank = new int[5];
  }

  TenantSlice slice(SiteEntry s) {
    return tenants.computeIfAbsent(s.site.tenant(), t -> new TenantSlice());
  }

  void rank(SiteEntry s) {
    if (ranked.add(s)) {
      sitesByRank[s.rank()]++;
      TenantSlice t = slice(s);
      t.ranked.add(s);
      t.sitesByRank[s.rank()]++;
    }
  }

  boolean unrank(SiteEntry s) {
    // the set orders by rank, so take the entry out before its rank changes
    if (ranked.remove(s)) {
      sitesByRank[s.rank()]--;
      TenantSlice t = slice(s);
      t.ranked.remove(s);
      t.sitesByRank[s.rank()]--;
      return true;
    }
    return false;
  }

  /** Counts a task of the site in or out of a severity (index: its ordinal, 4 for pending), store-wide and per tenant. */
  void count(SiteEntry s, int severityIndex, int delta) {
    counts[severityIndex] += delta;
    slice(s).counts[severityIndex] += delta;
  }

  /** Moves an unranked site's task counts to another tenant, before its site is replaced by one of that tenant. */
  void moveTenant(SiteEntry s, String to) {
    if (s.site.tenant().equals(to)) {
      return;
    }
    TenantSlice from = slice(s);
    TenantSlice into = tenants.computeIfAbsent(to, t -> new TenantSlice());
    for (int i = 0; i < 5; i++) {
      from.counts[i] -= s.bySeverity[i];
      into.counts[i] += s.bySeverity[i];
    }
  }

  void unindex(GroupEntry g) {
    if (g.claimedBy == null) {
      due.remove(g);
    } else {
      leased.remove(g);
    }
  }

  void index(GroupEntry g) {
    if (g.claimedBy == null) {
      due.add(g);
    } else {
      leased.add(g);
    }
  }
}
