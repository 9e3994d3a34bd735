package org.argos.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.IncidentUpdate;

/**
 * An optional store capability: incidents and their timelines (issue 20 §5). Both stores offer it; find it with
 * {@code store.capability(Incidents.class)}.
 *
 * <p>The engine opens an incident by itself for an outage it groups by cause ({@link #joinOutage}), one per tenant and
 * cause while active: the store keys active automatic incidents by (tenant, cause), so two engine nodes joining the
 * same outage at once share one incident. The failing tasks are tracked (at most {@link #MAX_TRACKED_TASKS} per
 * incident); when every tracked task has recovered ({@link #recover}) the incident is resolved, unless a person set
 * its status: then the engine only adds a timeline entry and leaves the status to them.
 */
public interface Incidents {
  /** The most failing tasks tracked per incident (more still count as affected domains, up to {@link #MAX_DOMAINS}). */
  int MAX_TRACKED_TASKS = 10_000;
  /** The most affected domains recorded per incident. */
  int MAX_DOMAINS = 10_000;
  /** The most timeline entries one read returns. */
  int MAX_TIMELINE = 1000;
  /** The most tasks one {@link #joinOutage} or {@link #recover} call takes. */
  int MAX_TASKS_PER_CALL = 10_000;

  /**
   * Opens an incident by hand.
   *
   * @param tenant the tenant
   * @param title its title
   * @param status its first status (resolved is refused)
   * @param message the first timeline entry
   * @param author who
   * @param domains the affected domains, at most {@link #MAX_DOMAINS} (may be empty)
   * @param at when
   * @return the incident
   * @throws org.argos.api.InvalidValueException naming the field that is wrong
   */
  Incident open(String tenant, String title, IncidentStatus status, String message, String author,
      Collection<String> domains, Instant at);

  /**
   * @param id an incident id
   * @return it, or empty
   */
  Optional<Incident> incident(long id);

  /**
   * @param incidentId an incident
   * @param limit the most entries, 1 to {@link #MAX_TIMELINE}
   * @return its latest timeline entries, oldest first
   */
  List<IncidentUpdate> timeline(long incidentId, int limit);

  /**
   * @param query which
   * @return a page of incidents, newest opened first
   */
  List<Incident> incidents(IncidentQuery query);

  /**
   * A person's change. Setting {@link IncidentStatus#RESOLVED} resolves it (and a later outage of the same cause opens
   * a new incident); setting an active status on a resolved incident reopens it, by hand only (the engine does not
   * join it again).
   *
   * @param id the incident
   * @param edit the change
   * @param at when
   * @return the incident after the change, or empty when there is no such incident
   */
  Optional<Incident> edit(long id, IncidentEdit edit, Instant at);

  /**
   * The engine saw failing tasks sharing a cause: joins them to the tenant's active automatic incident of that cause,
   * opening it when there is none (status investigating, with {@code title} and {@code summary} as first entry). Tasks
   * new to the incident, or failing again, are tracked; new affected domains add one timeline entry.
   *
   * @param tenant the tenant of the tasks' sites
   * @param cause what they share
   * @param title the title when opened (cut to {@link Incident#MAX_TITLE})
   * @param summary the first entry when opened
   * @param failing the failing tasks, task id to domain, at most {@link #MAX_TASKS_PER_CALL}
   * @param at when
   * @return the incident, as it is after the call
   */
  Incident joinOutage(String tenant, Incident.Cause cause, String title, String summary, Map<Long, String> failing,
      Instant at);

  /**
   * The engine saw these tasks recover: they stop failing in every active automatic incident that tracks them. An
   * incident left without failing tasks is resolved (author {@link IncidentUpdate#ENGINE}), unless a person set its
   * status: then it gets a timeline entry saying so and keeps its status.
   *
   * @param taskIds the recovered tasks, at most {@link #MAX_TASKS_PER_CALL}
   * @param at when
   * @return the incidents this call resolved, or told of a full recovery
   */
  List<Incident> recover(Collection<Long> taskIds, Instant at);

