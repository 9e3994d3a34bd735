package org.argos.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.ProbeTimings;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskState;
import org.argos.api.TaskStatus;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.GroupPlan;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskPlan;
import org.argos.api.store.TaskRef;
import org.argos.api.store.Transition;
import org.argos.api.store.TransitionRule;
import org.jspecify.annotations.Nullable;

/**
 * A store that keeps everything in memory: for embedding, tests and short-lived runs. Nothing survives the process.
 * Keeps the last {@code resultsPerTask} raw results and {@code historyPerTask} state changes of each task. One lock
 * guards everything; every operation is short (indexes keep claims and status reads from scanning).
 *
 * <p>Compact, so a million tasks fit in well under a gigabyte: ids index primitive maps, a site's groups and a group's
 * tasks are arrays, raw results and history entries are kept in a slim form (rebuilt as {@link StoredResult} and
 * {@link StateChange} when read), and equal small values (task keys, messages, result context values, policies) are
 * shared through a bounded intern table.
 */
public final class InMemoryStore implements Store {
  /** By ordinal, without the copy {@code Severity.values()} makes on each call. */
  private static final Severity[] SEVERITIES = Severity.values();

  private final int resultsPerTask;
  private final int historyPerTask;

  private final Map<String, SiteEntry> sites = new TreeMap<>();
  private final LongMap<GroupEntry> groups = new LongMap<>();
  private final LongMap<TaskEntry> tasks = new LongMap<>();
  /** The task holding each kept raw result. */
  private final LongMap<TaskEntry> resultOwners = new LongMap<>();
  private final Interner shared = new Interner();
  /** Unclaimed groups by next run. */
  private final TreeSet<GroupEntry> due =
      new TreeSet<>((a, b) -> byTimeThenId(a.nextRun, a.id, b.nextRun, b.id));
  /** Claimed groups by lease end, to take over expired leases. */
  private final TreeSet<GroupEntry> leased =
      new TreeSet<>((a, b) -> byTimeThenId(a.leaseUntil, a.id, b.leaseUntil, b.id));
  /** Sites ordered as status pages list them: worst first, then by domain. */
  private final TreeSet<SiteEntry> ranked =
      new TreeSet<>((a, b) -> {
        int c = Integer.compare(a.rank(), b.rank());
        return c != 0 ? c : a.domain().compareTo(b.domain());
      });
  private static final Site PROBE_SITE = Site.builder("http://probe.invalid").path("/", p -> p.check("probe", null)).build();
  private final Map<Long, OutboxRow> outbox = new LinkedHashMap<>();
  private final Map<String, OutboxMessage> messages = new LinkedHashMap<>(); // begun, not yet sent
  private final Map<Long, Severity> silencedSince = new LinkedHashMap<>(); // task -> what receivers last heard
  private final long[] counts = new long[5]; // per Severity ordinal, then pending
  /** Sites per rank (0 = worst is unknown ... 4 = nothing run yet), so pages filtered by severity know their total. */
  private final int[] sitesByRank = new int[5];
  private long nextId = 1;
  private @Nullable String node;

  /** A store keeping 20 raw results and 50 state changes per task. */
  public InMemoryStore() {
    this(20, 50);
  }

  /**
   * @param resultsPerTask raw results kept per task
   * @param historyPerTask state changes kept per task
   */
  public InMemoryStore(int resultsPerTask, int historyPerTask) {
    if (resultsPerTask < 1 || historyPerTask < 1) {
      throw new IllegalArgumentException("resultsPerTask and historyPerTask must be >= 1");
    }
    this.resultsPerTask = resultsPerTask;
    this.historyPerTask = historyPerTask;
  }

  /**
   * The order of the due and leased sets, written out: {@code Comparator.comparing(...).thenComparingLong(...)} costs
   * two megamorphic calls per comparison, and each insertion or removal in a 70,000-group set makes about 16.
   */
  private static int byTimeThenId(Instant a, long aId, Instant b, long bId) {
    int c = a.compareTo(b);
    return c != 0 ? c : Long.compare(aId, bId);
  }

  private void rank(SiteEntry s) {
    if (ranked.add(s)) {
      sitesByRank[s.rank()]++;
    }
  }

