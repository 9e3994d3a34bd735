package org.argos.engine.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.IncidentUpdate;
import org.argos.api.InvalidValueException;
import org.argos.api.store.IncidentEdit;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.jspecify.annotations.Nullable;

/**
 * Incidents in memory, under their own lock (the web side edits them while a batch of results is written). Each is
 * bounded ({@link Incidents#MAX_DOMAINS}, {@link Incidents#MAX_TRACKED_TASKS}), and so is their number: past
 * {@link #MAX_KEPT}, the oldest resolved ones are let go (a store on disk prunes them with the history instead).
 * Nothing is kept past the process, as for the rest of the memory store.
 */
public final class MemoryIncidents implements Incidents {
  private static final class Row {
    final long id;
    final String tenant;
    String title;
    IncidentStatus status;
    final Incident.@Nullable Cause cause;
    @Nullable String activeKey;
    final TreeSet<String> domains = new TreeSet<>();
    final Map<Long, Boolean> tasks = new HashMap<>(); // task id -> failing
    final Instant openedAt;
    @Nullable Instant resolvedAt;
    final boolean automatic;
    boolean statusByPerson;
    Instant updatedAt;
    final List<IncidentUpdate> timeline = new ArrayList<>();

    Row(long id, String tenant, String title, IncidentStatus status, Incident.@Nullable Cause cause, Instant at,
        boolean automatic) {
      this.id = id;
      this.tenant = tenant;
      this.title = title;
      this.status = status;
      this.cause = cause;
      this.openedAt = at;
      this.updatedAt = at;
      this.automatic = automatic;
    }

    Incident view() {
      List<String> listed = domains.stream().limit(Incident.MAX_LISTED_DOMAINS).toList();
      return new Incident(id, tenant, title, status, cause, listed, domains.size(), openedAt, resolvedAt, automatic,
          updatedAt);
    }
  }

  /** The most incidents kept; active ones are never let go (there is at most one per tenant and cause). */
  static final int MAX_KEPT = 10_000;

  private final TreeMap<Long, Row> rows = new TreeMap<>();
  private final Map<String, Long> active = new HashMap<>(); // tenant + "\n" + cause key -> id
  private long nextId = 1;
  private long nextUpdateId = 1;

  @Override
  public synchronized Incident open(String tenant, String title, IncidentStatus status, String message,
      String author, Collection<String> domains, Instant at) {
    String t = Incidents.checkTenant(tenant);
    String ti = Incident.checkTitle(title);
    if (!status.active()) {
      throw new InvalidValueException("status: an incident opens active, not resolved");
    }
    String m = IncidentUpdate.checkMessage(message);
    String a = IncidentUpdate.checkAuthor(author);
    List<String> ds = Incidents.checkDomains(domains);
    Row r = new Row(nextId++, t, ti, status, null, at, false);
    r.statusByPerson = true;
    r.domains.addAll(ds);
    rows.put(r.id, r);
    letOldResolvedGo();
    add(r, at, m, a);
    return r.view();
  }

  /** Past {@link #MAX_KEPT} incidents, lets the oldest resolved ones go. */
  private void letOldResolvedGo() {
    if (rows.size() <= MAX_KEPT) {
      return;
    }
    var it = rows.values().iterator();
    while (rows.size() > MAX_KEPT && it.hasNext()) {
      if (it.next().resolvedAt != null) {
        it.remove();
      }
    }
  }

  private void add(Row r, Instant at, String message, String author) {
    r.timeline.add(new IncidentUpdate(nextUpdateId++, r.id, at, r.status, message, author));
    r.updatedAt = at.isAfter(r.updatedAt) ? at : r.updatedAt;
  }

  @Override
  public synchronized Optional<Incident> incident(long id) {
    return Optional.ofNullable(rows.get(id)).map(Row::view);
  }

  @Override
  public synchronized List<IncidentUpdate> timeline(long incidentId, int limit) {
    Incidents.checkTimelineLimit(limit);
    Row r = rows.get(incidentId);
    if (r == null) {
      return List.of();
    }
    List<IncidentUpdate> all = r.timeline;
    return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
  }