  /**
   * @param tenant a tenant
   * @param limit the most returned, 1 to {@link IncidentQuery#MAX_LIMIT}
   * @return the tenant's active automatic incidents that the engine still joins (newest first), for matching new
   *     failures to their causes
   */
  List<Incident> activeOutages(String tenant, int limit);

  // ------------------------------------------------------------------ shared by implementations, so both read alike

  /** @param tenant a tenant slug @return it @throws org.argos.api.InvalidValueException when blank or too long */
  static String checkTenant(String tenant) {
    if (tenant == null || tenant.isBlank() || tenant.length() > Incident.MAX_TENANT) {
      throw new org.argos.api.InvalidValueException("tenant: 1 to " + Incident.MAX_TENANT + " characters");
    }
    return tenant;
  }

  /**
   * @param domains affected domains
   * @return them, distinct and sorted
   * @throws org.argos.api.InvalidValueException beyond {@link #MAX_DOMAINS}, or for a blank or overlong one
   */
  static List<String> checkDomains(Collection<String> domains) {
    java.util.TreeSet<String> set = new java.util.TreeSet<>();
    int i = 0;
    for (String d : domains) {
      if (d == null || d.isBlank() || d.length() > PushHeartbeats.MAX_DOMAIN) {
        throw new org.argos.api.InvalidValueException("domains[" + i + "]: 1 to " + PushHeartbeats.MAX_DOMAIN
            + " characters");
      }
      set.add(d.strip());
      i++;
    }
    if (set.size() > MAX_DOMAINS) {
      throw new org.argos.api.InvalidValueException("domains: at most " + MAX_DOMAINS + ", got " + set.size());
    }
    return List.copyOf(set);
  }

  /** @param limit a timeline limit @throws IllegalArgumentException outside 1..{@link #MAX_TIMELINE} */
  static void checkTimelineLimit(int limit) {
    if (limit < 1 || limit > MAX_TIMELINE) {
      throw new IllegalArgumentException("a timeline read returns 1 to " + MAX_TIMELINE + " entries, asked " + limit);
    }
  }

  /** @param count tasks in one call @throws IllegalArgumentException beyond {@link #MAX_TASKS_PER_CALL} */
  static void checkTaskCount(int count) {
    if (count > MAX_TASKS_PER_CALL) {
      throw new IllegalArgumentException("at most " + MAX_TASKS_PER_CALL + " tasks per call, got " + count);
    }
  }

  /** @param title the engine's title @return it on one line, cut to {@link Incident#MAX_TITLE} */
  static String titleOf(String title) {
    String t = title.replaceAll("\\s+", " ").strip();
    return Incident.checkTitle(t.length() > Incident.MAX_TITLE ? t.substring(0, Incident.MAX_TITLE - 1) + "…" : t);
  }

  /** @param message the engine's message @return it cut to {@link IncidentUpdate#MAX_MESSAGE} */
  static String messageOf(String message) {
    String m = message.strip();
    return m.length() > IncidentUpdate.MAX_MESSAGE ? m.substring(0, IncidentUpdate.MAX_MESSAGE - 1) + "…" : m;
  }

  /** @param added domains newly affected @param total affected in all @return the timeline entry saying so */
  static String moreAffected(List<String> added, int total) {
    List<String> sorted = added.stream().sorted().toList();
    String listed = String.join(", ", sorted.subList(0, Math.min(10, sorted.size())))
        + (sorted.size() > 10 ? " and " + (sorted.size() - 10) + " more" : "");
    return messageOf((added.size() == 1 ? "1 more site affected: " : added.size() + " more sites affected: ") + listed
        + " (" + total + " in all)");
  }

  /** @param status a status a person set without a message @return the timeline entry */
  static String statusSet(IncidentStatus status) {
    return "Status set to " + status.label() + ".";
  }

  /** @param domains affected domains @return the entry of an incident the engine resolved */
  static String recoveredResolved(int domains) {
    return "Every affected site recovered (" + domains + (domains == 1 ? " site" : " sites") + "): resolved.";
  }

  /** @param domains affected domains @return the entry of an incident whose status a person set */
  static String recoveredKept(int domains) {
    return "Every affected site recovered (" + domains + (domains == 1 ? " site" : " sites")
        + "); the status stays as set by hand.";
  }
}