  private boolean unrank(SiteEntry s) {
    // the set orders by rank, so take the entry out before its rank changes
    if (ranked.remove(s)) {
      sitesByRank[s.rank()]--;
      return true;
    }
    return false;
  }

  @Override
  public synchronized void nodeStarting(String nodeId) {
    if (node != null && !node.equals(nodeId)) {
      throw new org.argos.api.StoreException("this in-memory store already serves engine node '" + node
          + "'; several engine nodes need a shared store (PostgreSQL)");
    }
    node = nodeId;
  }

  @Override
  public synchronized void nodeStopped(String nodeId) {
    if (nodeId.equals(node)) {
      node = null;
    }
  }

  // ---- config version and silences (shared by the nodes of a cluster; here, one engine)

  private final InMemoryClusterState cluster = new InMemoryClusterState();

  @Override
  public boolean keepsClusterState() {
    return true;
  }

  @Override
  public java.util.Optional<org.argos.api.store.ConfigVersion> configVersion() {
    return cluster.configVersion();
  }

  @Override
  public boolean replaceConfigVersion(@Nullable String expectedHash, org.argos.api.store.ConfigVersion next) {
    return cluster.replaceConfigVersion(expectedHash, next);
  }

  @Override
  public List<org.argos.api.Silence> silences() {
    return cluster.silences();
  }

  @Override
  public void putSilence(org.argos.api.Silence silence) {
    cluster.put(silence);
  }

  @Override
  public boolean deleteSilence(String id) {
    return cluster.delete(id);
  }

  // ---- sites

  @Override
  public synchronized RegistrationResult register(SitePlan plan, Instant now) {
    Site site = plan.site();
    SiteEntry entry = sites.get(site.domain());
    boolean created = entry == null;
    if (created) {
      entry = new SiteEntry(site);
      sites.put(site.domain(), entry);
    } else {
      unrank(entry);
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
      SchedulePolicy policy = shared.intern(gp.policy());
      if (g == null) {
        g = new GroupEntry(nextId++, gp.key(), entry, gp.request(), policy, gp.firstRun());
        groups.put(g.id, g);
        due.add(g);
      } else {
        unindex(g);
        g.setRequest(gp.key(), gp.request());
        g.policy = policy;
        Instant latest = now.plus(gp.policy().frequency());
        if (g.nextRun.isAfter(latest)) {
          g.nextRun = latest;
        }
        index(g);
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
          t = new TaskEntry(nextId++, shared.intern(tp.key()), g, tp.check());
          tasks.put(t.id, t);
          entry.adjust(null, null, +1);
          entry.taskCount++;
          counts[4]++;
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
    rank(entry);
    return new RegistrationResult(created, added, kept, removed);
  }

  /** Registers the plans one after the other under one hold of the lock. */
  @Override
  public synchronized List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    List<RegistrationResult> out = new ArrayList<>(plans.size());
    for (SitePlan plan : plans) {
      out.add(register(plan, now));
    }
    return out;
  }

  @Override
  public synchronized boolean unregister(String domain) {
    SiteEntry entry = sites.remove(domain);
    if (entry == null) {
      return false;
    }
    unrank(entry);
    for (GroupEntry g : entry.groups) {
      for (TaskEntry t : g.tasks) {
        deleteTask(t);
      }
      deleteGroup(g);
    }
    return true;
  }

  private void deleteTask(TaskEntry t) {
    tasks.remove(t.id);
    SiteEntry s = t.group.site;
    boolean wasRanked = unrank(s);
    s.adjust(t.state == null ? null : t.state.severity(), t.state, -1);
    s.taskCount--;
    if (wasRanked) {
      rank(s);
    }
    counts[t.state == null ? 4 : t.state.severity().ordinal()]--;
    for (int i = 0; i < count(t.results); i++) {
      resultOwners.remove(((KeptResult) item(t.results, i)).id);
    }
  }

  private void deleteGroup(GroupEntry g) {
    unindex(g);
    groups.remove(g.id);
  }

  private void unindex(GroupEntry g) {
    if (g.claimedBy == null) {
      due.remove(g);
    } else {
      leased.remove(g);
    }
  }

  private void index(GroupEntry g) {
    if (g.claimedBy == null) {
      due.add(g);
    } else {
      leased.add(g);
    }
  }

  @Override
  public synchronized Optional<Site> site(String domain) {
    SiteEntry e = sites.get(domain);
    return e == null ? Optional.empty() : Optional.of(e.site);
  }

  @Override
  public synchronized List<Site> sites(int offset, int limit) {
    return sites.values().stream().skip(offset).limit(limit).map(e -> e.site).toList();
  }

  @Override
  public synchronized long siteCount() {
    return sites.size();
  }

  // ---- claims

  @Override
  public synchronized List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil) {
    List<ClaimedGroup> out = new ArrayList<>();
    // expired leases first: their node is gone and they are overdue
    while (out.size() < limit && !leased.isEmpty() && leased.first().leaseUntil.isBefore(now)) {
      GroupEntry g = leased.pollFirst();
      g.claimedBy = null;
      if (!g.nextRun.isAfter(dueBefore)) {
        out.add(claim(g, node, leaseUntil));
      } else {
        due.add(g);
      }
    }
    while (out.size() < limit && !due.isEmpty() && !due.first().nextRun.isAfter(dueBefore)) {
      out.add(claim(due.pollFirst(), node, leaseUntil));
    }
    return out;
  }

