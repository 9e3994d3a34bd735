package org.argos.engine.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Incident;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.spi.Notification;
import org.argos.api.store.Incidents;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and grows incidents from the alerts delivery claims (issue 20 §5), before silences and holds are applied:
 * an incident tells the state of the sites, not what receivers were told. Failing tasks that share the cause of one
 * of their tenant's active outages join it; the others are split by cause as alerts are ({@link Causes}), and each
 * cause of at least {@link Causes#MIN_SIZE} tasks joins or opens its incident. Failures of no cause wait (at most
 * {@link #MAX_WAITING}, for {@link #WAIT}) and are split again with the next rounds' failures, since an outage's
 * alerts trickle in over rounds and nodes. Recovered tasks are handed to
 * {@link Incidents#recover}, which resolves an incident once all of its tasks are back. A reminder only joins an
 * incident: it never opens one (a person who resolved an incident while its sites still fail is not overruled).
 *
 * <p>Each alert is read at its first claim only (a held or retried alert comes back later, perhaps after the task's
 * recovery, and must not make it fail again). Only delivery's thread calls it. A store failure here is logged once per change and leaves delivery alone: the
 * alerts still go, and the next alerts of the outage bring the incident up to date.
 */
final class IncidentBook {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentBook.class);
  /** The most active outages of a tenant that new failures are matched against. */
  static final int MAX_ACTIVE = 200;
  /** The most failures kept waiting for others of their cause. */
  static final int MAX_WAITING = 10_000;
  /** How long a failure waits for others of its cause. */
  static final java.time.Duration WAIT = java.time.Duration.ofMinutes(10);

  private final Incidents incidents;
  private final Store store;
  private final EngineMeters meters;
  private final java.time.Clock clock;
  private boolean failing;
  /**
   * Failures of no cause yet, by task, oldest first: an outage's alerts trickle in over rounds (and over nodes), so a
   * cause is looked for among the failures of the last {@link #WAIT}, not only those of one round.
   */
  private final LinkedHashMap<Long, Waiting> waiting = new LinkedHashMap<>();

  private record Waiting(OutboxEntry entry, java.time.Instant since) {}

  IncidentBook(Incidents incidents, Store store, java.time.Clock clock, EngineMeters meters) {
    this.incidents = incidents;
    this.store = store;
    this.clock = clock;
    this.meters = meters;
  }

  /** The tenant of a site: an outage spanning several tenants opens one incident per tenant. */
  private static String tenantOf(@Nullable Site site) {
    return site == null ? org.argos.api.Tenant.DEFAULT_SLUG : site.tenant();
  }

  /**
   * @param entries the alerts claimed for delivery
   * @param sites the site of a domain
   */
  void observe(List<OutboxEntry> entries, Function<String, Optional<Site>> sites) {
    try {
      update(entries, sites);
      if (failing) {
        failing = false;
        LOG.info("updating incidents from alerts works again");
      }
    } catch (RuntimeException e) {
      meters.storeError();
      if (!failing) {
        failing = true;
        LOG.warn("updating incidents from alerts failed (alerts are delivered all the same): {}", e.toString());
      }
    }
  }

  private void update(List<OutboxEntry> entries, Function<String, Optional<Site>> sites) {
    Map<Long, OutboxEntry> latest = new LinkedHashMap<>(); // per task: what it is now
    for (OutboxEntry e : entries) {
      Alert a = e.alert();
      if (a.kind() == AlertKind.NO_AGENT || a.kind() == AlertKind.DIGEST || a.change().taskId() <= 0) {
        continue;
      }
      if (e.attempts() > 0) {
        // seen at its first claim; back from a hold or a failed send, it may be older than the task's recovery
        continue;
      }
      latest.merge(a.change().taskId(), e, (x, y) -> later(x.alert(), y.alert()) ? x : y);
    }
    java.time.Instant now = clock.instant();
    waiting.values().removeIf(w -> w.since().isBefore(now.minus(WAIT)));
    if (latest.isEmpty()) {
      return;
    }
    for (OutboxEntry e : latest.values()) {
      waiting.remove(e.alert().change().taskId()); // what the task is now replaces what it was
    }
    List<Long> recovered = new ArrayList<>();
    Map<String, List<OutboxEntry>> failingByTenant = new LinkedHashMap<>();
    for (OutboxEntry e : latest.values()) {
      if (e.alert().severity() == Severity.OK) {
        recovered.add(e.alert().change().taskId());
      } else {
        failingByTenant.computeIfAbsent(tenantOf(sites.apply(e.alert().change().domain()).orElse(null)),
            t -> new ArrayList<>()).add(e);
      }
    }
    for (int from = 0; from < recovered.size(); from += Incidents.MAX_TASKS_PER_CALL) {
      incidents.recover(recovered.subList(from, Math.min(recovered.size(), from + Incidents.MAX_TASKS_PER_CALL)),
          clock.instant());
    }
    if (failingByTenant.isEmpty()) {
      return;
    }
    Map<Long, java.time.Instant> since = new HashMap<>();
    for (Map.Entry<Long, Waiting> w : waiting.entrySet()) {
      OutboxEntry e = w.getValue().entry();
      since.put(w.getKey(), w.getValue().since());
      failingByTenant.computeIfAbsent(tenantOf(sites.apply(e.alert().change().domain()).orElse(null)),
          t -> new ArrayList<>()).add(e);
    }
    waiting.clear(); // those still of no cause wait again below, since when they first waited
    List<Long> tasks = failingByTenant.values().stream().flatMap(List::stream).map(e -> e.alert().change().taskId())
        .toList();
    Map<Long, ProbePeer> peers = tasks.isEmpty() ? Map.of() : store.peers(tasks);
    Causes causes = new Causes(peers, sites, null, Causes.MIN_SIZE);
    List<OutboxEntry> noCause = new ArrayList<>();
    for (Map.Entry<String, List<OutboxEntry>> byTenant : failingByTenant.entrySet()) {
      noCause.addAll(join(byTenant.getKey(), byTenant.getValue(), causes));
    }
    noCause.sort(Comparator.comparing((OutboxEntry e) -> since.getOrDefault(e.alert().change().taskId(), now)));
    for (OutboxEntry e : noCause) {
      if (waiting.size() >= MAX_WAITING) {
        waiting.remove(waiting.keySet().iterator().next()); // the oldest goes first
      }
      long task = e.alert().change().taskId();
      waiting.put(task, new Waiting(e, since.getOrDefault(task, now)));
    }
  }

  private static boolean later(Alert x, Alert y) {
    int c = x.change().at().compareTo(y.change().at());
    return c > 0 || (c == 0 && x.id() > y.id());
  }

  /** @return the failures that joined no incident (a reminder never waits: it opens nothing) */
  private List<OutboxEntry> join(String tenant, List<OutboxEntry> failures, Causes causes) {
    List<Incident> active = incidents.activeOutages(tenant, MAX_ACTIVE);
    Map<Long, Map<Long, String>> joining = new LinkedHashMap<>(); // incident -> its new tasks
    Map<Long, Incident> byId = new HashMap<>();
    Map<Severity, List<OutboxEntry>> left = new LinkedHashMap<>();
    for (OutboxEntry e : failures) {
      Severity severity = e.alert().severity();
      Incident match = null;
      for (Incident i : active) {
        if (i.cause() != null && causes.shares(e, severity, i.cause().kind(), i.cause().value())) {
          match = i;
          break;
        }
      }
      if (match != null) {
        byId.put(match.id(), match);
        joining.computeIfAbsent(match.id(), x -> new LinkedHashMap<>()).put(e.alert().change().taskId(),
            e.alert().change().domain());
      } else if (e.alert().kind() != AlertKind.REMINDER) {
        left.computeIfAbsent(severity, s -> new ArrayList<>()).add(e);
      }
    }
    for (Map.Entry<Long, Map<Long, String>> j : joining.entrySet()) {
      Incident i = byId.get(j.getKey());
      incidents.joinOutage(tenant, i.cause(), i.title(), i.title(), j.getValue(), clock.instant());
    }
    List<OutboxEntry> noCause = new ArrayList<>();
    for (Map.Entry<Severity, List<OutboxEntry>> bySeverity : left.entrySet()) {
      List<OutboxEntry> list = new ArrayList<>(bySeverity.getValue());
      list.sort(Comparator.comparing(e -> e.alert().id()));
      for (Causes.Group g : causes.split(list, bySeverity.getKey())) {
        Notification.Cause c = g.cause();
        if (c == null) {
          noCause.addAll(g.entries()); // no cause shared by enough tasks yet: they wait for more
          continue;
        }
        Map<Long, String> tasks = new LinkedHashMap<>();
        g.entries().forEach(e -> tasks.put(e.alert().change().taskId(), e.alert().change().domain()));
        Incident i = incidents.joinOutage(tenant, Incident.Cause.of(c.kind(), c.value()), c.summary(), c.summary(),
            tasks, clock.instant());
        LOG.info("incident {} ({}): {} tasks of cause {}", i.id(), i.title(), tasks.size(), c.kind());
      }
    }
    return noCause;
  }
}