  @Override
  public synchronized List<Incident> incidents(IncidentQuery q) {
    List<Incident> out = new ArrayList<>();
    var from = q.beforeId() == null ? rows.descendingMap() : rows.headMap(q.beforeId(), false).descendingMap();
    for (Row r : from.values()) {
      if (out.size() >= q.limit()) {
        break;
      }
      if ((q.tenant() != null && !q.tenant().equals(r.tenant))
          || (q.which() == IncidentQuery.Which.ACTIVE && !r.status.active())
          || (q.which() == IncidentQuery.Which.PAST && r.status.active())
          || (q.domains() != null && q.domains().stream().noneMatch(r.domains::contains))) {
        continue;
      }
      out.add(r.view());
    }
    return out;
  }

  @Override
  public synchronized Optional<Incident> edit(long id, IncidentEdit edit, Instant at) {
    Row r = rows.get(id);
    if (r == null) {
      return Optional.empty();
    }
    if (edit.title() != null) {
      r.title = edit.title();
      r.updatedAt = at.isAfter(r.updatedAt) ? at : r.updatedAt;
    }
    IncidentStatus before = r.status;
    if (edit.status() != null) {
      r.status = edit.status();
      r.statusByPerson = true;
      if (!r.status.active()) {
        if (before.active()) {
          r.resolvedAt = at;
        }
        if (r.activeKey != null) {
          active.remove(r.activeKey);
          r.activeKey = null;
        }
      } else {
        r.resolvedAt = null;
      }
    }
    if (edit.message() != null || (edit.status() != null && edit.status() != before)) {
      add(r, at, edit.message() != null ? edit.message() : Incidents.statusSet(r.status), edit.author());
    }
    return Optional.of(r.view());
  }

  @Override
  public synchronized Incident joinOutage(String tenant, Incident.Cause cause, String title, String summary,
      Map<Long, String> failing, Instant at) {
    String t = Incidents.checkTenant(tenant);
    Incidents.checkTaskCount(failing.size());
    String key = t + "\n" + cause.key();
    Long id = active.get(key);
    Row r = id == null ? null : rows.get(id);
    boolean opened = r == null;
    if (opened) {
      r = new Row(nextId++, t, Incidents.titleOf(title), IncidentStatus.INVESTIGATING, cause, at, true);
      r.activeKey = key;
      rows.put(r.id, r);
      active.put(key, r.id);
      letOldResolvedGo();
      add(r, at, Incidents.messageOf(summary), IncidentUpdate.ENGINE);
    }
    List<String> added = new ArrayList<>();
    for (Map.Entry<Long, String> e : failing.entrySet()) {
      if (r.tasks.containsKey(e.getKey()) || r.tasks.size() < MAX_TRACKED_TASKS) {
        r.tasks.put(e.getKey(), true);
      }
      if (r.domains.size() < MAX_DOMAINS && r.domains.add(e.getValue())) {
        added.add(e.getValue());
      }
    }
    if (!opened && !added.isEmpty()) {
      add(r, at, Incidents.moreAffected(added, r.domains.size()), IncidentUpdate.ENGINE);
    }
    return r.view();
  }

  @Override
  public synchronized List<Incident> recover(Collection<Long> taskIds, Instant at) {
    Incidents.checkTaskCount(taskIds.size());
    Map<Long, Row> touched = new LinkedHashMap<>();
    for (Row r : active.values().stream().map(rows::get).toList()) {
      for (long task : taskIds) {
        if (Boolean.TRUE.equals(r.tasks.get(task))) {
          r.tasks.put(task, false);
          touched.put(r.id, r);
        }
      }
    }
    List<Incident> out = new ArrayList<>();
    for (Row r : touched.values()) {
      if (r.tasks.containsValue(true)) {
        continue;
      }
      if (r.statusByPerson) {
        add(r, at, Incidents.recoveredKept(r.domains.size()), IncidentUpdate.ENGINE);
      } else {
        r.status = IncidentStatus.RESOLVED;
        r.resolvedAt = at;
        active.remove(r.activeKey);
        r.activeKey = null;
        add(r, at, Incidents.recoveredResolved(r.domains.size()), IncidentUpdate.ENGINE);
      }
      out.add(r.view());
    }
    return out;
  }

  @Override
  public synchronized List<Incident> activeOutages(String tenant, int limit) {
    if (limit < 1 || limit > IncidentQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit: 1 to " + IncidentQuery.MAX_LIMIT);
    }
    return active.values().stream().map(rows::get).filter(r -> r.tenant.equals(tenant))
        .sorted((x, y) -> Long.compare(y.id, x.id)).limit(limit).map(Row::view).toList();
  }
}
