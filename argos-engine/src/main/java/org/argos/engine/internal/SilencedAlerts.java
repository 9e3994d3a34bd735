package org.argos.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Severity;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.TaskState;
import org.argos.api.TaskStatus;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What silences (maintenance windows) change about alerts, for {@link Delivery}: an alert a silence covers is not
 * sent; the alert that follows a silence of its task tells the change from what receivers last heard; and when a
 * silence ends, each task it kept from receivers that still fails is told once. Used by the delivery thread only.
 */
final class SilencedAlerts {
  private static final Logger LOG = LoggerFactory.getLogger(SilencedAlerts.class);
  /** How often delivery looks for failures that silences kept from receivers, besides when a silence ends. */
  static final Duration WITHHELD_LOOK = Duration.ofSeconds(30);

  private final Store store;
  private final Clock clock;
  private final EngineMeters meters;
  private final SilenceBook silences;
  private final Runnable enqueued;
  private final Predicate<String> heldByParent;
  private Set<Silence> activeSilences = Set.of(); // the silences active at the last look
  private final Map<Long, Silence> coveredBy = new HashMap<>(); // withheld tasks still covered, by the silence
  private final Set<Long> recoveredWithheld = new HashSet<>(); // withheld tasks found recovered
  private long nextWithheldLookNanos = System.nanoTime(); // the first round looks
  /** Alerts this node enqueued when a window ended, not yet grouped: each channel gets them as one summary. */
  private final Set<Long> toldAtWindowEnd = new HashSet<>();

  /**
   * @param store the outbox and the tasks' state
   * @param clock time
   * @param meters counts silenced alerts
   * @param silences the silences
   * @param enqueued told when an alert was put in the outbox
   * @param heldByParent whether a domain's alerts are held now because the site it depends on is down
   */
  SilencedAlerts(Store store, Clock clock, EngineMeters meters, SilenceBook silences, Runnable enqueued,
      Predicate<String> heldByParent) {
    this.heldByParent = heldByParent;
    this.store = store;
    this.clock = clock;
    this.meters = meters;
    this.silences = silences;
    this.enqueued = enqueued;
  }

  /**
   * When a silence ends (or is deleted), each task whose alert it kept from receivers and that still fails is told as
   * a change from what receivers last heard, once across nodes (the store's {@link Store#endSilence} is the claim). A
   * task that recovered meanwhile is told nothing. Looks when a silence active at the last round no longer is, at the
   * first round, and every {@link #WITHHELD_LOOK} (alerts of a silence's window may be claimed after it ended, and
   * other nodes' deletions are seen through the store).
   */
  void tellWhatEndedSilencesKept() {
    Instant now = clock.instant();
    Set<Silence> active = new HashSet<>();
    for (Silence s : silences.current()) {
      if (s.activeAt(now)) { // a recurring silence: each of its windows ends like a one-shot one
        active.add(s);
      }
    }
    boolean ended = !active.containsAll(activeSilences); // ended, deleted, or replaced by another window
    activeSilences = active;
    if (!ended && System.nanoTime() - nextWithheldLookNanos < 0) {
      return;
    }
    nextWithheldLookNanos = System.nanoTime() + WITHHELD_LOOK.toNanos();
    if (ended) {
      coveredBy.clear();
      recoveredWithheld.clear();
    }
    Map<Long, Severity> withheld = store.withheldTasks(10_000);
    coveredBy.keySet().retainAll(withheld.keySet());
    recoveredWithheld.retainAll(withheld.keySet());
    Map<String, Optional<Site>> sites = new HashMap<>();
    for (var w : withheld.entrySet()) {
      long taskId = w.getKey();
      Severity told = w.getValue();
      Silence covering = coveredBy.get(taskId);
      if ((covering != null && active.contains(covering)) || recoveredWithheld.contains(taskId)) {
        continue; // settled at an earlier look and no silence ended since: not read again
      }
      Optional<TaskStatus> task = store.task(taskId);
      TaskState state = task.map(TaskStatus::state).orElse(null);
      if (task.isEmpty() || state == null) {
        store.endSilence(taskId, told, null); // the task is gone: nothing to tell
        continue;
      }
      TaskStatus t = task.get();
      covering = null;
      for (Silence s : active) {
        Site site = s.tag() == null ? null : sites.computeIfAbsent(t.domain(), store::site).orElse(null);
        if (s.covers(site, t.domain(), now)) {
          covering = s;
          break;
        }
      }
      if (covering != null) {
        coveredBy.put(taskId, covering); // another silence still covers it
        continue;
      }
      if (heldByParent.test(t.domain())) {
        continue; // the site it depends on is still down: told when that one recovers
      }
      Severity current = state.severity();
      if (current == Severity.OK) {
        recoveredWithheld.add(taskId); // recovered meanwhile: nothing is sent (a later failure is told as usual)
        continue;
      }
      if (current == told) {
        store.endSilence(taskId, told, null); // receivers already know it fails this way
        continue;
      }
      StateChange change = new StateChange(taskId, t.domain(), t.url(), t.method(), t.ipVersion(), t.check(), told,
          current, now, state.message(), 0);
      store.endSilence(taskId, told, change).ifPresent(a -> {
        if (toldAtWindowEnd.size() < 10_000) { // bounded: past it, alerts are grouped by severity as usual
          toldAtWindowEnd.add(a.id());
        }
        LOG.info("alert {} for {}: the silence ended and it still fails; told as a change from {}", a.id(), t.url(),
            told.label());
        enqueued.run();
      });
    }
  }

