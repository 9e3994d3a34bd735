package org.argos.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.DomainQuery;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.StoreException;
import org.argos.api.TaskStatus;
import org.argos.api.store.LocationResult;
import org.argos.api.store.Acknowledgements;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.ConfigVersion;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.api.store.PushHeartbeats;
import org.argos.api.store.RegistrationResult;
import org.argos.api.store.SitePlan;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.argos.api.store.TransitionRule;
import org.argos.engine.memory.MemoryAcks;
import org.argos.engine.memory.MemoryClaims;
import org.argos.engine.memory.MemoryCluster;
import org.argos.engine.memory.MemoryOutbox;
import org.argos.engine.memory.MemoryParts;
import org.argos.engine.memory.MemoryPushes;
import org.argos.engine.memory.MemoryUptime;
import org.argos.api.store.DomainUptime;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeDay;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;
import org.argos.engine.memory.MemoryRuns;
import org.argos.engine.memory.MemorySites;
import org.argos.engine.memory.MemoryStatus;
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
 *
 * <p>It offers the {@link Uptime} capability: each task keeps a packed row per UTC day its closed intervals span (at
 * most {@link UptimeWindow#MAX_DAYS} + 1), and a query walks the tasks asked about (a tenant's: every task).
 *
 * <p>This class is the lock and the entry; the work is done by one part per store contract in
 * {@code org.argos.engine.memory} (sites, claims, runs, outbox, status reads, cluster state).
 */
public final class InMemoryStore implements Store, Acknowledgements, Uptime {
  private final MemorySites sites;
  private final MemoryClaims claims;
  private final MemoryRuns runs;
  private final MemoryOutbox outbox;
  private final MemoryStatus status;
  /** Config version and silences, under their own lock. */
  private final MemoryCluster cluster;
  private final MemoryAcks acks;
  private final MemoryUptime uptime;
  /** Push heartbeats, under their own lock. */
  private final MemoryPushes pushes = new MemoryPushes();
  private final org.argos.engine.memory.MemoryIncidents incidents = new org.argos.engine.memory.MemoryIncidents();
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
    MemoryParts parts = new MemoryParts(resultsPerTask, historyPerTask);
    this.sites = parts.sites();
    this.claims = parts.claims();
    this.runs = parts.runs();
    this.outbox = parts.outbox();
    this.status = parts.status();
    this.cluster = parts.cluster();
    this.acks = parts.acks();
    this.uptime = parts.uptime();
  }

  @Override
  public synchronized void nodeStarting(String nodeId) {
    if (node != null && !node.equals(nodeId)) {
      throw new StoreException("this in-memory store already serves engine node '" + node
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

  @Override
  public boolean keepsClusterState() {
    return true;
  }

  @Override
  public Optional<ConfigVersion> configVersion() {
    return cluster.configVersion();
  }

  @Override
  public boolean replaceConfigVersion(@Nullable String expectedHash, ConfigVersion next) {
    return cluster.replaceConfigVersion(expectedHash, next);
  }

  @Override
  public List<Silence> silences() {
    return cluster.silences();
  }

  @Override
  public void putSilence(Silence silence) {
    cluster.put(silence);
  }

  @Override
  public boolean deleteSilence(String id) {
    return cluster.delete(id);
  }

  // ---- acknowledgements

  @Override
  public synchronized Set<Long> acknowledge(Collection<Long> taskIds, String by, Instant at) {
    return acks.acknowledge(taskIds, by, at);
  }

  @Override
  public synchronized Set<Long> unacknowledge(Collection<Long> taskIds) {
    return acks.unacknowledge(taskIds);
  }

  @Override
  public synchronized String linkSecret(String candidate) {
    return acks.linkSecret(candidate);
  }

  @Override
  public synchronized boolean useToken(String token, Instant expiresAt, Instant now) {
    return acks.useToken(token, expiresAt, now);
  }

  // ---- sites

  @Override
  public synchronized RegistrationResult register(SitePlan plan, Instant now) {
    return sites.register(plan, now);
  }

  /** Registers the plans one after the other under one hold of the lock. */
  @Override
  public synchronized List<RegistrationResult> registerAll(List<SitePlan> plans, Instant now) {
    return sites.registerAll(plans, now);
  }

  @Override
  public synchronized boolean unregister(String domain) {
    return sites.unregister(domain);
  }

  @Override
  public synchronized Optional<Site> site(String domain) {
    return sites.site(domain);
  }

  @Override
  public synchronized List<Site> sites(int offset, int limit) {
    return sites.sites(offset, limit);
  }

  @Override
  public synchronized long siteCount() {
    return sites.siteCount();
  }

  // ---- claims

  @Override
  public synchronized List<ClaimedGroup> claimDue(String node, Instant now, Instant dueBefore, int limit, Instant leaseUntil) {
    return claims.claimDue(node, now, dueBefore, limit, leaseUntil);
  }

  @Override
  public synchronized void release(String node, Collection<Long> groupIds) {
    claims.release(node, groupIds);
  }

  @Override
  public synchronized int releaseAll(String node) {
    return claims.releaseAllExcept(node, List.of());
  }

  @Override
  public synchronized int releaseAllExcept(String node, Collection<Long> keep) {
    return claims.releaseAllExcept(node, keep);
  }

  @Override
  public synchronized int reschedule(Collection<Long> taskIds, Instant at) {
    return claims.reschedule(taskIds, at);
  }

  @Override
  public synchronized int rescheduleAll(Instant at) {
    return claims.rescheduleAll(at);
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    return claims.nextDue();
  }

  // ---- runs

  @Override
  public synchronized CompletionReport complete(List<CompletedRun> runs, TransitionRule rule) {
    return this.runs.complete(runs, rule);
  }

  @Override
  public synchronized Map<Long, ProbePeer> peers(Collection<Long> taskIds) {
    return runs.peers(taskIds);
  }

  @Override
  public synchronized List<Long> failingAt(String address, int port, int offset, int limit) {
    return runs.failingAt(address, port, offset, limit);
  }

  @Override
  public synchronized List<Long> reserveResultIds(int count) {
    return runs.reserveResultIds(count);
  }

  // ---- outbox

  @Override
  public synchronized Alert enqueue(AlertKind kind, StateChange change) {
    return outbox.enqueue(kind, change);
  }

  @Override
  public synchronized java.util.Optional<Alert> enqueueOnce(String onceKey, AlertKind kind, StateChange change) {
    return outbox.enqueueOnce(onceKey, kind, change);
  }

  @Override
  public synchronized List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil) {
    return outbox.claimAlerts(node, now, limit, leaseUntil);
  }

  @Override
  public synchronized void messageBegun(OutboxMessage message, Instant at) {
    outbox.messageBegun(message);
  }

  @Override
  public synchronized void messageSent(OutboxMessage message, Instant at) {
    outbox.messageSent(message);
  }

  @Override
  public synchronized List<OutboxMessage> begunMessages(Collection<Long> alertIds) {
    return outbox.begunMessages(alertIds);
  }

  @Override
  public synchronized void silenced(Alert alert, Instant at) {
    outbox.silenced(alert);
  }

  @Override
  public synchronized Map<Long, Severity> silencedTasks(Collection<Long> taskIds) {
    return outbox.silencedTasks(taskIds);
  }

  @Override
  public synchronized Map<Long, Severity> withheldTasks(int limit) {
    return outbox.withheldTasks(limit);
  }

  @Override
  public synchronized Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    return outbox.endSilence(taskId, told, change);
  }

  @Override
  public synchronized void delivered(long alertId, String channel) {
    outbox.delivered(alertId, channel);
  }

  @Override
  public synchronized void done(long alertId, Instant at) {
    outbox.done(alertId);
  }

  @Override
  public synchronized void retryLater(long alertId, Instant nextAttemptAt, String error) {
    outbox.retryLater(alertId, nextAttemptAt, error);
  }

  @Override
  public synchronized long pendingAlerts() {
    return outbox.pendingAlerts();
  }

  // ---- status

  @Override
  public synchronized SeverityCounts severityCounts(@Nullable String tenant) {
    return status.severityCounts(tenant);
  }

  @Override
  public synchronized StatusPage domains(DomainQuery q) {
    return status.domains(q);
  }

  @Override
  public synchronized StatusPage problems(@Nullable String tenant, int offset, int limit) {
    return status.problems(tenant, offset, limit);
  }

  @Override
  public synchronized List<TaskStatus> tasks(String domain) {
    return status.tasks(domain);
  }

  @Override
  public synchronized Optional<TaskStatus> task(long taskId) {
    return status.task(taskId);
  }

  @Override
  public synchronized List<LocationResult> locationResults(long taskId) {
    return runs.locationResults(taskId);
  }

  @Override
  public synchronized List<StoredResult> results(long taskId, int limit) {
    return status.results(taskId, limit);
  }

  @Override
  public synchronized Optional<StoredResult> result(long resultId) {
    return status.result(resultId);
  }

  @Override
  public synchronized List<StateChange> history(long taskId, int limit) {
    return status.history(taskId, limit);
  }

  /**
   * {@link Acknowledgements} (this store), {@link PushHeartbeats} and {@link org.argos.api.store.Incidents} (parts
   * with their own locks).
   */
  @Override
  public <C> Optional<C> capability(Class<C> type) {
    if (type == PushHeartbeats.class) {
      return Optional.of(type.cast(pushes));
    }
    if (type == org.argos.api.store.Incidents.class) {
      return Optional.of(type.cast(incidents));
    }
    return Store.super.capability(type);
  }

  // ---- uptime (from state changes, rolled up per day as they are recorded)

  @Override
  public synchronized UptimeTotals ofTask(long taskId, UptimeWindow window, Instant now) {
    return uptime.ofTask(taskId, window, now);
  }

  @Override
  public synchronized UptimeTotals ofDomain(String domain, UptimeWindow window, Instant now) {
    return uptime.ofDomain(domain, window, now);
  }

  @Override
  public synchronized UptimeTotals ofTag(String tag, UptimeWindow window, Instant now) {
    return uptime.ofTag(tag, window, now);
  }

  @Override
  public synchronized UptimeTotals ofDomains(Collection<String> domains, UptimeWindow window, Instant now) {
    return uptime.ofDomains(domains, window, now);
  }

  @Override
  public synchronized UptimeTotals ofTenant(String tenant, UptimeWindow window, Instant now) {
    return uptime.ofTenant(tenant, window, now);
  }

  @Override
  public synchronized List<UptimeDay> daily(String domain, UptimeWindow window, Instant now) {
    return uptime.daily(domain, window, now);
  }

  @Override
  public synchronized List<DomainUptime> byDomain(String tenant, UptimeWindow window, Instant now) {
    return uptime.byDomain(tenant, window, now);
  }
}