  private ClaimedGroup claim(GroupEntry g, String node, Instant leaseUntil) {
    g.claimedBy = node;
    g.leaseUntil = leaseUntil;
    leased.add(g);
    List<TaskRef> refs = new ArrayList<>(g.tasks.length);
    for (TaskEntry t : g.tasks) {
      refs.add(new TaskRef(t.id, t.check));
    }
    return new ClaimedGroup(g.id, g.site.site.domain(), g.request, g.policy, g.nextRun, leaseUntil, refs);
  }

  @Override
  public synchronized void release(String node, Collection<Long> groupIds) {
    for (long id : groupIds) {
      GroupEntry g = groups.get(id);
      if (g != null && node.equals(g.claimedBy)) {
        leased.remove(g);
        g.claimedBy = null;
        due.add(g);
      }
    }
  }

  @Override
  public synchronized int releaseAll(String node) {
    return releaseAllExcept(node, List.of());
  }

  @Override
  public synchronized int releaseAllExcept(String node, Collection<Long> keep) {
    Set<Long> kept = Set.copyOf(keep);
    List<GroupEntry> held = new ArrayList<>();
    for (GroupEntry g : leased) {
      if (node.equals(g.claimedBy) && !kept.contains(g.id)) {
        held.add(g);
      }
    }
    for (GroupEntry g : held) {
      leased.remove(g);
      g.claimedBy = null;
      due.add(g);
    }
    return held.size();
  }

  @Override
  public synchronized int rescheduleAll(Instant at) {
    int[] n = {0};
    groups.forEachValue(g -> {
      if (g.claimedBy == null) { // a claimed group is running: its run sets its next one
        due.remove(g);
        g.nextRun = at;
        due.add(g);
        n[0]++;
      }
    });
    return n[0];
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    return due.isEmpty() ? Optional.empty() : Optional.of(due.first().nextRun);
  }

  // ---- runs

