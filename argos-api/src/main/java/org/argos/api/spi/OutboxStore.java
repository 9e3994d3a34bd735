package org.argos.api.spi;

import java.time.Instant;
import java.util.List;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.StateChange;

/**
 * The alert outbox: alerts are written with the state change that caused them, then drained by the delivery loop,
 * so each alert is delivered once per channel even with several nodes and across crashes.
 */
public interface OutboxStore {
  /**
   * Adds an alert not caused by a result (for example no agent reported).
   *
   * @param kind why
   * @param change what it is about
   * @return the stored alert
   */
  Alert enqueue(AlertKind kind, StateChange change);

  /**
   * Claims pending alerts whose next attempt is due, oldest first; a claim expires at {@code leaseUntil}.
   *
   * @param node the claiming node
   * @param now the current time
   * @param limit how many at most
   * @param leaseUntil when the claim expires
   * @return the entries
   */
  List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil);

  /**
   * Records that one channel received the alert.
   *
   * @param alertId the alert
   * @param channel the channel
   */
  void delivered(long alertId, String channel);

  /**
   * Marks the alert done: every channel received it, or it was given up on.
   *
   * @param alertId the alert
   * @param at when
   */
  void done(long alertId, Instant at);

  /**
   * Schedules another attempt and releases the claim.
   *
   * @param alertId the alert
   * @param nextAttemptAt when to try again
   * @param error the last error, for people
   */
  void retryLater(long alertId, Instant nextAttemptAt, String error);

  /** @return alerts not yet done */
  long pendingAlerts();
}
