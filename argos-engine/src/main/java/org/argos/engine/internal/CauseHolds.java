package org.argos.engine.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.store.OutboxEntry;
import org.jspecify.annotations.Nullable;

/**
 * Holds back the later alerts of a cause a channel was just told of. A mass outage fails its sites at their own slots,
 * over a whole period; the gathering window groups what fails within it, so without this a dead backend would be told
 * once per window ("10.0.0.5:443 — 78 sites critical", six times a minute). Once a channel is told a cause, alerts of
 * the same severity that share it wait until the hold ends (kept in the outbox, due again then), and go out together
 * in one follow-up per channel and severity naming the causes ("10.0.0.5:443 (422), 10.0.0.6:443 (411) — 833 more
 * sites critical"), which starts a new hold.
 *
 * <p>Only delivery's thread calls it. What it remembers is this node's: after a restart, or on another node, held
 * alerts come due and are grouped as usual. Bounded: causes told more than a hold ago are forgotten, and at most
 * {@link #MAX_HELD} alerts are held at once (beyond that they go out at once, as without a hold).
 */
final class CauseHolds {
  /** The most alerts held at once; beyond that, alerts are not held. */
  static final int MAX_HELD = 100_000;

  private record Told(String channel, Severity severity, String kind, String value) {}

  private final Duration hold;
  /** Causes told, with when, oldest first. */
  private final LinkedHashMap<Told, Instant> told = new LinkedHashMap<>();
  /** Alerts held back, until when. */
  private final Map<Long, Instant> held = new HashMap<>();

  /** @param hold how long a told cause holds its later alerts back; zero holds nothing */
  CauseHolds(Duration hold) {
    this.hold = hold;
  }

  /**
   * Remembers that a channel was told a cause, and of the causes a follow-up named.
   *
   * @param channel the channel
   * @param severity what it was told
   * @param cause the cause told
   * @param at when
   */
  void told(String channel, Severity severity, Notification.Cause cause, Instant at) {
    if (!hold.isZero()) {
      Told key = new Told(channel, severity, cause.kind(), cause.value());
      told.remove(key); // re-inserted last: the map stays in order of telling
      told.put(key, at);
    }
  }

  /**
   * @param entry an alert about to be bucketed
   * @param severity what it would be told as
   * @param channels the channels it is still owed to
   * @param causes what the alerts share
   * @return when it may go, if every channel it is owed to was told a cause it shares less than a hold ago; else null
   */
  @Nullable Instant holdUntil(OutboxEntry entry, Severity severity, Set<String> channels, Causes causes) {
    if (hold.isZero() || channels.isEmpty() || held.size() >= MAX_HELD || held.containsKey(entry.alert().id())) {
      return null; // an alert held once goes when it comes due, with the follow-up
    }
    Instant until = null;
    for (String channel : channels) {
      Instant end = null;
      for (Map.Entry<Told, Instant> t : told.entrySet()) {
        Told k = t.getKey();
        if (k.channel().equals(channel) && k.severity() == severity
            && causes.shares(entry, severity, k.kind(), k.value())) {
          Instant e = t.getValue().plus(hold);
          end = end == null || e.isAfter(end) ? e : end;
        }
      }
      if (end == null) {
        return null; // a channel that has not heard of its cause hears of it now
      }
      until = until == null || end.isAfter(until) ? end : until;
    }
    held.put(entry.alert().id(), until);
    return until;
  }

  /** @return true when this alert comes back from a hold (it goes in its channel's follow-up) */
  boolean returning(long alertId) {
    return held.containsKey(alertId);
  }

  /** The alert was sent or given up on: forget it. */
  void released(long alertId) {
    held.remove(alertId);
  }

  /** @return how many alerts are held */
  int heldCount() {
    return held.size();
  }

  /**
   * Forgets causes told more than a hold ago, and alerts held long past their end (another node sent them).
   *
   * @param now the current time
   */
  void newRound(Instant now) {
    Instant before = now.minus(hold);
    held.values().removeIf(until -> until.isBefore(before.minus(Duration.ofHours(1))));
    for (Iterator<Map.Entry<Told, Instant>> it = told.entrySet().iterator(); it.hasNext(); ) {
      if (!it.next().getValue().isBefore(before)) {
        break; // in order of telling: the rest are newer
      }
      it.remove();
    }
  }
}