  @Override
  public synchronized CompletionReport complete(List<CompletedRun> runs, TransitionRule rule) {
    // Decide every transition first, so a rule that throws leaves nothing written.
    record Decided(TaskEntry task, TaskOutcome outcome, ClaimedGroup claimed, Transition transition) {}
    List<Decided> decided = new ArrayList<>();
    Map<GroupEntry, Instant> nextRuns = new LinkedHashMap<>();
    for (CompletedRun run : runs) {
      GroupEntry g = groups.get(run.group().groupId());
      if (g == null || !run.node().equals(g.claimedBy) || !g.nextRun.equals(run.group().dueAt())
          || nextRuns.containsKey(g)) {
        continue; // deleted, or no longer this run's: taken over, recorded already, or twice in this batch
      }
      Map<Long, TaskRef> refs = new HashMap<>();
      run.group().tasks().forEach(r -> refs.put(r.taskId(), r));
      for (TaskOutcome o : run.outcome().outcomes()) {
        TaskEntry t = tasks.get(o.taskId());
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
    }
    List<StateChange> changes = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    Set<Long> usedNow = new HashSet<>();
    for (Decided d : decided) {
      TaskEntry t = d.task;
      Instant at = d.transition.next().lastRunAt();
      Long reserved = d.outcome.resultId();
      // A reserved id came from this counter (so it is below it) and names no kept result yet; anything else, a
      // caller's mistake, gets a fresh id rather than two results under one.
      long id = reserved != null && reserved < nextId && resultOwners.get(reserved) == null && usedNow.add(reserved)
          ? reserved : nextId++;
      String node = d.outcome.producedBy() != null ? d.outcome.producedBy() : nodeOf(runs, d.claimed);
      KeptResult r = keep(id, at, node, d.outcome.result(), t.group.request.url());
      Object dropped = count(t.results) == resultsPerTask ? item(t.results, resultsPerTask - 1) : null;
      t.results = pushFirst(t.results, r, resultsPerTask);
      resultOwners.put(r.id, t);
      if (dropped != null) {
        resultOwners.remove(((KeptResult) dropped).id);
      }
      TaskState prev = t.state;
      SiteEntry s = t.group.site;
      TaskState next = slim(d.transition.next());
      // The site's place in the ranked set moves only with a task's severity: most results keep it, and taking the
      // site out and back in for each of them was a fifth of the engine's CPU at the benchmark's ceiling.
      boolean moves = prev == null || prev.severity() != next.severity();
      if (moves) {
        unrank(s);
      }
      s.adjust(prev == null ? null : prev.severity(), prev, -1);
      counts[prev == null ? 4 : prev.severity().ordinal()]--;
      t.state = next;
      s.adjust(t.state.severity(), t.state, +1);
      counts[t.state.severity().ordinal()]++;
      if (moves) {
        rank(s);
      }
      if (d.transition.severityChanged() || d.transition.alert() != null) {
        StateChange c = new StateChange(t.id, s.site.domain(), t.group.request.url(), t.group.request.method(),
            t.group.request.ipVersion(), t.check, prev == null ? null : prev.severity(), t.state.severity(), at,
            t.state.message(), r.id);
        if (d.transition.severityChanged()) {
          t.history = pushFirst(t.history, new KeptChange(c.previous(), c.current(), at, c.message(), r.id), historyPerTask);
          changes.add(c);
        }
        if (d.transition.alert() != null) {
          alerts.add(enqueue(d.transition.alert(), c));
        }
      }
    }
    for (Map.Entry<GroupEntry, Instant> e : nextRuns.entrySet()) {
      GroupEntry g = e.getKey();
      unindex(g);
      g.claimedBy = null;
      g.nextRun = e.getValue();
      due.add(g);
    }
    return new CompletionReport(decided.size(), changes, alerts);
  }

  @Override
  public synchronized List<Long> reserveResultIds(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    List<Long> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(nextId++);
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

  // ---- outbox

  @Override
  public synchronized Alert enqueue(AlertKind kind, StateChange change) {
    Alert a = new Alert(nextId++, kind, change);
    outbox.put(a.id(), new OutboxRow(a));
    return a;
  }

  @Override
  public synchronized List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil) {
    List<OutboxEntry> out = new ArrayList<>();
    Set<Long> earlier = new HashSet<>(); // tasks with an older alert not done: theirs wait, to keep each task's order
    for (OutboxRow row : outbox.values()) {
      if (out.size() >= limit) {
        break;
      }
      long task = row.alert.change().taskId();
      if (task > 0 && !earlier.add(task)) {
        continue;
      }
      boolean free = row.claimedBy == null || row.leaseUntil.isBefore(now);
      if (free && !row.nextAttemptAt.isAfter(now)) {
        row.claimedBy = node;
        row.leaseUntil = leaseUntil;
        out.add(new OutboxEntry(row.alert, row.attempts, row.delivered));
      }
    }
    return out;
  }

  @Override
  public synchronized void messageBegun(OutboxMessage message, Instant at) {
    messages.putIfAbsent(message.key(), message);
  }

  @Override
  public synchronized void messageSent(OutboxMessage message, Instant at) {
    messages.remove(message.key());
    for (long id : message.alertIds()) {
      OutboxRow row = outbox.get(id);
      if (row != null) {
        row.delivered.add(message.channel());
        silencedSince.remove(row.alert.change().taskId());
      }
    }
  }

  @Override
  public synchronized List<OutboxMessage> begunMessages(Collection<Long> alertIds) {
    Set<Long> wanted = new HashSet<>(alertIds);
    return messages.values().stream().filter(m -> m.alertIds().stream().anyMatch(wanted::contains)).toList();
  }

  @Override
  public synchronized void silenced(Alert alert, Instant at) {
    long task = alert.change().taskId();
    if (task > 0) {
      Severity before = alert.change().previous();
      silencedSince.putIfAbsent(task, before == null ? Severity.OK : before);
    }
    done(alert.id(), at);
  }

  @Override
  public synchronized Map<Long, Severity> silencedTasks(Collection<Long> taskIds) {
    Map<Long, Severity> out = new HashMap<>();
    for (long task : taskIds) {
      Severity told = silencedSince.get(task);
      if (told != null) {
        out.put(task, told);
      }
    }
    return out;
  }

  @Override
  public synchronized Map<Long, Severity> withheldTasks(int limit) {
    Map<Long, Severity> out = new LinkedHashMap<>();
    for (var e : silencedSince.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  @Override
  public synchronized Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    if (change != null && change.taskId() != taskId) {
      throw new IllegalArgumentException("the change is about task " + change.taskId() + ", not " + taskId);
    }
    if (silencedSince.get(taskId) != told) {
      return Optional.empty();
    }
    for (OutboxRow row : outbox.values()) {
      if (row.alert.change().taskId() == taskId) {
        return Optional.empty(); // that alert tells what the silence kept
      }
    }
    silencedSince.remove(taskId);
    return change == null ? Optional.empty() : Optional.of(enqueue(AlertKind.STATE_CHANGE, change));
  }

  @Override
  public synchronized void delivered(long alertId, String channel) {
    OutboxRow row = outbox.get(alertId);
    if (row != null) {
      row.delivered.add(channel);
    }
  }

  @Override
  public synchronized void done(long alertId, Instant at) {
    outbox.remove(alertId);
  }

  @Override
  public synchronized void retryLater(long alertId, Instant nextAttemptAt, String error) {
    OutboxRow row = outbox.get(alertId);
    if (row != null) {
      row.attempts++;
      row.nextAttemptAt = nextAttemptAt;
      row.claimedBy = null;
      row.lastError = error;
    }
  }

  @Override
  public synchronized long pendingAlerts() {
    return outbox.size();
  }

  // ---- status

  @Override
  public synchronized SeverityCounts severityCounts() {
    return new SeverityCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
  }

  @Override
  public synchronized StatusPage domains(DomainQuery q) {
    List<DomainStatus> page = new ArrayList<>(q.limit());
    String text = q.text() == null ? null : q.text().toLowerCase(Locale.ROOT);
    boolean search = q.tag() != null || text != null;
    java.util.NavigableSet<SiteEntry> from = ranked;
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
    return new StatusPage(severityCounts(), page, total);
  }

  @Override
  public synchronized StatusPage problems(int offset, int limit) {
    new DomainQuery(null, null, null, offset, limit); // validates the bounds
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
    return new StatusPage(severityCounts(), page, sitesByRank[0] + sitesByRank[1] + sitesByRank[2]);
  }

  @Override
  public synchronized List<TaskStatus> tasks(String domain) {
    SiteEntry s = sites.get(domain);
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

  private TaskStatus status(TaskEntry t) {
    ProbeRequest r = t.group.request;
    return new TaskStatus(t.id, t.group.site.site.domain(), r.url(), r.method(), r.ipVersion(), t.check, t.state, t.group.nextRun);
  }

  @Override
  public synchronized Optional<TaskStatus> task(long taskId) {
    TaskEntry t = tasks.get(taskId);
    return t == null ? Optional.empty() : Optional.of(status(t));
  }

  @Override
  public synchronized List<StoredResult> results(long taskId, int limit) {
    TaskEntry t = tasks.get(taskId);
    if (t == null) {
      return List.of();
    }
    List<StoredResult> out = new ArrayList<>(Math.min(limit, count(t.results)));
    for (int i = 0; i < count(t.results) && i < limit; i++) {
      out.add(((KeptResult) item(t.results, i)).toStored(t.id));
    }
    return out;
  }

  @Override
  public synchronized Optional<StoredResult> result(long resultId) {
    TaskEntry t = resultOwners.get(resultId);
    if (t != null) {
      for (int i = 0; i < count(t.results); i++) {
        KeptResult r = (KeptResult) item(t.results, i);
        if (r.id == resultId) {
          return Optional.of(r.toStored(t.id));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized List<StateChange> history(long taskId, int limit) {
    TaskEntry t = tasks.get(taskId);
    if (t == null) {
      return List.of();
    }
    List<StateChange> out = new ArrayList<>(Math.min(limit, count(t.history)));
    for (int i = 0; i < count(t.history) && i < limit; i++) {
      KeptChange c = (KeptChange) item(t.history, i);
      ProbeRequest req = t.group.request;
      out.add(new StateChange(t.id, t.group.site.site.domain(), req.url(), req.method(), req.ipVersion(), t.check,
          c.previous, c.current, c.at, c.message, c.resultId));
    }
    return out;
  }

  // ---- compact forms

  private static final Object[] NONE = new Object[0];

  // Up to cap items, newest first, kept as nothing (null), the item itself, or an array: most tasks hold one result
  // and one change, and an array around each would cost a million arrays.

  private static int count(@Nullable Object items) {
    return items == null ? 0 : items instanceof Object[] a ? a.length : 1;
  }

  private static Object item(Object items, int i) {
    return items instanceof Object[] a ? a[i] : items;
  }

  /** @return {@code items} with {@code item} in front, at most {@code cap} long (the oldest dropped) */
  private static Object pushFirst(@Nullable Object items, Object item, int cap) {
    int n = count(items);
    if (n == 0 || cap == 1) {
      return item;
    }
    int m = Math.min(n + 1, cap);
    Object[] out = items instanceof Object[] a && a.length == m ? a : new Object[m];
    if (items instanceof Object[] a) {
      System.arraycopy(a, 0, out, 1, m - 1);
    } else {
      out[1] = items;
    }
    out[0] = item;
    return out;
  }

  /** A raw result without its task id, its context as key/value pairs with equal values shared. */
  private KeptResult keep(long id, Instant at, String node, CheckResult result, String groupUrl) {
    Map<String, @Nullable Object> ctx = result.context();
    Object[] pairs = ctx.isEmpty() ? NONE : new Object[ctx.size() * 2];
    int i = 0;
    for (Map.Entry<String, @Nullable Object> e : ctx.entrySet()) {
      Object v = e.getValue();
      pairs[i++] = shared.intern(e.getKey());
      // a result's URL is nearly always its group's: share that string rather than fill the intern table with URLs
      pairs[i++] = groupUrl.equals(v) ? groupUrl : shared.intern(v);
    }
    return new KeptResult(id, at, shared.intern(node), result.status(), result.severity(), shared.intern(result.message()),
        pairs, result.timings());
  }

  /** The state with its message shared when an equal one is already kept. */
  private TaskState slim(TaskState s) {
    String m = shared.intern(s.message());
    return m == s.message() ? s : new TaskState(s.severity(), s.status(), m, s.lastRunAt(), s.severitySince(),
        s.contiguousFailures(), s.alreadyRetried(), s.notifiedSeverity(), s.notifiedAt());
  }

  private record KeptResult(long id, Instant at, String node, ResultStatus status, Severity severity, String message,
      Object[] context, @Nullable ProbeTimings timings) {
    StoredResult toStored(long taskId) {
      Map<String, @Nullable Object> ctx = new LinkedHashMap<>();
      for (int i = 0; i < context.length; i += 2) {
        ctx.put((String) context[i], context[i + 1]);
      }
      return new StoredResult(id, taskId, at, node, new CheckResult(status, severity, message, ctx, timings));
    }
  }

  private record KeptChange(@Nullable Severity previous, Severity current, Instant at, String message, long resultId) {}

  /**
   * Canonical instances of equal immutable values, so a million results saying the same thing share one copy. Bounded:
   * emptied when full, which only costs sharing, never correctness.
   */
  private static final class Interner {
    private static final int MAX = 20_000;
    private final Map<Object, Object> table = new HashMap<>();

    @SuppressWarnings("unchecked")
    <T> T intern(T value) {
      if (value == null || !worthSharing(value)) {
        return value;
      }
      Object known = table.get(value);
      if (known != null) {
        return (T) known;
      }
      if (table.size() >= MAX) {
        table.clear();
      }
      table.put(value, value);
      return value;
    }

    /** Small immutable values only: hashing a big one would cost more than it saves. */
    private static boolean worthSharing(Object v) {
      if (v instanceof String s) {
        return s.length() <= 256;
      }
      if (v instanceof Number || v instanceof Boolean || v instanceof SchedulePolicy) {
        return true;
      }
      if (v instanceof List<?> l) {
        // JSON-like lists in results are unmodifiable copies; only lists of a few scalars are shared
        if (l.size() > 8) {
          return false;
        }
        for (Object e : l) {
          if (e != null && !(e instanceof String s && s.length() <= 256) && !(e instanceof Number) && !(e instanceof Boolean)) {
            return false;
          }
        }
        return true;
      }
      return false;
    }
  }

  // ---- entries

  private static final class SiteEntry {
    Site site;
    GroupEntry[] groups = new GroupEntry[0];
    final int[] bySeverity = new int[5];
    int taskCount;
    @Nullable Instant lastRunAt;

    SiteEntry(Site site) {
      this.site = site;
    }

    /** A stand-in with the given rank and domain, to bound a range of the ranked set. */
    static SiteEntry probe(int rank, String domain) {
      SiteEntry e = new SiteEntry(PROBE_SITE);
      e.probeDomain = domain;
      if (rank < 4) {
        e.bySeverity[3 - rank] = 1;
      }
      return e;
    }

    private @Nullable String probeDomain;

    String domain() {
      return probeDomain != null ? probeDomain : site.domain();
    }

    void adjust(@Nullable Severity severity, @Nullable TaskState state, int delta) {
      bySeverity[severity == null ? 4 : severity.ordinal()] += delta;
      if (delta > 0 && state != null && (lastRunAt == null || state.lastRunAt().isAfter(lastRunAt))) {
        lastRunAt = state.lastRunAt();
      }
    }

    @Nullable Severity worst() {
      int rank = rank();
      return rank == 4 ? null : SEVERITIES[3 - rank];
    }

    /** 0 = unknown ... 3 = ok, 4 = nothing run yet. Read per recorded result: no allocation. */
    int rank() {
      for (int i = 3; i >= 0; i--) {
        if (bySeverity[i] > 0) {
          return 3 - i;
        }
      }
      return 4;
    }
  }

  private static final class GroupEntry {
    final long id;
    /** The group's key when it is not its request's own key (which is computed when needed rather than kept). */
    private @Nullable String otherKey;
    final SiteEntry site;
    ProbeRequest request;
    SchedulePolicy policy;
    Instant nextRun;
    @Nullable String claimedBy;
    Instant leaseUntil = Instant.EPOCH;
    TaskEntry[] tasks = new TaskEntry[0];

    GroupEntry(long id, String key, SiteEntry site, ProbeRequest request, SchedulePolicy policy, Instant nextRun) {
      this.id = id;
      this.site = site;
      setRequest(key, request);
      this.policy = policy;
      this.nextRun = nextRun;
    }

    void setRequest(String key, ProbeRequest request) {
      this.request = request;
      this.otherKey = key.equals(request.key()) ? null : key;
    }

    String key() {
      return otherKey != null ? otherKey : request.key();
    }
  }

  private static final class TaskEntry {
    final long id;
    final String key;
    final GroupEntry group;
    final CheckSpec check;
    @Nullable TaskState state;
    /** {@link KeptResult}s, newest first (see {@link #pushFirst}). */
    @Nullable Object results;
    /** {@link KeptChange}s, newest first (see {@link #pushFirst}). */
    @Nullable Object history;

    TaskEntry(long id, String key, GroupEntry group, CheckSpec check) {
      this.id = id;
      this.key = key;
      this.group = group;
      this.check = check;
    }
  }

  private static final class OutboxRow {
    final Alert alert;
    int attempts;
    Instant nextAttemptAt = Instant.EPOCH;
    @Nullable String claimedBy;
    Instant leaseUntil = Instant.EPOCH;
    final Set<String> delivered = new HashSet<>();
    @Nullable String lastError;

    OutboxRow(Alert alert) {
      this.alert = alert;
    }
  }
}