  /** Looks for what is still withheld at the next round (a site others depend on has recovered). */
  void lookSoon() {
    nextWithheldLookNanos = System.nanoTime();
  }

  /** @return true when the alert is one this node enqueued as a window ended, not grouped yet */
  boolean toldAtWindowEnd(long alertId) {
    return toldAtWindowEnd.contains(alertId);
  }

  /** @param alertId an alert that was grouped into messages (a retry is grouped by severity as usual) */
  void windowEndGrouped(long alertId) {
    toldAtWindowEnd.remove(alertId);
  }

  /**
   * What to tell about an alert that follows a silence of its task: receivers who heard nothing of a failure get it as
   * the failure it is (a reminder becomes a state change from what they last heard), and nothing of its recovery.
   *
   * @return the alert to send (the same one when nothing was silenced), or null to send nothing
   */
  @Nullable Alert afterSilence(Alert a, @Nullable Severity told) {
    StateChange c = a.change();
    if (told == null || c.taskId() <= 0 || a.kind() == AlertKind.NO_AGENT) {
      return a;
    }
    if (told == c.current()) {
      if (told == Severity.OK) {
        meters.alertSilenced();
        LOG.info("alert {} for {}: a recovery from a failure that was silenced, not sent", a.id(), c.url());
        return null;
      }
      return a;
    }
    if (a.kind() == AlertKind.STATE_CHANGE && told == c.previous()) {
      return a;
    }
    LOG.info("alert {} for {}: sent as a change from {} (what receivers last heard, before a silence)", a.id(), c.url(),
        told.label());
    return new Alert(a.id(), AlertKind.STATE_CHANGE, new StateChange(c.taskId(), c.domain(), c.url(), c.method(),
        c.ipVersion(), c.check(), told, c.current(), c.at(), c.message(), c.resultId()));
  }

  /** @return true when an active silence covers the alert (it is then not sent) */
  boolean covered(@Nullable Site site, Alert a) {
    for (Silence s : silences.current()) {
      // the alert's own time decides: a change during the window stays silent even if delivered after it
      if (s.covers(site, a.change().domain(), a.change().at())) {
        meters.alertSilenced();
        LOG.info("alert {} for {} silenced by '{}' ({})", a.id(), a.change().url(), s.id(), s.reason());
        return true;
      }
    }
    return false;
  }
}
